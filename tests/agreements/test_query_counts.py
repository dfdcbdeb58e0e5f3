"""Every public page renders in at most 20 SQL queries, the same number for 10 agreements as for
1,000 (design rule: the number of queries does not grow with the data)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement

from .factories import bulk_public_agreements

pytestmark = pytest.mark.django_db

PERU = "/implementation-agreements/peru/"
MAX_QUERIES = 20
PUBLIC_PAGES = [
    "/",
    "/implementation-agreements/",
    "/implementation-agreements/?status=open",
    PERU,
    PERU + "application-process/",
    PERU + "eligibility/",
    PERU + "projects/",
    "/projects/",
    "/projects/?agreement=peru",
    "/implementation-agreements.json",
    "/implementation-agreements.csv",
    "/projects.json",
    "/projects.csv",
    PERU + "eligibility.csv",
    PERU + "documents/main-text.pdf",
    "/feeds/updates.atom",
    "/sitemap.xml",
    "/search/?q=agreement",
]


def render_queries(client, url):
    """Queries of a full render of ``url`` (page cache off), after one render warmed the
    per-process caches (site, templates), with the shared cache empty (menus are kept there for
    a second only, so the count must not depend on when the previous render ran)."""
    with override_settings(CMS_PAGE_CACHE=False):
        assert client.get(url).status_code == 200, url
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.slow
def test_public_pages_stay_within_20_queries_from_10_to_1000_agreements(demo_site, client):
    assert Agreement.objects.public().count() == 10
    ten = {url: render_queries(client, url) for url in PUBLIC_PAGES}
    over = {url: count for url, count in ten.items() if count > MAX_QUERIES}
    assert not over, over

    bulk_public_agreements(990)
    cache.clear()
    assert Agreement.objects.public().count() == 1000
    index = client.get("/implementation-agreements/").content.decode()
    assert "Bulkland 0989" in index
    assert "bulkland-0989" in client.get("/sitemap.xml").content.decode()
    thousand = {url: render_queries(client, url) for url in PUBLIC_PAGES}
    assert thousand == ten
