"""The shared markup components: one template each, used in every place that shows the piece."""

import re

import pytest
from django.template import Context, Template, TemplateSyntaxError

from alerts.kinds import AlertKind

PERU = "/implementation-agreements/peru/"


def render(source, **context):
    return Template("{% load components %}" + source).render(Context(context))


def test_notice_component():
    html = render(
        '{% notice "pending" role="status" %}<p>{{ text }}</p>{% endnotice %}', text="<b>"
    )
    assert html == '<div class="notice notice--pending" role="status"><p>&lt;b&gt;</p></div>\n'
    assert render("{% notice %}<p>x</p>{% endnotice %}").startswith(
        '<div class="notice" role="note">'
    )


@pytest.mark.parametrize(
    "source",
    [
        '{% notice "loud" %}x{% endnotice %}',
        '{% notice "open" role="banner" %}x{% endnotice %}',
        "{% scroll_table %}x{% endscroll_table %}",
    ],
)
def test_components_refuse_what_they_cannot_draw(source):
    with pytest.raises(TemplateSyntaxError):
        render(source)


def test_scroll_table_is_a_named_focusable_region():
    html = render(
        '{% scroll_table "Things, scrolls sideways" %}<table></table>{% endscroll_table %}'
    )
    assert html == (
        '<div class="table-wrap" role="region" aria-label="Things, scrolls sideways" '
        'tabindex="0"><table></table></div>\n'
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, regions",
    [
        ("/implementation-agreements/", 1),
        (PERU, 2),  # signed documents, co-chairs
        ("/implementation-agreements/ghana/eligibility/", 2),
        ("/projects/", 1),
    ],
)
def test_every_wide_table_sits_in_the_scroll_component(demo_site, client, url, regions):
    html = client.get(url).content.decode()
    assert html.count('<div class="table-wrap"') == regions
    assert (
        len(
            re.findall(
                r'<div class="table-wrap" role="region" aria-label="[^"]+" tabindex="0">', html
            )
        )
        == regions
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/implementation-agreements/", "/projects/", "/implementation-agreements/ghana/eligibility/"],
)
def test_every_listing_uses_the_one_filter_form(demo_site, client, url):
    html = client.get(url, {"programme": "nonsense", "status": "nonsense"}).content.decode()
    assert html.count('<form class="filters" method="get" action="">') == 1
    assert (
        '<div class="notice notice--pending" role="status"><p>Some filter values were not '
        "recognised" in html
    )


@pytest.mark.django_db
def test_subscribe_boxes_offer_the_alert_kinds_of_alerts_kinds(demo_site, client):
    index = client.get("/implementation-agreements/").content.decode()
    for kind in AlertKind:
        assert (
            f'value="{kind.value}" id="alerts-box-{kind.value}" checked> '
            f'<label for="alerts-box-{kind.value}">{kind.label}</label>' in index
        )
    peru = client.get(PERU).content.decode()
    assert 'name="kinds" value="call_opened"' in peru
    # A new agreement being signed is not news about one agreement.
    assert 'value="agreement_signed"' not in peru
