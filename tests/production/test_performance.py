"""What the benchmark's goals rest on, checked in-process: the front door's marker runs where it
sees every page, the CSP header built once per process matches what django-csp builds per
response, and page renders cost a fixed number of queries.

Speeds are measured by ``benchmarks/run.py``, not here; these tests pin the properties that
make the speeds possible and would silently break them.
"""

import pytest
from csp.constants import NONCE, SELF
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.sites.models import SITE_CACHE
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement
from security.middleware import SecurityHeadersMiddleware
from tests.agreements.factories import bulk_public_agreements

PERU = "/implementation-agreements/peru/"


def test_the_front_door_marks_answers_after_static_files_and_before_sessions():
    order = settings.MIDDLEWARE
    marker = order.index("frontdoor.middleware.SharedCacheMiddleware")
    assert order.index("whitenoise.middleware.WhiteNoiseMiddleware") < marker
    assert order.index("security.middleware.SecurityHeadersMiddleware") < marker
    assert marker < order.index("django.contrib.sessions.middleware.SessionMiddleware")
    toolbar = order.index("cms.middleware.toolbar.ToolbarMiddleware")
    assert order[toolbar - 1] == "frontdoor.middleware.AnonymousToolbarMiddleware"


def run_headers_middleware(request, response, *, per_response):
    """The headers django-csp itself builds (``per_response``) or the ones built once."""
    middleware = SecurityHeadersMiddleware(lambda request: response)
    middleware.process_request(request)
    if per_response:
        return CSPMiddleware.process_response(middleware, request, response)
    return middleware.process_response(request, response)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["public", "editor", "document"])
def test_the_policy_built_once_is_the_one_django_csp_builds(kind, admin_user):
    def exchange():
        request = RequestFactory().get("/faq/")
        request.user = admin_user if kind == "editor" else None
        response = HttpResponse(b"%PDF-1.7" if kind == "document" else b"<p>hello</p>")
        if kind == "document":
            response["Content-Type"] = "application/pdf"
        return request, response

    built = run_headers_middleware(*exchange(), per_response=False)
    again = run_headers_middleware(*exchange(), per_response=False)
    fresh = run_headers_middleware(*exchange(), per_response=True)
    assert built["Content-Security-Policy"] == fresh["Content-Security-Policy"]
    assert again["Content-Security-Policy"] == fresh["Content-Security-Policy"]
    expected = {
        "public": settings.CONTENT_SECURITY_POLICY,
        "editor": settings.CARBONSITE_EDITOR_CSP,
        "document": settings.CARBONSITE_DOCUMENT_CSP,
    }[kind]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in built["Content-Security-Policy"].split(";")
    )
    assert directives == {key: list(value) for key, value in expected["DIRECTIVES"].items()}
    assert "Content-Security-Policy-Report-Only" not in built


def test_a_changed_policy_setting_is_picked_up(client):
    before = client.get("/healthz")["Content-Security-Policy"]
    changed = {"DIRECTIVES": {"default-src": [SELF], "img-src": [SELF, "https://example.org"]}}
    with override_settings(CONTENT_SECURITY_POLICY=changed):
        during = client.get("/healthz")["Content-Security-Policy"]
        report = {"DIRECTIVES": {"default-src": [SELF], "report-uri": "/csp-report/"}}
        with override_settings(CONTENT_SECURITY_POLICY_REPORT_ONLY=report):
            reported = client.get("/healthz")
    after = client.get("/healthz")["Content-Security-Policy"]
    assert "img-src 'self' https://example.org" in during
    assert (
        reported["Content-Security-Policy-Report-Only"]
        == "default-src 'self'; report-uri /csp-report/"
    )
    assert before == after != during


def test_a_used_nonce_still_reaches_the_header():
    policy = {"DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        request = RequestFactory().get("/")
        request.user = None
        middleware = SecurityHeadersMiddleware(lambda request: HttpResponse())
        middleware.process_request(request)
        nonce = str(request.csp_nonce)
        response = middleware.process_response(request, HttpResponse())
        other = RequestFactory().get("/")
        other.user = None
        middleware.process_request(other)
        plain = middleware.process_response(other, HttpResponse())
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    assert "nonce-" not in plain["Content-Security-Policy"]


def cold_queries(client, path):
    """Queries for ``path`` with every cache empty, as after a publish or a restart."""
    cache.clear()
    SITE_CACHE.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def add_agreements(total):
    bulk_public_agreements(total - Agreement.objects.count(), prefix="load-test-country")


@pytest.mark.slow
@pytest.mark.django_db
def test_uncached_renders_cost_the_same_queries_with_ten_or_a_thousand_agreements(
    demo_site, client
):
    paths = [
        PERU,
        PERU + "eligibility/",
        PERU + "projects/",
        PERU + "application-process/",
        "/implementation-agreements/",
        "/search/?q=peru",
    ]
    # The first render after a change also records the menu's cache key row (django CMS does
    # that even though menus are not cached here): two more queries, once per change.
    first = cold_queries(client, PERU)
    for path in paths:
        cold_queries(client, path)
    few = {path: cold_queries(client, path) for path in paths}
    add_agreements(1000)
    many = {path: cold_queries(client, path) for path in paths}
    assert few == many
    assert max(few.values()) <= 20, few
    assert first <= 22, first


def test_a_view_that_changes_its_own_policy_still_gets_it():
    request = RequestFactory().get("/")
    request.user = None
    response = HttpResponse()
    response._csp_update = {"img-src": ["https://maps.example.org"]}
    middleware = SecurityHeadersMiddleware(lambda request: response)
    middleware.process_request(request)
    policy = middleware.process_response(request, response)["Content-Security-Policy"]
    assert "img-src 'self' data: https://maps.example.org" in policy
    plain = middleware.process_response(request, HttpResponse())["Content-Security-Policy"]
    assert "maps.example.org" not in plain
