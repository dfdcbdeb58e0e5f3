"""The process tab's flow chart: drawn from the stages, with the stage list as its text equivalent,
and the uploaded diagram as an alternative with alt text and a long description."""

import re
from io import BytesIO
from types import SimpleNamespace

import lxml.html
import pytest
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from PIL import Image

from agreements.models import AgreementContent

from .factories import draft_of, publish

pytestmark = pytest.mark.django_db

PERU_PROCESS = "/implementation-agreements/peru/application-process/"


def tree(response):
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def test_peru_flow_chart_is_drawn_from_its_stages_and_described_by_the_list(demo_site, client):
    page = tree(client.get(PERU_PROCESS))
    [section] = page.xpath('//section[@id="flow-chart"]')
    [diagram] = section.xpath('.//*[@role="img"]')
    titles = [t.text_content() for t in diagram.xpath('.//*[@class="flow-chart__title"]')]
    peru = AgreementContent.objects.get(agreement__slug="peru")
    assert titles == [stage.title for stage in peru.stages.all()]
    assert len(diagram.xpath('.//*[@class="flow-chart__arrow"]')) == len(titles) - 1
    # Its name is the caption; its description is the ordered list of stages.
    [name] = page.xpath(f'//*[@id="{diagram.get("aria-labelledby")}"]')
    assert name.text_content().startswith("Flow chart of the application process in 3 stages")
    assert all(title in name.text_content() for title in titles)
    [described] = page.xpath(f'//*[@id="{diagram.get("aria-describedby")}"]')
    assert described.tag == "ol"
    listed = [h.text_content() for h in described.xpath("./li/h3")]
    assert listed == [f"Stage {n}: {title}" for n, title in enumerate(titles, start=1)]
    # The caption's link leads to the same list.
    assert section.xpath(f'.//figcaption/a[@href="#{described.get("id")}"]')


def test_the_flow_chart_is_drawn_by_the_site_stylesheet_without_inline_style(demo_site, client):
    html = client.get(PERU_PROCESS).content.decode()
    assert ' style="' not in html.split("<main", 1)[1]
    head = html.split("</head>", 1)[0]
    # One stylesheet for the whole site; the chart's rules are built into it (make assets).
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', head) == ["/static/css/site.css"]
    css = client.get("/static/css/site.css")
    assert css.status_code == 200
    rules = css.getvalue().decode()
    for selector in (".flow-chart__diagram", ".flow-chart__step", ".flow-chart__arrow:"):
        assert selector in rules, f"{selector} was purged from the built CSS"


def test_no_flow_chart_without_stages_or_diagram(demo_site, client):
    agreement = next(a for a in AgreementContent.objects.all() if not a.stages.exists())
    page = tree(client.get(f"/implementation-agreements/{agreement.slug}/application-process/"))
    assert page.xpath('//*[@id="flow-chart"]') == []
    assert page.xpath('//*[contains(@class, "flow-chart")]') == []


def test_the_component_renders_any_list_of_stages_without_queries(django_assert_num_queries):
    stages = [
        SimpleNamespace(order=1, title="Letter of intent"),
        SimpleNamespace(order=2, title="Design & review"),
    ]
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        html = render_to_string(
            "agreements/includes/flow_chart.html",
            {"stages": stages, "described_by": "the-list", "chart_id": "chart"},
            request=request,
        )
    fragment = lxml.html.fromstring(html)
    [diagram] = fragment.xpath('//*[@role="img"]')
    assert diagram.get("id") == "chart"
    assert diagram.get("aria-describedby") == "the-list"
    assert "Letter of intent, then Design &amp; review." in html


def png_bytes():
    buffer = BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_uploaded_diagram_has_alt_text_and_a_linked_long_description(demo_site, client):
    peru = draft_of("peru")
    peru.process_diagram.save("peru-flow.png", ContentFile(png_bytes()), save=False)
    peru.process_diagram_alt = "Flow chart of the three stages of Peru's application process."
    peru.process_diagram_long_description = (
        "Box 1: Project design.\n\nArrow to box 2: Implementation plan."
    )
    peru.full_clean()
    peru.save()
    publish(peru)
    for path in (PERU_PROCESS, "/implementation-agreements/peru/"):
        page = tree(client.get(path))
        [image] = page.xpath('//figure[@class="process-diagram"]/img')
        assert image.get("alt") == peru.process_diagram_alt
        [description] = page.xpath(f'//*[@id="{image.get("aria-describedby")}"]')
        assert "Arrow to box 2: Implementation plan." in description.text_content()
        assert description.xpath("ancestor::details/summary")
    # On the process tab both are there: the drawn chart and the picture.
    page = tree(client.get(PERU_PROCESS))
    assert page.xpath('//section[@id="flow-chart"]//*[@role="img"]')
    assert page.xpath('//section[@id="flow-chart"]//figure[@class="process-diagram"]/img')
