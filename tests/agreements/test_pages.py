"""The agreement pages: every block of the Peru seed page, the tabs, the index, the home page."""

import re
from datetime import UTC

import pytest
from cms.api import create_page
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, AgreementContent, ApplicationStage, StageRequirement
from agreements.services import page_publish

from .factories import (
    admin_user,
    bulk_public_agreements,
    letters,
    make_agreement,
    make_co_chair,
    make_document,
    publish_pages,
    published,
)

pytestmark = pytest.mark.django_db

PERU = "/implementation-agreements/peru/"
PERU_PROCESS = "/implementation-agreements/peru/application-process/"
INDEX = "/implementation-agreements/"


def listing_of(response):
    """The agreements table of the index, filterable by status."""
    return main_of(response).split('<table class="agreements stack">', 1)[1].split("</table>", 1)[0]


def main_of(response):
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    return html.split('<main id="main-content"', 1)[1].split("</main>", 1)[0]


def squash(html):
    return re.sub(r"\s+", " ", html)


def test_peru_overview_carries_everything_the_seed_page_has(demo_site, client):
    main = squash(main_of(client.get(PERU)))
    # The signing sentence, with the press release linked by words that say what it is.
    assert "Singapore and Peru signed an Implementation Agreement" in main
    assert '<time datetime="2025-03-31">31 March 2025</time>' in main
    assert re.search(
        r'<a href="https://www\.mti\.gov\.sg/[^"]+Peru" rel="noopener">'
        r"press release on the signing</a>",
        main,
    )
    # The four signed documents, each linked to its stable address, with format, size and pages.
    rows = re.findall(r'<a href="(/implementation-agreements/peru/documents/[^"]+)"', main)
    assert rows == [
        "/implementation-agreements/peru/documents/main-text.pdf",
        "/implementation-agreements/peru/documents/annex-a.pdf",
        "/implementation-agreements/peru/documents/annex-b.pdf",
        "/implementation-agreements/peru/documents/annex-c.pdf",
    ]
    for title in [
        "Implementation Agreement between Singapore and Peru",
        "Annex A - Processes for the Authorisation of Mitigation Activities, and the Issuance "
        "and Transfer of ITMOs",
        "Annex B - Terms of Reference of the Joint Committee",
        "Annex C - Procedure for Project Participants to Resolve Disputes with Peru Relating to "
        "the Applications of Corresponding Adjustments",
    ]:
        assert title in main
    assert len(re.findall(r"PDF, \d+ KB, 2 pages", main)) == 4
    assert (
        "<caption>Signed documents of the Singapore–Peru Implementation Agreement</caption>" in main
    )
    # Open for applications, with a link to the Application Process tab.
    assert "notice--open" in main
    assert "since <time" in main
    assert f'<a href="{PERU_PROCESS}">Application Process tab</a>' in main
    # The process at a glance as an ordered list, not an image.
    stages = main.split('<ol class="stages">', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r"<h3>(Stage \d: [^<]+)</h3>", stages) == [
        "Stage 1: Project design",
        "Stage 2: Implementation plan",
        "Stage 3: Corresponding adjustments",
    ]
    # The Joint Committee co-chairs, one per party.
    cochairs = main.split('<table class="cochairs">', 1)[1].split("</table>", 1)[0]
    assert '<th scope="row">Singapore</th>' in cochairs
    assert "Director (Carbon Planning Division), National Environment Agency" in cochairs
    assert '<th scope="row">Peru</th>' in cochairs
    assert "General Directorate of Climate Change and Desertification" in cochairs
    assert "To be announced" not in cochairs


def test_peru_process_tab_lists_stages_forms_commitments_and_contact(demo_site, client):
    main = squash(main_of(client.get(PERU_PROCESS)))
    assert main.count("<h3>Stage ") == 3
    assert "<h4>Forms and documents for stage 1</h4>" in main
    # A form not yet available says so; it is never a silent blank.
    assert (
        'Stage 1 application form <span class="badge badge--pending">To be published</span>' in main
    )
    assert "5% of the proceeds" in main
    assert "2% of the authorised credits are cancelled" in main
    assert "overall mitigation in global emissions (OMGE)" in main
    assert "Eligible Entity" in main
    assert '<h2 id="contact-heading">Contact</h2>' in main
    assert 'href="/contact/?agreement=peru#enquiry-form"' in main
    # The open notice does not link to the page it is on.
    assert "Application Process tab</a>" not in main


def test_available_forms_are_links(demo_site, client):
    stage = ApplicationStage.objects.get(agreement=published("peru"), order=2)
    StageRequirement.objects.filter(stage=stage).update(
        availability="available", external_url="https://example.org/stage-2.docx"
    )
    main = squash(main_of(client.get(PERU_PROCESS)))
    assert '<a href="https://example.org/stage-2.docx">Stage 2 application form</a>' in main


@pytest.mark.parametrize("url", [PERU, PERU_PROCESS])
def test_tab_bar_is_links_with_the_current_tab_marked(demo_site, client, url):
    main = main_of(client.get(url))
    nav = main.split('<nav class="tab-bar"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(
        r'<a class="nav-link[^"]*" href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav
    )
    assert [(href, label) for href, _, label in links] == [
        (PERU, "Overview"),
        (PERU_PROCESS, "Application process"),
        (PERU + "eligibility/", "Eligibility list"),
        (PERU + "projects/", "Authorised projects"),
    ]
    assert [href for href, current, _ in links if current] == [url]


def test_published_child_pages_become_tabs_in_order(demo_site, client):
    peru = Agreement.objects.get(slug="peru")
    user = admin_user()
    published = create_page(
        "Guidance",
        "pages/content.html",
        "en",
        slug="guidance",
        parent=peru.page,
        created_by=user,
    )
    page_publish(page=published, user=user)
    create_page(
        "Draft tab", "pages/content.html", "en", slug="draft", parent=peru.page, created_by=user
    )
    main = main_of(client.get(PERU))
    nav = main.split('<nav class="tab-bar"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r">([^<]+)</a>", nav) == [
        "Overview",
        "Application process",
        "Eligibility list",
        "Authorised projects",
        "Guidance",
    ]
    assert client.get(PERU + "draft/").status_code == 404


def test_unknown_tab_is_a_404(demo_site, client):
    response = client.get(PERU + "no-such-tab/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_agreement_not_yet_open_says_so_and_announces_missing_co_chairs(demo_site, client):
    main = squash(main_of(client.get("/implementation-agreements/chile/")))
    assert "notice--pending" in main
    assert "<strong>Not yet open for applications</strong>" in main
    assert "notice--open" not in main
    cochairs = main.split('<table class="cochairs">', 1)[1].split("</table>", 1)[0]
    assert cochairs.count("To be announced") == 2
    assert "stages of the application process are not yet published" in main


def test_illustrative_co_chair_is_visibly_marked(demo_site, client):
    chile = published("chile")
    make_co_chair(chile, "partner", position_title="Head of Climate", is_illustrative=True)
    main = main_of(client.get("/implementation-agreements/chile/"))
    assert "Head of Climate, Some Agency" in main
    assert "illustrative example, not confirmed" in main


def test_process_diagram_is_shown_with_its_alt_text(demo_site, client):
    AgreementContent.objects.filter(agreement__slug="peru").update(
        process_diagram="agreements/diagrams/peru.png",
        process_diagram_alt="Three boxes in a row: design, implementation plan, adjustments.",
    )
    main = main_of(client.get(PERU))
    assert re.search(
        r'<img src="/media/agreements/diagrams/peru\.png" alt="Three boxes in a row: design', main
    )


def test_agreement_pages_have_no_inline_script_or_style(demo_site, client):
    for url in [PERU, PERU_PROCESS, INDEX, "/"]:
        html = client.get(url).content.decode()
        # JSON-LD is data for search engines, never executed.
        html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
        # The one script is the site's own module, from a file (it only enhances).
        html = html.replace('<script type="module" src="/static/js/site.js"></script>', "")
        assert "<script" not in html
        assert " style=" not in html
        assert "<style" not in html


def test_headings_do_not_skip_levels(demo_site, client):
    for url in [PERU, PERU_PROCESS, INDEX, "/"]:
        levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", main_of(client.get(url)))]
        assert levels[0] == 1
        for previous, current in zip(levels, levels[1:], strict=False):
            assert current <= previous + 1, (url, levels)


def test_index_lists_every_agreement_newest_first(demo_site, client):
    main = listing_of(client.get(INDEX))
    partners = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)<span', main)
    assert partners == [
        "Mongolia",
        "Vietnam",
        "Thailand",
        "Paraguay",
        "Rwanda",
        "Chile",
        "Peru",
        "Bhutan",
        "Ghana",
        "Papua New Guinea",
    ]
    assert '<time datetime="2023-12-08">8 December 2023</time>' in main
    assert main.count('class="badge badge--not_yet_open"') == 8


def test_index_filters_by_status_without_javascript(demo_site, client):
    main = main_of(client.get(INDEX, {"status": "open"}))
    assert re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)<span', main) == ["Peru", "Ghana"]
    assert '<option value="open" selected>' in main
    # The site's one filter-form component, as on the register and the eligibility list.
    assert '<form class="filters" method="get"' in main
    assert '<label for="id_status">Application status</label>' in main
    empty = main_of(client.get(INDEX, {"status": "closed"}))
    assert "No agreement has this application status" in empty


@pytest.mark.parametrize("value", ["bogus", "<script>", "open' OR 1=1", "x" * 500])
def test_bad_filter_value_gives_the_normal_page(demo_site, client, value):
    main = main_of(client.get(INDEX, {"status": value}))
    assert listing_of(client.get(INDEX, {"status": value})).count('<th scope="row">') == 10
    assert "Some filter values were not recognised and have been ignored: status." in main
    assert "<script>" not in main


def test_index_template_leaves_room_for_the_comparison_table():
    from django.template.loader import get_template

    source = get_template("pages/agreements_index.html").template.source
    assert "{% block index_extra %}" in source
    assert "index_downloads.html" in source


def test_home_shows_agreements_at_a_glance(demo_site, client):
    main = squash(main_of(client.get("/")))
    glance = main.split('<section class="home-section at-a-glance"', 1)[1].split("</section>", 1)[0]
    assert '<span class="glance-figures__number">10</span> agreements signed' in glance
    assert '<span class="glance-figures__number">2</span> open for project applications' in glance
    # One card per agreement, newest first, with its status.
    cards = re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)<span', glance)
    assert cards[0] == "Mongolia" and len(cards) == 10
    assert glance.count('class="badge badge--open"') == 2
    applicants = main.split('id="applicants-heading"', 1)[1].split("</section>", 1)[0]
    assert '<a href="/implementation-agreements/peru/">Peru</a>' in applicants
    news = main.split('id="whats-new-heading"', 1)[1].split("</section>", 1)[0]
    assert "Singapore–Peru: Application call opened" in news


def count_render_queries(client, url):
    """Queries for a full render of ``url``, after a first render has warmed the per-process
    caches, with the shared cache empty (menus are kept there for one second only)."""
    with override_settings(CMS_PAGE_CACHE=False):
        assert client.get(url).status_code == 200
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.slow
def test_overview_queries_do_not_grow_with_documents(demo_site, client):
    small = publish_pages(make_agreement(slug="one-doc", partner_country="One Doc"))
    make_document(small, kind="main_text", letter="")
    big = publish_pages(make_agreement(slug="many-docs", partner_country="Many Docs"))
    make_document(big, kind="main_text", letter="")
    for order, letter in enumerate(letters(29), start=1):
        make_document(big, letter=letter, order=order, pages=1)
    for agreement in (small, big):
        make_co_chair(agreement, "singapore")
        stage = ApplicationStage.objects.create(
            agreement=agreement, order=1, title="S", purpose="p"
        )
        StageRequirement.objects.create(stage=stage, title="Form")

    few = count_render_queries(client, "/implementation-agreements/one-doc/")
    many = count_render_queries(client, "/implementation-agreements/many-docs/")
    assert big.documents.count() == 30
    assert few == many
    assert count_render_queries(
        client, "/implementation-agreements/one-doc/application-process/"
    ) == count_render_queries(client, "/implementation-agreements/many-docs/application-process/")


@pytest.mark.slow
def test_index_queries_do_not_grow_with_agreements(demo_site, client):
    assert Agreement.objects.count() == 10
    ten = count_render_queries(client, INDEX)
    bulk_public_agreements(190)
    two_hundred = count_render_queries(client, INDEX)
    assert "Bulkland 0189" in client.get(INDEX).content.decode()
    assert ten == two_hundred
    assert count_render_queries(client, "/") == count_render_queries(client, "/")


@pytest.mark.parametrize(
    "url",
    [
        PERU,
        PERU_PROCESS,
        "/implementation-agreements/chile/",
        "/implementation-agreements/chile/application-process/",
        INDEX,
        INDEX + "?status=open",
        INDEX + "?status=closed",
        INDEX + "?status=bogus",
        "/",
    ],
)
def test_pages_parse_as_valid_html_with_unique_ids(demo_site, client, url):
    import html5lib

    html = client.get(url).content.decode()
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    document = parser.parse(html)  # raises ParseError on the first error
    ids = [element.get("id") for element in document.iter() if element.get("id")]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for table in document.iter("table"):
        assert table.find("caption") is not None, "every table needs a caption"
        assert table.find("thead") is not None
    for image in document.iter("img"):
        assert image.get("alt") is not None
    for link in document.iter("a"):
        label = "".join(link.itertext()).strip()
        assert label, f"a link without text: {link.get('href')}"
        assert label.lower() not in {"here", "click here", "more", "link"}


def test_last_updated_follows_an_edit_of_agreement_data(demo_site, client):
    from datetime import datetime

    AgreementContent.objects.filter(agreement__slug="peru").update(
        updated_at=datetime(2031, 2, 3, tzinfo=UTC)
    )
    html = client.get(PERU).content.decode()
    assert 'Last updated <time datetime="2031-02-03">3 February 2031</time>' in html
    other = client.get("/faq/").content.decode()
    assert "2031" not in other
