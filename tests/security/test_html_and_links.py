"""Valid HTML (the Nu HTML checker) on every page template, and no broken internal link.

The Nu checker (vnu.jar) comes from the npm registry (``make checkers``) and runs offline with
Java; all pages are checked in one run, so the JVM starts once.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import RequestFactory, override_settings
from django.views.defaults import server_error

from tests.security.site_pages import (
    ADMIN_LOGIN,
    PAGE_TEMPLATES,
    LinkParser,
    alert_link_pages,
    checker_missing,
    crawl_site,
)

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def run_vnu(files):
    if not VNU.exists():
        checker_missing(
            "vnu.jar", "run `make checkers` (npm ci) to install vnu-jar from the npm registry"
        )
    java = shutil.which("java")
    if not java:
        checker_missing("java", "install a Java runtime (Debian: default-jre-headless)")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(result.stderr or result.stdout)["messages"]


@pytest.mark.slow
@pytest.mark.checker
@pytest.mark.django_db
def test_every_page_template_is_valid_html(site, client, tmp_path):
    files = {}
    alert_pages = [(name, path, 200) for name, path in alert_link_pages().items()]
    for name, path, status in [*PAGE_TEMPLATES, ADMIN_LOGIN, *alert_pages]:
        response = client.get(path)
        assert response.status_code == status
        target = tmp_path / (name.replace(" ", "-") + ".html")
        target.write_bytes(response.content)
        files[target.as_uri()] = name
    with override_settings(CARBONSITE_REQUIRE_2FA=True):
        two_factor = tmp_path / "admin-login-2fa.html"
        two_factor.write_bytes(client.get(ADMIN_LOGIN[1]).content)
        files[two_factor.as_uri()] = "admin login (2FA)"
    error_page = tmp_path / "server-error.html"
    error_page.write_bytes(server_error(RequestFactory().get("/")).content)
    files[error_page.as_uri()] = "server error"

    messages = run_vnu(files)
    errors = [
        f"{files.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert errors == []


@pytest.mark.slow
@pytest.mark.checker
def test_the_checker_reports_invalid_html(tmp_path):
    """The check above can fail: a page with a stray end tag and a duplicate id is refused."""
    broken = tmp_path / "broken.html"
    broken.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head>'
        '<body><p id="a">one</div><p id="a">two</p></body></html>'
    )
    messages = run_vnu([broken])
    assert any(m["type"] == "error" for m in messages)


@pytest.mark.slow
@pytest.mark.django_db
def test_no_broken_internal_links(site, client):
    """Crawl from the home page and every listed page: each internal page, document and file
    they link to answers 200."""
    seeds = [path for _name, path, status in PAGE_TEMPLATES if status == 200]
    statuses, referrers = crawl_site(client, starts=seeds)
    broken = {path: (code, referrers[path]) for path, code in statuses.items() if code != 200}
    assert broken == {}
    assert any(path.endswith(".css") for path in statuses)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", [path for _name, path, status in PAGE_TEMPLATES if status == 200], ids=str
)
def test_in_page_links_point_at_existing_ids(site, client, path):
    parser = LinkParser()
    parser.feed(client.get(path).content.decode())
    fragments = [link[1:] for link in parser.links if link.startswith("#") and len(link) > 1]
    assert fragments, "every page has at least the skip link"
    assert [f for f in fragments if f not in parser.ids] == []
