"""The app's side of the front door, in-process (nginx: tests/production/test_frontdoor.py)."""

import time

import pytest
from django.contrib.sessions.models import Session

pytestmark = pytest.mark.django_db

PERU = "/implementation-agreements/peru/"


def test_anonymous_pages_may_be_kept_until_the_second_their_render_began(demo_site, client):
    before = int(time.time())
    response = client.get(PERU)
    expires = int(response["X-Accel-Expires"].removeprefix("@"))
    assert before - 1 <= expires <= int(time.time())
    assert response["Cache-Control"] == "no-cache"
    assert not response.cookies
    vary = {part.strip() for part in response["Vary"].split(",")}
    assert vary == {"Accept-Encoding", "Accept-Language", "Cookie"}
    revalidated = client.get(PERU, HTTP_IF_NONE_MATCH=response["ETag"])
    assert revalidated.status_code == 304


def test_answers_with_cookies_or_for_sessions_are_never_kept(demo_site, client):
    login = client.get("/admin/login/")
    assert login["X-Accel-Expires"] == "0"
    client.cookies["sessionid"] = "whatever"
    assert client.get(PERU)["X-Accel-Expires"] == "0"


def test_not_found_answers_are_not_kept(demo_site, client):
    assert client.get("/no-such-page-here/")["X-Accel-Expires"] == "0"


def test_an_anonymous_toolbar_switch_creates_no_session(demo_site, client):
    sessions = Session.objects.count()  # rows other tests' logins may have left
    for query in ("?toolbar_on", "?toolbar_off", "?toolbar_on&persist=1"):
        response = client.get(PERU + query)
        assert response.status_code == 200
        assert not response.cookies, query
        assert response["X-Accel-Expires"].startswith("@")
    assert Session.objects.count() == sessions
