"""The Mozilla HTTP Observatory's grading, reproduced offline against production settings.

The online scanner cannot reach a test machine, so this applies its published rules (base 100,
penalties for missing or weak headers, bonuses for strong ones; A+ from 100) to the home page
served with the production security settings over HTTPS. Rules that only fail for features the
site does not use (third-party scripts without SRI, CORS on pages) are checked as absent.
"""

import importlib
import sys

import pytest
from django.test import override_settings

SIX_MONTHS = 15_768_000
PRIVATE_REFERRER = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}


def parse_csp(header):
    policy = {}
    for part in header.split(";"):
        words = part.strip().split()
        if words:
            policy[words[0].lower()] = [w.lower() for w in words[1:]]
    return policy


def observatory_score(page, redirect, cookies):
    """Return (score, {test: outcome}) following the Observatory's scoring table."""
    score, results = 100, {}

    header = page.get("Content-Security-Policy")
    if not header:
        score -= 25
        results["csp"] = "csp-not-implemented"
    else:
        policy = parse_csp(header)
        scripts = policy.get("script-src", policy.get("default-src", []))
        if "'unsafe-inline'" in scripts and not any(s.startswith("'nonce-") for s in scripts):
            score -= 20
            results["csp"] = "csp-implemented-with-unsafe-inline"
        elif "'unsafe-eval'" in scripts:
            score -= 10
            results["csp"] = "csp-implemented-with-unsafe-eval"
        elif any(s in {"http:", "*", "https:"} for s in scripts) or "object-src" not in policy:
            score -= 20
            results["csp"] = "csp-implemented-with-insecure-scheme-or-wildcard"
        elif policy.get("default-src") == ["'none'"]:
            score += 10
            results["csp"] = "csp-implemented-with-no-unsafe-default-src-none"
        else:
            results["csp"] = "csp-implemented-with-no-unsafe"

    if not cookies:
        results["cookies"] = "cookies-not-found"
    elif all(c["secure"] and c["samesite"] for c in cookies.values()) and all(
        c["httponly"] for name, c in cookies.items() if "session" in name
    ):
        score += 5
        results["cookies"] = "cookies-secure-with-httponly-sessions-and-samesite"
    else:
        score -= 20
        results["cookies"] = "cookies-without-secure-flag-or-httponly-session"

    if page.get("Access-Control-Allow-Origin") == "*" and page.get(
        "Access-Control-Allow-Credentials"
    ):
        score -= 50
        results["cors"] = "cross-origin-resource-sharing-implemented-with-universal-access"
    else:
        results["cors"] = "cross-origin-resource-sharing-not-implemented"

    if redirect.status_code in {301, 302, 307, 308} and redirect["Location"].startswith(
        "https://testserver/"
    ):
        results["redirection"] = "redirection-to-https"
    else:
        score -= 20
        results["redirection"] = "redirection-missing"

    if page.get("Referrer-Policy", "").split(",")[-1].strip() in PRIVATE_REFERRER:
        score += 5
        results["referrer-policy"] = "referrer-policy-private"
    else:
        results["referrer-policy"] = "referrer-policy-not-implemented"

    hsts = page.get("Strict-Transport-Security", "")
    max_age = next(
        (int(p.split("=")[1]) for p in hsts.split(";") if p.strip().startswith("max-age=")), 0
    )
    if max_age >= SIX_MONTHS:
        results["hsts"] = "hsts-implemented-max-age-at-least-six-months"
    elif max_age:
        score -= 10
        results["hsts"] = "hsts-implemented-max-age-less-than-six-months"
    else:
        score -= 20
        results["hsts"] = "hsts-not-implemented"

    html = page.content.decode(errors="replace").lower()
    third_party = any(
        marker in html for marker in ('<script src="http', "<script src='http", 'src="//')
    )
    if third_party and "integrity=" not in html:
        score -= 5
        results["sri"] = "sri-not-implemented-and-external-scripts-loaded-securely"
    else:
        results["sri"] = "sri-not-implemented-but-no-external-scripts"

    if page.get("X-Content-Type-Options", "").lower() == "nosniff":
        results["x-content-type-options"] = "x-content-type-options-nosniff"
    else:
        score -= 5
        results["x-content-type-options"] = "x-content-type-options-not-implemented"

    ancestors = parse_csp(header or "").get("frame-ancestors")
    if ancestors in (["'none'"], ["'self'"]):
        score += 5
        results["x-frame-options"] = "x-frame-options-implemented-via-csp"
    elif page.get("X-Frame-Options", "").upper() in {"DENY", "SAMEORIGIN"}:
        results["x-frame-options"] = "x-frame-options-sameorigin-or-deny"
    else:
        score -= 20
        results["x-frame-options"] = "x-frame-options-not-implemented"
    return score, results


def grade(score):
    for floor, letter in [(100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B"), (0, "F")]:
        if score >= floor:
            return letter
    return "F"


@pytest.fixture
def production_security(monkeypatch):
    """The security settings exactly as carbonsite.settings.production computes them."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", "observatory-" + "k" * 40)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "testserver")
    # Production refuses to start without its services; importing the settings connects to none.
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    for name in ("DJANGO_SECURE_SSL_REDIRECT", "CARBONSITE_REQUIRE_2FA"):
        monkeypatch.delenv(name, raising=False)
    sys.modules.pop("carbonsite.settings.production", None)
    module = importlib.import_module("carbonsite.settings.production")
    sys.modules.pop("carbonsite.settings.production", None)
    names = [
        name
        for name in dir(module)
        if name.startswith(("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_", "CONTENT_SECURITY"))
        or name in {"X_FRAME_OPTIONS", "CARBONSITE_PERMISSIONS_POLICY"}
    ]
    values = {name: getattr(module, name) for name in names}
    assert values["SECURE_SSL_REDIRECT"] is True
    with override_settings(**values):
        yield values


@pytest.mark.django_db
def test_the_home_page_grades_a_plus_over_tls(site, client, production_security):
    page = client.get("/", secure=True)
    assert page.status_code == 200
    redirect = client.get("/")
    score, results = observatory_score(page, redirect, page.cookies)
    assert grade(score) == "A+", (score, results)
    assert results["csp"] == "csp-implemented-with-no-unsafe-default-src-none"
    assert results["hsts"] == "hsts-implemented-max-age-at-least-six-months"
    assert "includeSubDomains" in page["Strict-Transport-Security"]
    assert "upgrade-insecure-requests" in page["Content-Security-Policy"]


@pytest.mark.django_db
def test_editor_cookies_pass_the_cookie_rules_in_production(site, client, production_security):
    client.get("/admin/login/", secure=True)
    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": "editor-demo-pass"},
        secure=True,
    )
    cookies = dict(client.cookies)
    assert response.status_code == 302
    assert set(cookies) == {"__Host-csrftoken", "__Host-sessionid"}
    for name, morsel in cookies.items():
        assert name.startswith("__Host-")
        assert morsel["secure"] and morsel["path"] == "/" and not morsel["domain"]
        assert morsel["samesite"]
    _score, results = observatory_score(response, client.get("/"), cookies)
    assert results["cookies"] == "cookies-secure-with-httponly-sessions-and-samesite"


@pytest.mark.django_db
def test_the_scorer_fails_a_weak_site(site, client):
    """With the test settings' plain-HTTP configuration the same scorer does not give A+."""
    with override_settings(CONTENT_SECURITY_POLICY=None, SECURE_HSTS_SECONDS=0):
        page = client.get("/")
        score, results = observatory_score(page, client.get("/"), page.cookies)
    assert grade(score) != "A+"
    assert results["csp"] == "csp-not-implemented"
    assert results["redirection"] == "redirection-missing"
