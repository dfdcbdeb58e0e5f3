"""Every response carries the security headers: pages, errors, static files and documents."""

import re
from pathlib import Path

import pytest
from django.test import override_settings

from tests.security.site_pages import ADMIN_LOGIN, PAGE_TEMPLATES

ROOT = Path(__file__).resolve().parents[2]


def directives(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    policy = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            policy[words[0]] = words[1:]
    return policy


def assert_common_headers(response, referrer="strict-origin-when-cross-origin"):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == referrer
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    policy = directives(response)
    assert policy["object-src"] == ["'none'"] or response["Content-Type"] == "application/pdf"
    assert "base-uri" in policy
    assert "frame-ancestors" in policy


def assert_strict_public_policy(response):
    policy = directives(response)
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert "nonce-" not in header


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "path", "status"), PAGE_TEMPLATES, ids=lambda v: str(v))
def test_public_pages_carry_the_strict_policy_and_headers(site, client, name, path, status):
    response = client.get(path)
    assert response.status_code == status
    # The alert pages send none: their addresses can hold a token (alerts/views.py).
    referrer = "same-origin" if path.startswith("/alerts/") else "strict-origin-when-cross-origin"
    assert_common_headers(response, referrer=referrer)
    assert_strict_public_policy(response)


@pytest.mark.django_db
def test_a_cached_page_still_gets_the_headers(site, client):
    client.get("/faq/")
    cached = client.get("/faq/")
    assert cached.status_code == 200
    assert_strict_public_policy(cached)
    assert_common_headers(cached)


@pytest.mark.django_db
def test_static_files_get_the_headers_although_whitenoise_answers_early(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert_common_headers(response)
    assert_strict_public_policy(response)


@pytest.mark.django_db
def test_documents_get_the_headers_and_a_policy_the_pdf_viewer_can_live_with(site, client):
    response = client.get("/implementation-agreements/peru/documents/main-text.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert_common_headers(response)
    policy = directives(response)
    assert policy["default-src"] == ["'none'"]
    assert "script-src" not in policy  # falls back to 'none'
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["form-action"] == ["'none'"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_an_error_page_gets_the_headers(site, client):
    response = client.get("/implementation-agreements/peru/documents/annex-zz.pdf")
    assert response.status_code == 404
    assert_common_headers(response)
    assert_strict_public_policy(response)


@pytest.mark.django_db
def test_editors_get_the_wider_policy_but_never_eval_or_other_origins(site, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="editor"))
    response = client.get("/implementation-agreements/peru/")
    assert response.status_code == 200
    assert "bundle.toolbar" in response.content.decode(), "the CMS toolbar is rendered"
    policy = directives(response)
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    for sources in policy.values():
        assert all(s.startswith("'") or s in {"data:", "blob:"} for s in sources), sources


@pytest.mark.django_db
def test_the_admin_login_gets_the_strict_public_policy(client):
    _name, path, status = ADMIN_LOGIN
    response = client.get(path)
    assert response.status_code == status
    assert_common_headers(response)
    assert_strict_public_policy(response)


@pytest.mark.django_db
def test_non_staff_users_get_the_public_policy(site, client):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("reader", password="a long passphrase here")
    client.force_login(user)
    assert_strict_public_policy(client.get("/faq/"))


# Any <script> with inline code, except JSON-LD: structured data is never executed, so CSP
# does not apply to it.
INLINE_SCRIPT = r'<script(?![^>]*\b(?:src=|type="application/ld\+json"))[^>]*>'


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "path", "status"), PAGE_TEMPLATES, ids=lambda v: str(v))
def test_anonymous_pages_have_no_inline_script_or_style(site, client, name, path, status):
    html = client.get(path).content.decode()
    assert not re.search(INLINE_SCRIPT, html), "inline <script>"
    assert "<style" not in html, "inline <style>"
    assert not re.search(r"\sstyle=", html), "style attribute"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    assert "javascript:" not in html


def test_site_templates_have_no_inline_script_or_style():
    """Caught at the source too, for templates no test page renders yet."""
    offenders = []
    sources = [*(ROOT / "templates").rglob("*.html"), *ROOT.glob("*/templates/**/*.html")]
    for template in sources:
        text = template.read_text()
        if re.search(INLINE_SCRIPT + r"|<style|\sstyle=|\son[a-z]+=", text):
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31_536_000)
@pytest.mark.django_db
def test_https_answers_carry_hsts_and_plain_http_is_redirected(client):
    secure = client.get("/static/css/site.css", secure=True)
    assert "max-age=31536000" in secure["Strict-Transport-Security"]
    plain = client.get("/static/css/site.css")
    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")
