"""The front door over the real stack: nginx (deploy/nginx/, rendered by frontdoor.nginx) in front
of gunicorn with production settings, PostgreSQL and Redis."""

import http.client
import json
import socket
import ssl
import threading
import time
from pathlib import Path

import pytest

from . import stack

pytestmark = pytest.mark.slow

PERU = "/implementation-agreements/peru/"
# Its micro-cache key (nginx's proxy_cache_key) for the Host the tests send.
PERU_KEY = "https://localhost/implementation-agreements/peru/?"
# An entry is served as HIT until it expires, then as UPDATING while one request refreshes it.
FROM_CACHE = ("HIT", "UPDATING", "STALE")

PUBLISH_PERU_TEXT = """
import time
from django.contrib.auth import get_user_model
from djangocms_versioning.models import Version
from agreements.models import Agreement
from agreements.services import page_add_text, page_content, page_publish

user = get_user_model().objects.get(username="admin")
page = Agreement.objects.get(slug="peru").page
Version.objects.get_for_content(page_content(page)).copy(user)
page_add_text(page=page, slot="intro", html="<p>{marker}</p>")
page_publish(page=page, user=user)
print("COMMITTED", time.time())
"""

EDIT_PERU = """
import time
from django.contrib.auth import get_user_model
from agreements.models import Agreement
from agreements.services import agreement_draft, publish_agreement

user = get_user_model().objects.get(username="admin")
agreement = Agreement.objects.get(slug="peru")
draft = agreement_draft(agreement, user=user)
draft.application_status_note = "{marker}"
draft.save()
publish_agreement(agreement=agreement, user=user)
print("COMMITTED", time.time())
"""


@pytest.fixture
def front(site, template_site):
    stack.require_nginx()
    # The app purges this front door after a change (frontdoor.purge); so does the process
    # that publishes in a test (``env``).
    purge_port = stack.free_port()
    purge = {"FRONTDOOR_PURGE_URLS": stack.purge_url(purge_port)}
    app = site["server"](**purge)
    nginx = stack.Nginx(
        f"127.0.0.1:{app.port}",
        static_root=template_site["static_root"],
        media_root=site["env"]["DJANGO_MEDIA_ROOT"],
        folder=site["tmp"] / "nginx",
        purge_port=purge_port,
    )
    with nginx:
        yield {"nginx": nginx, "app": app, **site, "env": {**site["env"], **purge}}
    assert "[emerg]" not in nginx.logs()


def until_hit(nginx, path, headers=None, tries=40):
    """GET ``path`` until the cache answers (an entry lives until the end of its second)."""
    for _ in range(tries):
        status, response_headers, body = nginx.get(path, headers=headers)
        if response_headers["X-Cache-Status"] in FROM_CACHE:
            return status, response_headers, body
        time.sleep(0.02)
    raise AssertionError(f"{path} never came from the cache: {response_headers['X-Cache-Status']}")


def test_anonymous_pages_come_from_the_cache_and_browsers_revalidate(front):
    nginx = front["nginx"]
    status, headers, body = until_hit(nginx, PERU)
    assert status == 200 and b"Peru" in body
    assert headers["Cache-Control"] == "no-cache"
    assert "Set-Cookie" not in headers
    assert "X-Accel-Expires" not in headers
    assert all(part.strip() for part in headers["Vary"].split(",")), headers["Vary"]
    # Compressed by nginx: still one Vary header, naming the cookie and the encoding.
    _, headers, _ = until_hit(nginx, PERU, headers={"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"
    assert len(headers.get_all("Vary")) == 1, headers.get_all("Vary")
    vary = {part.strip() for part in headers["Vary"].split(",")}
    assert {"Accept-Encoding", "Cookie"} <= vary
    etag = headers["ETag"]
    status, headers, body = nginx.get(PERU, headers={"If-None-Match": etag})
    assert status == 304 and body == b""


def test_a_session_cookie_bypasses_the_cache_and_other_cookies_do_not(front):
    nginx = front["nginx"]
    until_hit(nginx, PERU)
    for cookie in ("__Host-sessionid=abc", "a=1; __Host-csrftoken=x"):
        _, headers, _ = nginx.get(PERU, headers={"Cookie": cookie})
        assert headers["X-Cache-Status"] == "BYPASS", cookie
    until_hit(nginx, PERU, headers={"Cookie": "_ga=GA1.2.3; theme=dark"})


def test_query_strings_outside_the_allow_list_hit_the_same_entry(front):
    nginx = front["nginx"]
    _, _, body = until_hit(nginx, PERU)
    _, headers, other = nginx.get(PERU + "?utm_source=x&toolbar_on&page=9")
    assert headers["X-Cache-Status"] in FROM_CACHE, "a random query string missed the cache"
    assert other == body
    _, _, second = until_hit(nginx, "/projects/?per_page=10&page=2")
    _, headers, again = nginx.get("/projects/?zzz=1&page=2&per_page=10&junk")
    assert headers["X-Cache-Status"] in FROM_CACHE
    assert again == second
    _, _, everything = until_hit(nginx, "/implementation-agreements/")
    _, _, open_only = until_hit(nginx, "/implementation-agreements/?status=open&x=1")
    assert open_only != everything, "status is on the index's allow-list"
    _, _, found = until_hit(nginx, "/search/?q=peru&x=1")
    assert b"Peru" in found


def test_plain_http_redirects_and_static_files_come_from_nginx(front, template_site):
    nginx = front["nginx"]
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(nginx.http_url + PERU, timeout=5)
    except urllib.error.HTTPError as error:
        assert error.code == 301
        assert error.headers["Location"] == f"https://127.0.0.1:{nginx.https_port}{PERU}"
    else:
        raise AssertionError("plain HTTP must redirect")
    manifest = json.loads((Path(template_site["static_root"]) / "staticfiles.json").read_text())
    hashed = next(name for name in manifest["paths"].values() if name.endswith(".css"))
    status, headers, _ = nginx.get(f"/static/{hashed}")
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "X-Cache-Status" not in headers


def _session_rows(site):
    import psycopg

    with psycopg.connect(stack.database_url(site["database"])) as connection:
        return connection.execute("SELECT count(*) FROM django_session").fetchone()[0]


def test_an_anonymous_toolbar_switch_creates_no_session(front):
    before = _session_rows(front)
    for client in (front["nginx"], front["app"]):
        for query in ("?toolbar_on", "?toolbar_off", "?toolbar_on&persist=1", "?edit"):
            status, headers, _ = client.get(PERU + query)
            assert status == 200
            assert "Set-Cookie" not in headers, (client, query)
    assert _session_rows(front) == before


def _raw_post(nginx, head, chunks=()):
    """Send a request by hand over TLS; return the status line and how long it took."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    started = time.monotonic()
    with (
        socket.create_connection(("127.0.0.1", nginx.https_port), timeout=10) as raw,
        context.wrap_socket(raw) as connection,
    ):
        connection.sendall(head.encode())
        try:
            for chunk in chunks:
                connection.sendall(chunk)
        except OSError:
            pass  # nginx answered and closed: what we want
        answer = connection.recv(200).decode(errors="replace")
    return answer.split("\r\n", 1)[0], time.monotonic() - started


def test_a_huge_anonymous_login_post_is_refused_before_it_is_read(front):
    nginx = front["nginx"]
    size = 300 * 1024 * 1024
    status, took = _raw_post(
        nginx,
        "POST /admin/login/ HTTP/1.1\r\nHost: localhost\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {size}\r\n\r\n",
        [b"x" * 65536] * 4,
    )
    assert status.startswith("HTTP/1.1 413"), status
    assert took < 5
    # Without a length: refused once the body passes the login form's limit.
    chunk = b"10000\r\n" + b"y" * 65536 + b"\r\n"
    status, _ = _raw_post(
        nginx,
        "POST /admin/login/ HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n",
        [chunk] * 64,
    )
    assert status.startswith("HTTP/1.1 413"), status
    body_files = list((nginx.folder / "run" / "client_body").rglob("*"))
    assert not [path for path in body_files if path.is_file()], "a body reached the disk"


@pytest.mark.parametrize("change", [PUBLISH_PERU_TEXT, EDIT_PERU], ids=["publish", "data-publish"])
def test_no_answer_after_the_purge_is_stale_under_concurrent_requests(front, change):
    """The publish race: renders running while a change commits must not outlive its purge.

    Pollers hammer the Peru page through nginx and directly on gunicorn while the change is
    committed by another process, whose publish returns once its after-commit purge of the
    front door is done. Every answer to a request sent after that, through nginx or not, must
    show the change: a purged entry is a MISS (the other requests wait for its one render), and
    renders that began before the change are not kept.
    """
    nginx, app = front["nginx"], front["app"]
    marker = f"Change seen {time.time_ns()}"
    seen, errors, stop = [], [], threading.Event()

    def poll(client):
        while not stop.is_set():
            sent = time.time()
            try:
                status, _, body = client.get(PERU, timeout=30)
            except OSError as exc:
                errors.append(repr(exc))
                continue
            if status != 200:
                errors.append(status)
            seen.append((client is nginx, sent, marker.encode() in body))

    pollers = [threading.Thread(target=poll, args=(nginx,)) for _ in range(8)]
    pollers += [threading.Thread(target=poll, args=(app,)) for _ in range(2)]
    for thread in pollers:
        thread.start()
    try:
        time.sleep(1)
        result = stack.manage(front["env"], "shell", "-c", change.format(marker=marker))
        committed = float(result.stdout.split("COMMITTED", 1)[1].split()[0])
        time.sleep(2.5)
    finally:
        stop.set()
        for thread in pollers:
            thread.join(timeout=60)
    assert not errors, errors[:5]
    stale = [
        (through_nginx, round(sent - committed, 3))
        for through_nginx, sent, fresh in seen
        if not fresh and sent > committed
    ]
    assert not stale, f"stale answers after the purge: {stale[:10]}"
    assert any(fresh for _, _, fresh in seen), "the change never showed"
    assert sum(1 for through_nginx, *_ in seen if through_nginx) > 50


def test_the_first_request_after_a_publish_shows_it(front):
    """Without the purge nginx would answer this request from its old copy: as a HIT within the
    copy's second, else as the stale copy it serves while refreshing in the background."""
    nginx = front["nginx"]
    until_hit(nginx, PERU)
    marker = f"Seen at once {time.time_ns()}"
    stack.manage(front["env"], "shell", "-c", PUBLISH_PERU_TEXT.format(marker=marker))
    _, headers, body = nginx.get(PERU)
    assert marker.encode() in body, headers["X-Cache-Status"]
    assert headers["X-Cache-Status"] == "MISS"


def test_cached_pages_keep_answering_while_the_app_is_down(front):
    nginx = front["nginx"]
    _, _, body = until_hit(nginx, PERU)
    front["app"].stop()
    time.sleep(1.1)  # the entry has expired
    status, headers, stale = nginx.get(PERU)
    assert status == 200
    assert headers["X-Cache-Status"] == "STALE"
    assert stale == body


def test_a_form_posted_through_the_front_door_passes_the_csrf_check(front):
    """A browser on a non-default port sends ``Host: host:port`` and ``Origin: https://host:port``;
    nginx must pass the port on, or Django refuses every form (contact, login) as cross-site."""
    import re
    from http.cookies import SimpleCookie
    from urllib.parse import urlencode

    nginx = front["nginx"]
    host = f"localhost:{nginx.https_port}"
    status, headers, body = nginx.get("/contact/", headers={"Host": host})
    assert status == 200
    cookie = SimpleCookie(headers["Set-Cookie"])
    name = next(iter(cookie))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = {
        "csrfmiddlewaretoken": token,
        "email": "visitor@example.org",
        "topic": "general",
        "message": "When does the next call for applications open?",
        "consent": "on",
    }
    status, headers, body = nginx.get(
        "/contact/",
        method="POST",
        body=urlencode(form),
        headers={
            "Host": host,
            "Origin": f"https://{host}",
            "Referer": f"https://{host}/contact/",
            "Cookie": f"{name}={cookie[name].value}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert status == 302, body[:500]
    assert headers["Location"].endswith("/contact/sent/")


def purge(nginx, key, *, source="127.0.0.1"):
    """Ask the front door's purge server to drop ``key``, from the address ``source``."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", nginx.purge_port, timeout=5, source_address=(source, 0)
    )
    try:
        connection.request("PURGE", "/purge", headers={"X-Carbonsite-Purge-Key": key})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def recorded_keys(front):
    import redis

    client = redis.Redis.from_url(stack.REDIS_SERVER)
    return {
        key.decode() for key in client.zrange(f"{front['prefix']}:1:frontdoor:cached-keys", 0, -1)
    }


def test_the_app_records_what_nginx_keeps_and_a_purge_removes_it(front):
    nginx = front["nginx"]
    until_hit(nginx, PERU)
    until_hit(nginx, "/projects/?status=authorised&utm_source=x")
    keys = recorded_keys(front)
    assert PERU_KEY in keys
    # Only the allow-listed parameters are in the key, as nginx builds it.
    assert "https://localhost/projects/?&status=authorised" in keys
    # Answers nginx does not keep are not recorded, and a visitor cannot plant a key (nginx
    # sets the header itself).
    nginx.get("/contact/")
    nginx.get("/no-such-page/")
    nginx.get("/implementation-agreements/", headers={"X-Carbonsite-Cache-Key": "planted"})
    assert not {key for key in recorded_keys(front) if "contact" in key or "no-such" in key}
    assert "planted" not in recorded_keys(front)

    # With the app stopped nothing can refresh the entry behind the test's back, and nginx
    # would serve the old copy (STALE) if it still had one.
    front["app"].stop()
    assert purge(nginx, PERU_KEY) == 200
    status, headers, _ = nginx.get(PERU)
    assert headers["X-Cache-Status"] == "MISS", "a purged page must be rendered again"
    assert status == 502
    assert purge(nginx, PERU_KEY) == 404
    assert purge(nginx, "https://localhost/not-cached/?") == 404


def test_a_purge_from_elsewhere_is_refused(front):
    """Only the app nodes may purge: not another address, not the public site."""
    nginx = front["nginx"]
    _, _, body = until_hit(nginx, PERU)
    front["app"].stop()  # nothing refreshes the entry from here on
    assert purge(nginx, PERU_KEY, source="127.0.0.2") == 403
    # A PURGE to the public site is an ordinary request there (passed to the app): it purges
    # nothing.
    _, _, answer = nginx.get(PERU, method="PURGE", headers={"X-Carbonsite-Purge-Key": PERU_KEY})
    assert b"Successful purge" not in answer
    status, headers, kept = nginx.get(PERU)
    assert (status, headers["X-Cache-Status"]) == (200, "STALE"), "the copy must still be there"
    assert kept == body


def test_a_front_door_that_is_down_or_hangs_never_fails_a_publish(front):
    """One node refuses connections, one accepts and never answers: the publish succeeds, the
    working node is purged, and the failures are logged for an operator."""
    nginx = front["nginx"]
    until_hit(nginx, PERU)
    hanging = socket.socket()
    hanging.bind(("127.0.0.1", 0))
    hanging.listen(1)  # connections wait in the backlog: nobody ever answers
    down = stack.purge_url(stack.free_port())
    hung = stack.purge_url(hanging.getsockname()[1])
    marker = f"Published with nodes down {time.time_ns()}"
    env = {
        **front["env"],
        "FRONTDOOR_PURGE_URLS": f"{down},{hung},{front['env']['FRONTDOOR_PURGE_URLS']}",
    }
    try:
        started = time.monotonic()
        result = stack.manage(env, "shell", "-c", PUBLISH_PERU_TEXT.format(marker=marker))
        took = time.monotonic() - started
    finally:
        hanging.close()
    assert "COMMITTED" in result.stdout
    assert result.stderr.count('"event": "frontdoor_purge_failed"') >= 2, result.stderr[-2000:]
    assert down in result.stderr and hung in result.stderr
    assert took < 30
    _, headers, body = nginx.get(PERU)
    assert marker.encode() in body, headers["X-Cache-Status"]
