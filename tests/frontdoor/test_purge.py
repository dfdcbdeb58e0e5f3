"""The purge client and the purge server's configuration, without the stack.

The purge against real nginx, under load and with nodes down, is in
tests/production/test_frontdoor.py.
"""

import http.server
import logging
import shutil
import socket
import subprocess
import threading

import pytest

from frontdoor import purge
from frontdoor.nginx import PURGE_MODULE, render


class PurgeServer(http.server.ThreadingHTTPServer):
    """A stand-in front door on loopback: answers every PURGE with ``status``, keeps the keys."""

    def __init__(self, status):
        self.status, self.keys = status, []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_PURGE(self):  # noqa: N802 - the method's name
                outer.keys.append(self.headers[purge.PURGE_KEY_HEADER])
                self.send_response(outer.status(len(outer.keys)))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}/purge"

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()


KEYS = [f"https://localhost/page-{n}/?" for n in range(5)]


def test_every_key_is_sent_and_cached_ones_counted():
    with PurgeServer(lambda n: 200 if n % 2 else 404) as server:
        assert purge.purge_keys(server.url, KEYS, timeout=2) == 3
    assert server.keys == KEYS


def test_a_refusing_front_door_is_logged_and_given_up(caplog):
    with (
        PurgeServer(lambda n: 200 if n < 2 else 403) as server,
        caplog.at_level(logging.ERROR, logger="frontdoor.purge"),
    ):
        assert purge.purge_keys(server.url, KEYS, timeout=2) == 1
    assert len(server.keys) == 2, "the first refusal ends the purge of that node"
    assert "403" in caplog.text and server.url in caplog.text


@pytest.mark.parametrize("answers", [False, True], ids=["refused", "hangs"])
def test_a_front_door_that_is_down_costs_one_timeout_and_raises_nothing(answers, caplog):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        if answers:
            listener.listen(1)  # accepted by the kernel, never answered
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/purge"
        with caplog.at_level(logging.ERROR, logger="frontdoor.purge"):
            assert purge.purge_keys(url, KEYS, timeout=0.3) == 0
    assert "failed after 0 of 5 keys" in caplog.text


def test_without_front_doors_nothing_is_purged_or_recorded(settings):
    settings.FRONTDOOR_PURGE_URLS = []
    assert purge.purge_front_doors() == {}
    assert purge.generation() is None


def test_the_purge_server_listens_privately_and_admits_only_the_app_nodes(tmp_path):
    render(
        tmp_path,
        upstream="127.0.0.1:9",
        http_port=80,
        https_port=443,
        purge_port=8081,
        purge_listen_host="10.0.0.5",
        purge_allow=["10.0.0.0/24"],
        static_root=tmp_path,
        media_root=tmp_path,
        tls_cert=tmp_path / "unused.crt",
        tls_key=tmp_path / "unused.key",
    )
    conf = (tmp_path / "carbonsite.conf").read_text()
    server = conf.split("# --- Purge")[1]
    assert "listen 10.0.0.5:8081;" in server
    rules = [
        line.strip() for line in server.splitlines() if line.strip().startswith(("allow", "deny"))
    ]
    assert rules == ["allow 127.0.0.1;", "allow ::1;", "allow 10.0.0.0/24;", "deny all;"]
    # The public server has no purge: proxy_cache_purge appears in the purge server only.
    assert conf.count("proxy_cache_purge") == 1
    assert f"load_module {PURGE_MODULE};" in (tmp_path / "nginx.conf").read_text()


def test_nginx_accepts_the_rendered_configuration(tmp_path):
    from tests.production import stack

    stack.require_nginx()
    if not shutil.which("openssl"):
        stack.unavailable("openssl is needed for the test certificate")
    conf = render(
        tmp_path,
        upstream="127.0.0.1:9",
        http_port=8080,
        https_port=8443,
        purge_port=8081,
        static_root=tmp_path,
        media_root=tmp_path,
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [stack.NGINX, "-t", "-p", str(tmp_path), "-c", str(conf),
         "-e", str(tmp_path / "run" / "error.log")],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


@pytest.fixture
def redis_cache(settings):
    """The shared cache on the test Redis (its own key prefix, removed afterwards), purge on."""
    import os
    import secrets

    import redis
    from django.core.cache import caches

    url = os.environ.get("PRODUCTION_TEST_REDIS", "redis://127.0.0.1:6379/5")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip(f"Redis is not reachable at {url}")
    prefix = f"carbonsite-test-{secrets.token_hex(6)}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }
    settings.FRONTDOOR_PURGE_URLS = ["http://127.0.0.1:9/purge"]
    yield
    client = redis.Redis.from_url(url)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    caches["default"].close()


def _render(rf, key, view):
    from frontdoor.middleware import SharedCacheMiddleware

    request = rf.get("/some-page/", HTTP_X_CARBONSITE_CACHE_KEY=key)
    return SharedCacheMiddleware(view)(request)


def test_a_kept_answer_is_recorded_and_one_rendered_across_a_change_is_not_kept(redis_cache, rf):
    from django.http import HttpResponse

    def unchanged(request):
        return HttpResponse("page")

    def changed_meanwhile(request):
        purge.mark_change()  # a publish committing while this renders
        return HttpResponse("old page")

    kept = _render(rf, "https://localhost/kept/?", unchanged)
    assert kept["X-Accel-Expires"].startswith("@")
    across = _render(rf, "https://localhost/across/?", changed_meanwhile)
    assert across["X-Accel-Expires"] == "0"
    assert "https://localhost/kept/?" in purge.recorded_keys()
    # Once the change is over, the next render is kept again.
    assert _render(rf, "https://localhost/across/?", unchanged)["X-Accel-Expires"].startswith("@")


def test_a_purge_sends_every_recorded_key_to_every_front_door(redis_cache, settings, rf):
    from django.http import HttpResponse

    for n in range(3):
        _render(rf, f"https://localhost/page-{n}/?", lambda request: HttpResponse("page"))
    with PurgeServer(lambda n: 200) as one, PurgeServer(lambda n: 404) as two:
        settings.FRONTDOOR_PURGE_URLS = [one.url, two.url]
        assert purge.purge_front_doors() == {one.url: 3, two.url: 0}
    expected = {f"https://localhost/page-{n}/?" for n in range(3)}
    assert set(one.keys) == set(two.keys) == expected
