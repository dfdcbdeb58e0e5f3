"""Django's side of caching in production: editors never share the anonymous copy, the health
check, and django-redis riding out a Redis outage (pages are cached by nginx, tests/frontdoor/)."""

import pytest
from django.core.cache import caches
from django_redis.cache import RedisCache

from . import stack

PERU = "/implementation-agreements/peru/"


@pytest.mark.django_db
def test_logged_in_editors_never_get_the_anonymous_copy(demo_site, client, django_user_model):
    anonymous = client.get(PERU)
    assert anonymous["X-Accel-Expires"].startswith("@")
    client.force_login(django_user_model.objects.get(username="admin"))
    response = client.get(PERU)
    assert response.status_code == 200
    assert b"cms-toolbar" in response.content
    assert response["X-Accel-Expires"] == "0"
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]


def _redis_cache(location, prefix):
    """The production cache configuration (production.py) on ``location``."""
    return RedisCache(
        location,
        {
            "KEY_PREFIX": prefix,
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
            },
        },
    )


def test_the_cache_reads_as_empty_while_redis_is_unreachable():
    cache = _redis_cache(f"redis://127.0.0.1:{stack.free_port()}/5", stack.redis_prefix())
    assert cache.get("page", "fallback") == "fallback"
    assert not cache.set("page", "html")
    assert cache.get_many(["a", "b"]) == {}
    assert not cache.delete("page")


def test_the_production_cache_works_on_the_real_redis():
    if not stack.redis_available():
        pytest.skip(f"Redis is not reachable at {stack.REDIS_SERVER}; start it with .ci/run")
    prefix = stack.redis_prefix()
    cache = _redis_cache(stack.REDIS_SERVER, prefix)
    try:
        cache.set("session", {"user": 1}, 30)
        assert cache.get("session") == {"user": 1}
        assert cache.add("session", "other") is False
    finally:
        stack.flush_redis_prefix(prefix)


def test_caches_setting_is_the_local_memory_cache_in_tests():
    # The production tests start their own servers; the in-process suite keeps locmem.
    assert caches["default"].__class__.__name__ == "LocMemCache"
