"""The cached-page fast path, the Vary fix, the tolerant Redis cache and the health check."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from carbonsite.caching import TolerantRedisCache, cms_page_cache_key, normalise_vary

from . import stack

PERU = "/implementation-agreements/peru/"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (", Accept-Language, Cookie", "Accept-Language, Cookie"),
        ("Cookie,cookie, ,Accept-Language", "Cookie, Accept-Language"),
        (" , ", ""),
    ],
)
def test_vary_is_normalised(raw, clean):
    assert normalise_vary(raw) == clean


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", PERU, "/faq/?page=2", "/en/faq/"])
def test_fast_path_key_is_the_cms_page_cache_key(path):
    from cms.cache.page import _page_cache_key

    request = RequestFactory().get(path)
    request.LANGUAGE_CODE = "en"
    assert cms_page_cache_key(request) == _page_cache_key(request)
    assert cms_page_cache_key(request, ["Accept"]) == _page_cache_key(request, ["Accept"])


@pytest.mark.django_db
def test_cached_page_is_served_without_sql_and_stays_cacheable(demo_site, client):
    from django.contrib.sites.models import SITE_CACHE

    first = client.get(PERU)
    assert first.status_code == 200
    SITE_CACHE.clear()  # as in a freshly started worker, where the CMS's own hit reads the site
    with CaptureQueriesContext(connection) as queries:
        second = client.get(PERU)
    assert second.status_code == 200
    assert len(queries) == 0, [query["sql"] for query in queries]
    assert second.content == first.content
    for response in (first, second):
        assert response["Vary"] == "Accept-Language, Cookie"
        assert not response.cookies, "anonymous pages must set no cookie"
        assert "max-age=" in response["Cache-Control"]
        assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_logged_in_editors_never_get_the_anonymous_copy(demo_site, client, django_user_model):
    client.get(PERU)  # cached for anonymous visitors
    client.force_login(django_user_model.objects.get(username="admin"))
    response = client.get(PERU)
    assert response.status_code == 200
    assert b"cms-toolbar" in response.content
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]


def _redis_cache(location, prefix):
    return TolerantRedisCache(
        location,
        {"KEY_PREFIX": prefix, "OPTIONS": {"socket_connect_timeout": 0.5, "RETRY_AFTER": 60}},
    )


def test_tolerant_cache_degrades_when_redis_is_unreachable(caplog):
    cache = _redis_cache(f"redis://127.0.0.1:{stack.free_port()}/5", stack.redis_prefix())
    assert cache.get("page", "fallback") == "fallback"
    assert cache.set("page", "html") is None
    assert cache.add("page", "html") is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.delete("page") is False
    with pytest.raises(ValueError):
        cache.incr("counter")
    assert cache.is_down
    assert "Redis cache unavailable" in caplog.text
    assert caplog.text.count("Redis cache unavailable") == 1, "logged once, then skipped"
    with pytest.raises(Exception):  # noqa: B017 - the health check sees the real error
        cache.ping()


def test_tolerant_cache_works_on_the_real_redis():
    if not stack.redis_available():
        pytest.skip(f"Redis is not reachable at {stack.REDIS_SERVER}; start it with .ci/run")
    prefix = stack.redis_prefix()
    cache = _redis_cache(stack.REDIS_SERVER, prefix)
    try:
        cache.set("page", {"html": "<p>ok</p>"}, 30)
        assert cache.get("page") == {"html": "<p>ok</p>"}
        assert cache.add("page", "other") is False
        assert cache.add("page-count", 1) is True
        assert cache.incr("page-count") == 2
        cache.ping()
        assert not cache.is_down
    finally:
        stack.flush_redis_prefix(prefix)


def test_caches_setting_is_the_local_memory_cache_in_tests():
    # The production tests start their own servers; the in-process suite keeps locmem.
    assert caches["default"].__class__.__name__ == "LocMemCache"


def test_tracked_keys_see_a_write_from_another_client_at_once():
    if not stack.redis_available():
        pytest.skip(f"Redis is not reachable at {stack.REDIS_SERVER}; start it with .ci/run")
    import redis

    prefix = stack.redis_prefix()
    cache = TolerantRedisCache(
        stack.REDIS_SERVER, {"KEY_PREFIX": prefix, "OPTIONS": {"TRACK_HOT_KEYS": True}}
    )
    other = redis.Redis.from_url(stack.REDIS_SERVER)
    try:
        cache.set("version", 7)
        cache.set("page", "first", version=7)
        assert cache.get_versioned_many(("version", None), ("page", 7)) == [7, "first"]
        assert cache._tracked.values, "the values are now kept in the process"
        # Another node publishes: it writes through its own connection.
        other.set(f"{prefix}:7:page", cache._cache._serializer.dumps("second"))
        assert cache.get_versioned_many(("version", None), ("page", 7)) == [7, "second"]
        other.delete(f"{prefix}:1:version")
        assert cache.get_versioned_many(("version", None), ("page", 7)) == [None, "second"]
    finally:
        stack.flush_redis_prefix(prefix)
        other.close()


def test_tracked_keys_never_serve_a_copy_once_invalidations_stop_arriving():
    if not stack.redis_available():
        pytest.skip(f"Redis is not reachable at {stack.REDIS_SERVER}; start it with .ci/run")
    import redis

    prefix = stack.redis_prefix()
    cache = TolerantRedisCache(
        stack.REDIS_SERVER, {"KEY_PREFIX": prefix, "OPTIONS": {"TRACK_HOT_KEYS": True}}
    )
    other = redis.Redis.from_url(stack.REDIS_SERVER)
    try:
        cache.set("page", "first")
        assert cache.get_versioned_many(("page", None)) == ["first"]
        # The connection that receives invalidations is cut (as by a Redis restart) ...
        other.execute_command("CLIENT", "KILL", "ID", cache._tracked.listener_id)
        # ... and the page changes meanwhile: the kept copy must not be served.
        other.set(f"{prefix}:1:page", cache._cache._serializer.dumps("second"))
        assert cache.get_versioned_many(("page", None)) == ["second"]
        assert not cache.is_down, "a reconnect is not an outage"
    finally:
        stack.flush_redis_prefix(prefix)
        other.close()
