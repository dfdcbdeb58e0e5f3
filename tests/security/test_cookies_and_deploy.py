"""Anonymous pages set no cookie; editors' cookies are locked down; the deploy check passes."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from tests.security.site_pages import FORM_PAGES, PAGE_TEMPLATES, crawl_site

ROOT = Path(__file__).resolve().parents[2]
DEPLOY_SECRET = "kD7#pQ2vX9!mW4zR8@tY6&nB3^hJ5*cL1%fG0sA-eU_iO+aZxVbNq"


def production_environment(**extra):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "CARBONSITE_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="carbonsite.settings.production",
        DJANGO_SECRET_KEY=DEPLOY_SECRET,
        DJANGO_ALLOWED_HOSTS="carbonmarkets.example.gov.sg",
        # Production refuses to start without its services; nothing here connects to them.
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",
        REDIS_URL="redis://127.0.0.1:6379/0",
        **extra,
    )
    return environment


def run_python(code, **extra):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_environment(**extra),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
@pytest.mark.django_db
def test_no_anonymous_page_sets_a_cookie(site, client):
    """Only a page with a form (the contact page) may set a cookie: the CSRF token."""
    set_cookies = {}
    get = client.get

    def recording_get(path, *args, **kwargs):
        response = get(path, *args, **kwargs)
        if response.cookies:
            set_cookies[path] = set(response.cookies)
        return response

    client.get = recording_get
    statuses, _referrers = crawl_site(client)
    for _name, path, _status in PAGE_TEMPLATES:
        statuses.setdefault(path, client.get(path).status_code)
    assert len(statuses) >= len(PAGE_TEMPLATES)
    assert set_cookies, "the crawl reached no form page"
    for path, names in set_cookies.items():
        assert urlsplit(path).path in FORM_PAGES, f"{path} set {names}"
        assert names == {settings.CSRF_COOKIE_NAME}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "path", "status"), PAGE_TEMPLATES, ids=lambda v: str(v))
def test_each_public_page_answers_without_set_cookie(site, client, name, path, status):
    response = client.get(path)
    assert response.status_code == status
    if path in FORM_PAGES:
        assert set(response.cookies) == {settings.CSRF_COOKIE_NAME}
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        return
    assert not response.cookies, f"{path} set {list(response.cookies)}"
    assert "Set-Cookie" not in response


@pytest.mark.django_db
def test_editor_cookies_are_httponly_samesite_and_expire_when_idle(site, client):
    client.get("/admin/login/")
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "editor-demo-pass"},
    )
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    # Expires with the browser; the server forgets it after 30 idle minutes.
    assert session["max-age"] == ""
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    csrf = client.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["httponly"]
    assert csrf["samesite"] == "Strict"


@pytest.mark.django_db
def test_an_idle_session_expires(site, client):
    from django.contrib.sessions.models import Session

    client.force_login(get_user_model().objects.get(username="editor"))
    assert client.get("/admin/").status_code == 200
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    stored = Session.objects.get(session_key=key)
    from django.utils import timezone

    stored.expire_date = timezone.now() - timezone.timedelta(seconds=1)
    stored.save()
    assert client.get("/admin/").status_code == 302


@pytest.mark.slow
def test_production_cookies_use_host_prefixed_secure_names():
    result = run_python(
        "import django; from django.conf import settings as s; django.setup(); "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.CARBONSITE_REQUIRE_2FA, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
    )
    assert result.returncode == 0, result.stderr
    session, csrf, session_secure, csrf_secure, two_factor, hsts, subdomains = result.stdout.split()
    assert session == "__Host-sessionid"
    assert csrf == "__Host-csrftoken"
    assert session_secure == csrf_secure == "True"
    assert two_factor == "True"
    assert int(hsts) >= 31_536_000
    assert subdomains == "True"


@pytest.mark.slow
def test_the_deploy_check_passes_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.slow
def test_the_deploy_check_would_catch_a_weakened_setting():
    """The check above can fail: drop HSTS and it does."""
    result = run_python(
        "import django; from django.conf import settings; django.setup(); "
        "settings.SECURE_HSTS_SECONDS = 0; "
        "from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr
