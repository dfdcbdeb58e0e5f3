"""Caching for a site that runs on several app nodes sharing one Redis.

Three pieces live here:

* ``TolerantRedisCache``: Django's ``RedisCache`` raises when Redis is unreachable, which would
  turn every page into a 500. This wrapper logs once, treats Redis as empty for a few seconds
  (a small circuit breaker, so a dead Redis costs one failed connect per few seconds and per
  process rather than one per cache call) and lets pages render from the database.
* ``CachedPageMiddleware``: answers anonymous GETs of pages already in the CMS page cache before
  sessions, authentication, the CMS toolbar and the current-page lookup run. The CMS's own
  cache hit (in ``cms.views.details``) only happens after all of those, and the first hit in a
  process looks up the ``Site`` row, so a page served from the cache still needed the database.
  The key is built exactly the way ``cms.cache.page._page_cache_key`` builds it (a test pins the
  equality), without touching the database, so cached pages keep answering when PostgreSQL is
  down and a hit costs three Redis round trips and no SQL.
* ``VaryHeaderMiddleware``: django CMS stores cached pages with an empty ``Vary`` value, and the
  middlewares then append to it, giving ``Vary: , Accept-Language, Cookie``. Proxies and CDNs
  may refuse to cache such a response, so the header is normalised on the way out.
"""

import functools
import hashlib
import logging
import re
import threading
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.encoding import iri_to_uri
from django.utils.timezone import now
from django.utils.translation import get_language_from_path

logger = logging.getLogger("carbonsite.cache")

try:  # redis is a production dependency; development and tests on SQLite run without it.
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import RedisError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    REDIS_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)
except ImportError:  # pragma: no cover
    REDIS_ERRORS = (OSError,)
    RedisError = OSError

_MISSING = object()
CACHE_CONTROL_MAX_AGE = re.compile(r"max-age=\d+")


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client, but one ``redis.Redis`` object per connection pool instead of per call.

    Django builds a new ``redis.Redis`` for every cache operation; with redis-py 8 that fills
    a table of about 170 response callbacks each time, which profiling showed to be a third of
    the CPU time of a cached page (see docs/performance.md). A ``redis.Redis`` on a connection
    pool is safe to share between threads, and the pools are already per process.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class TrackedKeys:
    """A per-process copy of a few hot Redis keys, kept exact by Redis's invalidation messages.

    Redis (6 and later) can remember which keys a connection read and tell another connection
    the moment any of them changes (``CLIENT TRACKING ... REDIRECT``). The fast path reads the
    CMS page-cache version, the vary list and the page through one tracked connection and keeps
    the raw bytes here; before every lookup the invalidation connection is drained without
    blocking, so a publish on any node drops the copies on every node before their next
    request is answered. A cache hit then costs no round trip at all. If either connection
    breaks, everything kept is dropped and the next lookup reconnects.
    """

    channel = "__redis__:invalidate"

    def __init__(self, location, max_entries=4096):
        import redis
        from redis.maint_notifications import MaintNotificationsConfig

        self.connection_kwargs = {
            **redis.ConnectionPool.from_url(location).connection_kwargs,
            # RESP2 so invalidations arrive as ordinary Pub/Sub messages on the listener.
            "protocol": 2,
            "maint_notifications_config": MaintNotificationsConfig(enabled=False),
            "socket_timeout": 0.5,
            "socket_connect_timeout": 0.5,
        }
        self.max_entries = max_entries
        self.values = {}
        self.reader = self.listener = None
        self.lock = threading.Lock()

    def _connect(self):
        import redis

        listener = redis.Connection(**self.connection_kwargs)
        listener.send_command("CLIENT", "ID")
        client_id = listener.read_response()
        listener.send_command("SUBSCRIBE", self.channel)
        listener.read_response()
        reader = redis.Connection(**self.connection_kwargs)
        reader.send_command("CLIENT", "TRACKING", "ON", "REDIRECT", client_id)
        reader.read_response()
        self.listener, self.reader, self.listener_id = listener, reader, client_id

    def reset(self):
        for connection in (self.reader, self.listener):
            if connection is not None:
                connection.disconnect()
        self.reader = self.listener = None
        self.values.clear()

    def _drain(self):
        while self.listener.can_read(timeout=0):
            message = self.listener.read_response()
            if not isinstance(message, list) or len(message) < 3 or message[0] != b"message":
                continue
            keys = message[2]
            if keys is None:  # FLUSHDB / FLUSHALL: everything may have changed
                self.values.clear()
            else:
                for key in keys:
                    self.values.pop(key.decode() if isinstance(key, bytes) else key, None)

    def get_many(self, keys):
        """Raw values (bytes or None) of the full Redis ``keys``, from memory when exact."""
        with self.lock:
            try:
                return self._get_many(keys)
            except REDIS_ERRORS:
                # A connection kept from before may have been closed (a Redis restart, an
                # idle timeout): start again once with new ones before reporting Redis down.
                self.reset()
            try:
                return self._get_many(keys)
            except BaseException:
                self.reset()
                raise

    def _get_many(self, keys):
        if self.listener is None:
            self._connect()
        self._drain()
        missing = [key for key in keys if key not in self.values]
        if missing:
            self.reader.send_command("MGET", *missing)
            found = self.reader.read_response()
            if len(self.values) + len(missing) > self.max_entries:
                self.values.clear()
            self.values.update(zip(missing, found, strict=True))
        return [self.values[key] for key in keys]


class TolerantRedisCache(RedisCache):
    """A Redis cache that degrades to "always empty" while Redis is unreachable."""

    #: Seconds to skip Redis after a connection error before trying again.
    retry_after = 5.0

    def __init__(self, server, params):
        # Our options are taken out of a copy: Django passes the same settings dict to the
        # instance of every thread, and redis-py must not see them.
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", self.retry_after))
        track = options.pop("TRACK_HOT_KEYS", False)
        super().__init__(server, {**params, "OPTIONS": options})
        self._down_until = 0.0
        self._class = ReusingRedisCacheClient
        self._tracked = TrackedKeys(self._servers[0]) if track else None

    def ping(self):
        """Raise if Redis cannot be reached; used by the health check, which must not degrade."""
        self._cache.get_client(write=True).ping()

    @property
    def is_down(self):
        return time.monotonic() < self._down_until

    def _guard(self, method, fallback, *args, **kwargs):
        if self.is_down:
            return fallback() if callable(fallback) else fallback
        try:
            return method(*args, **kwargs)
        except REDIS_ERRORS as exc:
            self._down_until = time.monotonic() + self.retry_after
            logger.warning(
                "Redis cache unavailable, serving without it for %.0f s: %s",
                self.retry_after,
                exc,
                extra={"event": "cache_unavailable"},
            )
            return fallback() if callable(fallback) else fallback

    def get_versioned_many(self, *pairs):
        """Values of several ``(key, version)`` pairs in one round trip; None where missing.

        With ``TRACK_HOT_KEYS`` the values come from the process's tracked copy (no round trip
        while nothing changed); see ``TrackedKeys``.
        """
        keys = [self.make_and_validate_key(key, version=version) for key, version in pairs]

        def fetch():
            if self._tracked is not None:
                try:
                    raw = self._tracked.get_many(keys)
                except REDIS_ERRORS:
                    raise
                except RedisError as exc:  # e.g. a server without CLIENT TRACKING
                    logger.warning("Key tracking unavailable, reading Redis each time: %s", exc)
                    self._tracked = None
                else:
                    loads = self._cache._serializer.loads
                    return [None if value is None else loads(value) for value in raw]
            found = self._cache.get_many(keys)
            return [found.get(key) for key in keys]

        return self._guard(fetch, lambda: [None] * len(keys))

    def get(self, key, default=None, version=None):
        return self._guard(super().get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self._guard(super().get_many, dict, keys, version)

    def has_key(self, key, version=None):
        return self._guard(super().has_key, False, key, version)

    def add(self, key, value, timeout=_MISSING, version=None):
        timeout = self.default_timeout if timeout is _MISSING else timeout
        return self._guard(super().add, False, key, value, timeout, version)

    def set(self, key, value, timeout=_MISSING, version=None):
        timeout = self.default_timeout if timeout is _MISSING else timeout
        return self._guard(super().set, None, key, value, timeout, version)

    def set_many(self, data, timeout=_MISSING, version=None):
        timeout = self.default_timeout if timeout is _MISSING else timeout
        return self._guard(super().set_many, lambda: list(data), data, timeout, version)

    def touch(self, key, timeout=_MISSING, version=None):
        timeout = self.default_timeout if timeout is _MISSING else timeout
        return self._guard(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guard(super().delete, False, key, version)

    def delete_many(self, keys, version=None):
        return self._guard(super().delete_many, None, keys, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key {key!r} not found (cache unavailable).")

        return self._guard(super().incr, missing, key, delta, version)

    def clear(self):
        return self._guard(super().clear, False)


def cms_page_cache_key(request, vary_on=None):
    """The CMS page-cache key for ``request``, computed without the database.

    Mirrors ``cms.cache.page._page_cache_key``: the site comes from ``SITE_ID`` and the
    language from the URL prefix (English has none), as ``LocaleMiddleware`` decides it with
    ``prefix_default_language=False``.
    """
    from cms.cache.page import _vary_on_hash
    from cms.utils.helpers import get_timezone_name

    timezone_name = get_timezone_name() if settings.USE_TZ else None
    key = _path_key(request.get_full_path(), request.path_info, timezone_name)
    return key + f".{_vary_on_hash(request, vary_on or [])}"


@functools.lru_cache(maxsize=4096)
def _path_key(full_path, path_info, timezone_name):
    """The part of the key that depends on the URL only; memoised, as it repeats per page."""
    from cms.utils.conf import get_cms_setting

    language = get_language_from_path(path_info) or settings.LANGUAGE_CODE
    path_hash = hashlib.sha1(iri_to_uri(full_path).encode("utf-8")).hexdigest()  # noqa: S324
    key = f"{get_cms_setting('CACHE_PREFIX')}:{settings.SITE_ID:d}:{language}:{path_hash}"
    return key if timezone_name is None else f"{key}.{timezone_name}"


_last_version = {"value": None}


def cached_cms_page(request):
    """Return ``(content, headers, expires, xframe_exempt)`` from the CMS page cache, or None.

    On Redis this is one round trip in the steady state: the CMS keeps a version number in the
    cache and bumps it on every publish, so the version key is read in the same ``MGET`` as the
    page keys built with the version seen last. If the version has moved, the page keys are
    read again with the new one, so a publish on any node is seen at once.
    """
    from cms.cache import CMS_PAGE_CACHE_VERSION_KEY
    from django.core.cache import cache

    base = cms_page_cache_key(request)
    vary_key = base + ".vary-on"
    if hasattr(cache, "get_versioned_many"):
        guess = _last_version["value"] or 1
        version, vary_on, entry = cache.get_versioned_many(
            (CMS_PAGE_CACHE_VERSION_KEY, None), (vary_key, guess), (base, guess)
        )
        if not version:
            return None
        if version != guess:
            _last_version["value"] = version
            vary_on, entry = cache.get_versioned_many((vary_key, version), (base, version))
        if vary_on:
            entry = cache.get(cms_page_cache_key(request, vary_on), version=version)
        return entry

    version = cache.get(CMS_PAGE_CACHE_VERSION_KEY)
    if not version:
        return None
    vary_on = cache.get(vary_key, version=version)
    key = base if not vary_on else cms_page_cache_key(request, vary_on)
    return cache.get(key, version=version)


class CachedPageMiddleware:
    """Serve anonymous GETs of cached CMS pages before anything touches the database."""

    # Query parameters that switch the CMS toolbar or edit modes on: never served from here.
    toolbar_params = ("edit", "structure", "preview", "toolbar_on", "toolbar_off")

    def __init__(self, get_response):
        self.get_response = get_response
        self.session_cookie = settings.SESSION_COOKIE_NAME
        self.admin_prefix = "/admin/"

    def eligible(self, request):
        if request.method != "GET":
            return False
        if self.session_cookie in request.COOKIES:
            return False  # possibly an editor: the CMS decides what they see
        if request.path_info.startswith(self.admin_prefix) or "/admin/" in request.path_info:
            return False
        return not any(param in request.GET for param in self.toolbar_params)

    def __call__(self, request):
        from cms.utils.conf import get_cms_setting

        if get_cms_setting("PAGE_CACHE") and self.eligible(request):
            entry = cached_cms_page(request)
            if entry is not None:
                return self.response_from(entry)
        return self.get_response(request)

    def response_from(self, entry):
        """Rebuild the response exactly as ``cms.views.details`` does for its own cache hit."""
        content, headers, expires, *rest = entry
        xframe_exempt = rest[0] if rest else True
        response = HttpResponse(content)
        response.headers = headers
        max_age = max(int((expires - now()).total_seconds() + 0.5), 0)
        if CACHE_CONTROL_MAX_AGE.fullmatch(headers.get("Cache-Control", "")):
            headers["Cache-Control"] = f"max-age={max_age}"  # what the CMS itself stores
        else:
            patch_cache_control(response, max_age=max_age)
        # The inner middlewares are skipped: replay what they add to an anonymous page.
        if not xframe_exempt and "X-Frame-Options" not in headers:
            headers["X-Frame-Options"] = getattr(settings, "X_FRAME_OPTIONS", "DENY")
        vary = headers.get("Vary", "")
        headers["Vary"] = f"{vary}, Accept-Language, Cookie" if vary else "Accept-Language, Cookie"
        return response


def normalise_vary(value):
    """``", Accept-Language, cookie, Cookie"`` becomes ``"Accept-Language, cookie"``."""
    seen, parts = set(), []
    for part in value.split(","):
        part = part.strip()
        if part and part.lower() not in seen:
            seen.add(part.lower())
            parts.append(part)
    return ", ".join(parts)


class VaryHeaderMiddleware:
    """Drop empty and repeated entries from ``Vary`` (it must run outermost to see them all)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Vary"):
            value = normalise_vary(response["Vary"])
            if value:
                response["Vary"] = value
            else:
                del response["Vary"]
        return response
