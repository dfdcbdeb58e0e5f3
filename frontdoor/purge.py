"""Purge the front doors after a change, so the next request renders it.

nginx keeps each anonymous answer until the end of a second at most (``middleware``), but under
load it serves an expired copy while one request refreshes it (``proxy_cache_use_stale
updating``), so on a slow machine a visitor could see the page from before a publish for as
long as a render takes. After a publish, unpublish or data change commits, the app therefore
removes every copy the front doors hold: nginx then has no copy to serve (a purged entry is a
MISS; ``proxy_cache_lock`` makes the other requests wait for the one render).

Which copies: the installed ngx_cache_purge (Debian's libnginx-mod-http-cache-purge 2.3) purges
one exact key per request and has no wildcard, so Django records the key of every answer it lets
nginx keep (nginx sends it as ``X-Carbonsite-Cache-Key``) in a Redis sorted set shared by the
nodes, and a purge sends one ``PURGE`` per key recorded within ``KEEP_SECONDS`` to every front
door in ``FRONTDOOR_PURGE_URLS``. An entry nginx still holds was stored by a render recorded
since it was last read (nginx drops entries unread for 10 minutes), so the set names them all.

A render that began before the change and finishes after the purge would store the old page
again. Every change bumps a generation number in Redis twice, inside its transaction and after
the commit, before purging; a render compares the generation at its start and end, and a render
that saw it move is not kept (``X-Accel-Expires: 0``).

Nothing here may fail a publish: a front door that is down, slow or refuses is logged and
skipped, and so is Redis. What a lost purge leaves behind is the micro-cache's own bound: the
copy expires within its second and is refreshed by the next request.
"""

import http.client
import logging
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

#: How long a recorded key is purged for: longer than nginx keeps an unread entry
#: (``inactive=10m`` in deploy/nginx/carbonsite.conf.template).
KEEP_SECONDS = 15 * 60
#: The newest keys purged at most per change; older ones are left to the one-second bound.
MAX_KEYS = 20_000
KEY_HEADER = "X-Carbonsite-Cache-Key"
PURGE_KEY_HEADER = "X-Carbonsite-Purge-Key"


def enabled():
    return bool(settings.FRONTDOOR_PURGE_URLS)


def _redis():
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def _names():
    return cache.make_key("frontdoor:cached-keys"), cache.make_key("frontdoor:generation")


def generation():
    """The current change generation, or None when purging is off or Redis cannot tell."""
    if not enabled():
        return None
    try:
        value = _redis().get(_names()[1])
    except Exception:  # Redis down or not Redis: the micro-cache's bound applies
        logger.warning("Front-door purge: could not read the change generation", exc_info=True)
        return None
    return int(value or 0)


def record(key, started_generation):
    """Record ``key`` as kept by nginx; False if a change happened while it rendered.

    One round trip: add the key, drop keys older than ``KEEP_SECONDS``, read the generation.
    """
    keys, generation_name = _names()
    now = time.time()
    try:
        pipe = _redis().pipeline(transaction=False)
        pipe.zadd(keys, {key: now})
        pipe.zremrangebyscore(keys, "-inf", now - KEEP_SECONDS)
        pipe.get(generation_name)
        *_, current = pipe.execute()
    except Exception:
        logger.warning("Front-door purge: could not record %s", key, exc_info=True)
        return True
    return int(current or 0) == started_generation


def mark_change():
    """Move the generation on: renders running now will not be kept."""
    if not enabled():
        return
    try:
        _redis().incr(_names()[1])
    except Exception:
        logger.warning("Front-door purge: could not mark a change", exc_info=True)


def recorded_keys():
    keys = _names()[0]
    now = time.time()
    return [
        key.decode("latin-1")
        for key in _redis().zrevrangebyscore(keys, "+inf", now - KEEP_SECONDS, 0, MAX_KEYS)
    ]


def purge_front_doors():
    """Remove every recorded page from every front door; return ``{url: purged count}``.

    Call it after the change has committed. Never raises.
    """
    if not enabled():
        return {}
    mark_change()
    try:
        keys = recorded_keys()
    except Exception:
        logger.error(
            "Front-door purge skipped: Redis unavailable",
            exc_info=True,
            extra={"event": "frontdoor_purge_failed"},
        )
        return {}
    return {url: purge_keys(url, keys) for url in settings.FRONTDOOR_PURGE_URLS}


def purge_keys(url, keys, *, timeout=None):
    """Send one ``PURGE`` per key to the purge server at ``url``; return how many were purged.

    Stops at the first failure (down, slow, refusing): the remaining copies on that node expire
    within their second.
    """
    timeout = settings.FRONTDOOR_PURGE_TIMEOUT if timeout is None else timeout
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    started, purged = time.monotonic(), 0
    try:
        for key in keys:
            connection.request("PURGE", parts.path or "/", headers={PURGE_KEY_HEADER: key})
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                purged += 1
            elif response.status != 404:  # 404: not in this node's cache
                raise OSError(f"answered {response.status} for {key}")
    except (OSError, http.client.HTTPException) as error:
        logger.error(
            "Front-door purge at %s failed after %d of %d keys: %s; the rest expire within "
            "their second",
            url,
            purged,
            len(keys),
            error,
            extra={"event": "frontdoor_purge_failed", "url": url},
        )
    else:
        logger.info(
            "Front-door purge at %s: %d of %d recorded pages were cached, purged in %.0f ms",
            url,
            purged,
            len(keys),
            (time.monotonic() - started) * 1000,
        )
    finally:
        connection.close()
    return purged
