"""The real site's old addresses answer 301s to the new ones, without costing ordinary pages."""

import pytest
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement
from siteredirects.services import seed_redirects

pytestmark = pytest.mark.django_db

NEW = "/implementation-agreements/peru/"
PERU = {
    "/overview-peru/": NEW,
    "/processes-peru/": f"{NEW}application-process/",
    "/files/Peru_Singapore_IA_Main_Text.pdf": f"{NEW}documents/main-text.pdf",
    "/files/Peru_Singapore_IA_Annex_A.pdf": f"{NEW}documents/annex-a.pdf",
    "/files/Peru_Singapore_IA_Annex_B.pdf": f"{NEW}documents/annex-b.pdf",
    "/files/Peru_Singapore_IA_Annex_C.pdf": f"{NEW}documents/annex-c.pdf",
    "/images/SGPE_flow.png": f"{NEW}application-process/#flow-chart",
}


def test_peru_has_the_real_sites_addresses(demo_site):
    seeded = dict(
        Redirect.objects.filter(new_path__contains="/peru/").values_list("old_path", "new_path")
    )
    assert seeded == PERU


def test_every_agreement_has_its_overview_process_and_main_text_redirects(demo_site):
    old_paths = set(Redirect.objects.values_list("old_path", flat=True))
    for agreement in Agreement.objects.all():
        country = agreement.partner_country.replace(" ", "_")
        assert f"/overview-{agreement.slug}/" in old_paths
        assert f"/processes-{agreement.slug}/" in old_paths
        assert f"/files/{country}_Singapore_IA_Main_Text.pdf" in old_paths
    assert "/files/Papua_New_Guinea_Singapore_IA_Main_Text.pdf" in old_paths


@pytest.mark.slow
def test_every_seeded_redirect_is_a_301_that_ends_in_a_200(demo_site, client):
    redirects = list(Redirect.objects.all())
    assert len(redirects) >= 3 * Agreement.objects.count()
    for redirect in redirects:
        response = client.get(redirect.old_path)
        assert response.status_code == 301, redirect.old_path
        assert response["Location"] == redirect.new_path
        target, _hash, fragment = redirect.new_path.partition("#")
        final = client.get(target)
        assert final.status_code == 200, f"{redirect.old_path} -> {redirect.new_path}"
        if final.streaming:
            b"".join(final.streaming_content)
        elif fragment:
            assert f'id="{fragment}"' in final.content.decode(), redirect.new_path


def test_the_old_address_without_its_slash_still_arrives(demo_site, client):
    response = client.get("/overview-peru", follow=True)
    assert response.redirect_chain[-1] == ("/implementation-agreements/peru/", 301)
    assert response.status_code == 200


def test_seeding_again_adds_nothing_and_keeps_an_editors_change(demo_site):
    row = Redirect.objects.get(old_path="/overview-peru/")
    row.new_path = "/implementation-agreements/"
    row.save()
    count = Redirect.objects.count()
    added, kept = seed_redirects()
    assert (added, kept) == (0, count)
    row.refresh_from_db()
    assert row.new_path == "/implementation-agreements/"


def test_an_editor_adds_a_redirect_in_the_admin(demo_site, client, editor_user):
    client.force_login(editor_user)
    response = client.post(
        "/admin/redirects/redirect/add/",
        {"site": Site.objects.get().pk, "old_path": "/faq.html", "new_path": "/faq/"},
    )
    assert response.status_code == 302
    assert client.get("/faq.html").status_code == 301


def _redirect_queries(captured):
    return [q["sql"] for q in captured.captured_queries if "django_redirect" in q["sql"]]


@pytest.mark.parametrize("path", ["/implementation-agreements/peru/", "/faq/", "/contact/"])
def test_an_ordinary_page_hit_makes_no_redirect_query(demo_site, client, path):
    client.get(path)  # first hit renders; the second may come from the page cache
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        assert _redirect_queries(captured) == []


def test_only_a_not_found_address_looks_in_the_table(demo_site, client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/no-such-page/").status_code == 404
    assert len(_redirect_queries(captured)) >= 1
