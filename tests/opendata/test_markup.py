"""The new pages parse as HTML without errors, have unique ids and label every form control."""

import re
from collections import Counter

import html5lib
import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/implementation-agreements/",
    "/implementation-agreements/peru/",
    "/implementation-agreements/ghana/eligibility/",
    "/implementation-agreements/ghana/eligibility/?programme=verra&sector=nope",
    "/implementation-agreements/peru/projects/",
    "/projects/",
    "/projects/?per_page=10&sort=-volume&status=bogus",
    "/search/",
    "/search/?q=annex",
    "/search/?q=%3Cscript%3E",
]


@pytest.mark.parametrize("url", PAGES)
def test_page_is_well_formed_html(demo_site, client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    parser.parse(html)  # raises ParseError on any HTML parse error
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert not [name for name, count in ids.items() if count > 1]
    labelled = set(re.findall(r'<label for="([^"]+)"', html))
    for control in re.findall(r"<(?:select|input|textarea)\b[^>]*>", html):
        if 'type="hidden"' in control or 'type="submit"' in control:
            continue
        control_id = re.search(r'\sid="([^"]+)"', control)
        assert control_id and control_id.group(1) in labelled, control
    for table in re.findall(r"<table\b.*?</table>", html, re.S):
        assert '<th scope="col"' in table
