"""The demo site: every page answers anonymous visitors; loading it twice changes nothing."""

import pytest
from cms.models import Page, PageContent
from django.contrib.auth import get_user_model
from django.core.management import call_command

from agreements.models import Agreement, AgreementContent, AgreementDocument, Milestone

PUBLIC_PAGES = [
    "/",
    "/implementation-agreements/",
    "/faq/",
    "/contact/",
    "/privacy/",
    "/terms-of-use/",
]
AGREEMENT_SLUGS = [
    "papua-new-guinea",
    "ghana",
    "bhutan",
    "peru",
    "chile",
    "rwanda",
    "paraguay",
    "thailand",
    "vietnam",
    "mongolia",
]


def counts():
    return {
        "pages": Page.objects.count(),
        "contents": PageContent.admin_manager.count(),
        "agreements": Agreement.objects.count(),
        "documents": AgreementDocument.objects.count(),
        "milestones": Milestone.objects.count(),
        "users": get_user_model().objects.count(),
    }


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_demo_content_is_idempotent():
    call_command("load_demo_content", verbosity=0)
    first = counts()
    assert first["agreements"] == 10
    call_command("load_demo_content", verbosity=0)
    assert counts() == first


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    PUBLIC_PAGES
    + [f"/implementation-agreements/{slug}/" for slug in AGREEMENT_SLUGS]
    + [f"/implementation-agreements/{slug}/application-process/" for slug in AGREEMENT_SLUGS],
)
def test_every_demo_page_answers_anonymous_visitors(demo_site, client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "A Singapore Government Agency Website" in html
    assert 'href="#main-content"' in html
    assert 'aria-label="Breadcrumb"' in html or url == "/"
    for footer_link in [
        "Contact",
        "Feedback",
        "FAQ",
        "Privacy Statement",
        "Terms of Use",
        "Report Vulnerability",
    ]:
        assert footer_link in html
    assert "Last updated" in html


@pytest.mark.django_db
def test_main_navigation_comes_from_the_cms_menu(demo_site, client):
    html = client.get("/faq/").content.decode()
    nav = html.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/implementation-agreements/"' in nav
    assert 'href="/faq/" aria-current="page"' in nav


@pytest.mark.django_db
def test_peru_facts_match_the_published_page(demo_site):
    peru = AgreementContent.objects.get(agreement__slug="peru")  # the published version
    assert str(peru.signed_on) == "2025-03-31"
    assert str(peru.application_status_since) == "2025-10-24"
    assert peru.is_open_for_applications
    letters = list(peru.documents.values_list("kind", "letter"))
    assert letters == [("main_text", ""), ("annex", "A"), ("annex", "B"), ("annex", "C")]
    assert {c.party for c in peru.co_chairs.all()} == {"singapore", "partner"}
    assert all(d.page_count and d.file_size for d in peru.documents.all())


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(demo_site, client):
    response = client.get("/implementation-agreements/peru/no-such-tab/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
