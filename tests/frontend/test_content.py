"""What every page tells visitors and search engines: a real meta description, one date
format, a "Last updated" line, illustrative content marked, and honest register counts."""

import re
from html import unescape

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.security.site_pages import PAGE_TEMPLATES

pytestmark = pytest.mark.django_db

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
MESES = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
# "31 March 2025" on English pages, "31 de marzo de 2025" on Spanish ones.
LONG_DATE = re.compile(rf"^\d{{1,2}} (({MONTHS})|de ({MESES}) de) \d{{4}}$")
SHORT_MONTH_DATE = re.compile(
    r"\b\d{1,2} (Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec) \d{4}\b"
)
META_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')
TIME_TEXT = re.compile(r"<time datetime=\"[^\"]+\">([^<]*)</time>")
LAST_UPDATED = re.compile(
    rf"(Last updated|Última actualización) <time datetime=\"\d{{4}}-\d\d-\d\d\">"
    rf"\d{{1,2}} (({MONTHS})|de ({MESES}) de) \d{{4}}</time>"
)


@pytest.fixture
def site(demo_site, db):
    return demo_site


def sitemap_paths(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    return [re.sub(r"^https?://[^/]+", "", unescape(loc)) for loc in locations]


def test_every_sitemap_page_has_a_real_meta_description(site, client):
    paths = sitemap_paths(client)
    assert len(paths) > 40
    problems = []
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        found = META_DESCRIPTION.findall(response.content.decode())
        if len(found) != 1:
            problems.append(f"{path}: {len(found)} meta descriptions")
            continue
        text = unescape(found[0]).strip()
        if text in {"", "None"} or len(text) < 40 or len(text) > 160:
            problems.append(f"{path}: {text!r}")
    assert problems == []


def description_of(client, path):
    html = client.get(path).content.decode()
    return unescape(META_DESCRIPTION.search(html).group(1))


def test_a_page_without_its_own_description_uses_its_intro(site, client):
    assert description_of(client, "/implementation-agreements/").startswith(
        "Singapore has signed Implementation Agreements with the countries below."
    )
    # Headings and paragraphs stay apart as words.
    assert description_of(client, "/faq/").startswith("What is an Implementation Agreement? It is")


def test_an_agreement_tab_without_intro_describes_itself_through_its_agreement(site, client):
    overview = description_of(client, "/implementation-agreements/peru/")
    process = description_of(client, "/implementation-agreements/peru/application-process/")
    assert process.startswith("Application process: ")
    assert process[len("Application process: ") :][:40] == overview[:40]


def test_one_date_format_on_every_page(site, client):
    problems = []
    for _, path, _ in PAGE_TEMPLATES:
        html = client.get(path).content.decode()
        for text in TIME_TEXT.findall(html):
            if not LONG_DATE.match(text.strip()):
                problems.append(f"{path}: <time>{text}</time>")
        text = re.sub(r"<[^>]+>", " ", html)
        problems += [f"{path}: {m.group(0)}" for m in SHORT_MONTH_DATE.finditer(text)]
    assert problems == []


def test_the_date_filter_writes_day_full_month_year():
    import datetime

    rendered = Template("{% load page_meta %}{{ day|long_date }}|{{ none|long_date }}").render(
        Context({"day": datetime.date(2025, 3, 31), "none": None})
    )
    assert rendered == "31 March 2025|"
    with translation.override("es"):
        spanish = Template("{% load page_meta %}{{ day|long_date }}").render(
            Context({"day": datetime.date(2025, 3, 31)})
        )
    assert spanish == "31 de marzo de 2025"


@pytest.mark.parametrize(("name", "path", "status"), PAGE_TEMPLATES, ids=lambda v: str(v))
def test_every_page_says_when_it_was_last_updated(site, client, name, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert LAST_UPDATED.search(response.content.decode()), name


def test_last_updated_is_the_page_publish_date_or_the_sites_last_publish(site, client):
    """A CMS page shows when its own content was published; a page outside the page tree
    (search) the site's last publish."""
    import datetime

    from cms.models import PageContent
    from django.contrib.contenttypes.models import ContentType
    from djangocms_versioning.constants import PUBLISHED
    from djangocms_versioning.models import Version

    faq = PageContent.objects.get(page__urls__slug="faq", language="en")
    Version.objects.filter(
        content_type=ContentType.objects.get_for_model(PageContent), object_id=faq.pk
    ).update(modified=datetime.datetime(2031, 2, 3, tzinfo=datetime.UTC))
    stamp = 'Last updated <time datetime="2031-02-03">3 February 2031</time>'
    assert stamp in client.get("/faq/").content.decode()
    assert "2031" not in client.get("/privacy/").content.decode()
    assert stamp in client.get("/search/").content.decode()
    Version.objects.filter(state=PUBLISHED).exclude(
        content_type=ContentType.objects.get_for_model(PageContent), object_id=faq.pk
    ).update(modified=datetime.datetime(2032, 4, 5, tzinfo=datetime.UTC))
    assert "5 April 2032</time>" in client.get("/search/").content.decode()


def test_invented_stage_wording_is_marked_illustrative(site, client):
    html = client.get("/implementation-agreements/peru/application-process/").content.decode()
    stages = html.split('<ol class="stages"')[1].split("</ol>")[0]
    for stage in stages.split("<li>\n    <h3>")[1:]:
        assert "Illustrative example" in stage
    # The marked box holds the invented parts: the submit/receive lines and the form names.
    box = stages.split('class="illustrative-block"')[1]
    assert box.index("You submit") > 0 and "Stage 1 application form" in box


def test_register_counts_leave_out_illustrative_rows(site, client):
    html = client.get("/implementation-agreements/").content.decode()
    paraguay = html.split(">Paraguay<")[1].split("</tr>")[0]
    count = re.search(r'data-label="Authorised projects" class="num">(\d+)', paraguay).group(1)
    assert count == "0"
    assert "illustrative" in paraguay


def test_the_index_lists_each_agreement_once(site, client):
    html = client.get("/implementation-agreements/").content.decode()
    assert html.count('<th scope="row"><a href="/implementation-agreements/peru/">') == 1


def test_ghana_does_not_point_to_forms_it_has_not_published(site, client):
    html = client.get("/implementation-agreements/ghana/").content.decode()
    assert "not yet published" in html
    assert "Forms, documents and commitments for each stage" not in html
    assert "See the stages, forms and commitments" not in html


def test_favicon_ico_answers(site, client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg")
    assert client.get(response["Location"]).status_code == 200


def test_header_search_and_navigation_are_left_out_of_print():
    from pathlib import Path

    css = Path(__file__).resolve().parents[2] / "build" / "static" / "css" / "site.css"
    assert css.exists(), "the site's CSS is not built: run `make assets`"
    print_rules = css.read_text().split("@media print{", 1)[1]
    hidden = print_rules.split("{display:none")[0]
    for selector in (".site-search", ".site-menu", "sgds-masthead", ".tab-bar"):
        assert selector in hidden
