"""The pages every security, accessibility and HTML check visits.

One entry per page template, so a new template gets every check by adding one line here; the
link crawl (``crawl_site``) finds every other page from the home page by itself.
"""

import os
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

# (name, path, expected status)
PAGE_TEMPLATES = [
    ("home", "/", 200),
    ("agreements index", "/implementation-agreements/", 200),
    ("agreement overview", "/implementation-agreements/peru/", 200),
    ("application process", "/implementation-agreements/peru/application-process/", 200),
    ("eligibility list", "/implementation-agreements/ghana/eligibility/", 200),
    ("agreement register", "/implementation-agreements/peru/projects/", 200),
    ("project register", "/projects/", 200),
    ("search results", "/search/?q=corresponding+adjustments", 200),
    ("search form", "/search/", 200),
    ("faq", "/faq/", 200),
    ("contact", "/contact/", 200),
    ("alerts subscribe", "/alerts/subscribe/", 200),
    ("privacy", "/privacy/", 200),
    ("terms of use", "/terms-of-use/", 200),
    ("not found", "/no-such-page/", 404),
    # Spanish: translated pages, Spanish search, and an untranslated page's fallback.
    ("spanish home", "/es/", 200),
    ("spanish agreements index", "/es/implementation-agreements/", 200),
    ("spanish agreement overview", "/es/implementation-agreements/peru/", 200),
    ("spanish application process", "/es/implementation-agreements/peru/application-process/", 200),
    ("spanish eligibility list", "/es/implementation-agreements/peru/eligibility/", 200),
    ("spanish search results", "/es/search/?q=autorizacion", 200),
    ("spanish fallback", "/es/faq/", 200),
]
ADMIN_LOGIN = ("admin login", "/admin/login/", 200)
# Pages with a form: they set Django's CSRF cookie (the only cookie a visitor can get) and answer
# Cache-Control: private, no-store, so no shared cache keeps them.
FORM_PAGES = {"/contact/", "/alerts/subscribe/"}


# The alert pages a visitor reaches only from a link in an e-mail (see ``alert_link_pages``).
ALERT_LINK_PAGES = ["alerts confirm", "alerts manage", "alerts unsubscribe"]


def alert_link_pages(email="layout-check@example.test"):
    """{name: path} of the alert pages reached from an e-mail's link, for a real subscriber
    created here (one confirmed subscription to every agreement, one awaiting confirmation).

    Needs database access. The rows live in the calling test's transaction, so a browser test
    serves these pages through ``serve_from_test_client`` rather than from its server thread.
    """
    from agreements.models import Agreement
    from alerts import services, tokens
    from alerts.kinds import AlertKind

    kinds = [AlertKind.CALL_OPENED, AlertKind.DOCUMENTS_CHANGED]
    everything, token = services.request_subscription(email=email, agreement=None, kinds=kinds)
    services.confirm_subscription(tokens.read_confirm_token(token))
    pending, confirm = services.request_subscription(
        email=email, agreement=Agreement.objects.get(slug="peru"), kinds=kinds
    )
    subscriber = tokens.subscriber_token(everything.subscriber)
    return {
        "alerts confirm": f"/alerts/confirm/{confirm}/",
        "alerts manage": f"/alerts/manage/{subscriber}/",
        "alerts unsubscribe": f"/alerts/unsubscribe/{subscriber}/",
    }


def serve_from_test_client(page, site_url, path):
    """Answer ``site_url + path`` in the Playwright ``page`` with what Django's test client gets
    for ``path`` (status, headers and body), so a browser sees rows the test created; the
    page's stylesheet, script and fonts still come from ``site_url``."""
    from django.test import Client

    response = Client().get(path)
    page.route(
        site_url + path,
        lambda route: route.fulfill(
            status=response.status_code, headers=dict(response.items()), body=response.content
        ),
    )
    return response


class LinkParser(HTMLParser):
    """Collects every address a page refers to: links, stylesheets, images, scripts, forms."""

    ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "form": "action"}

    def __init__(self):
        super().__init__()
        self.links = []
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        name = self.ATTRIBUTES.get(tag)
        if name and attributes.get(name):
            self.links.append(attributes[name])


def internal_links(page_url, html):
    """Internal addresses on a page, made absolute paths, without their fragments."""
    parser = LinkParser()
    parser.feed(html)
    found = []
    for link in parser.links:
        absolute, _fragment = urldefrag(urljoin("http://testserver" + page_url, link))
        parts = urlsplit(absolute)
        if parts.scheme in {"http", "https"} and parts.netloc == "testserver":
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl_site(client, starts=("/",), limit=1000):
    """Follow every internal link from ``starts``; return {path: status} and {path: referrer}."""
    statuses, referrers, queue = {}, dict.fromkeys(starts), list(starts)
    while queue and len(statuses) < limit:
        path = queue.pop(0)
        response = client.get(path)
        statuses[path] = response.status_code
        content_type = response.get("Content-Type", "")
        if response.status_code == 200 and content_type.startswith("text/html"):
            for link in internal_links(path, response.content.decode()):
                if link not in referrers:
                    referrers[link] = path
                    queue.append(link)
        if response.streaming:
            # Read to the end: the test client then closes the file without ending the
            # test's database connection (response.close() would).
            b"".join(response.streaming_content)
    return statuses, referrers


def checker_missing(what, how):
    """Skip loudly on a developer machine; in CI (``CI`` set) a missing checker is a failure."""
    message = f"{what} is missing: {how}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
