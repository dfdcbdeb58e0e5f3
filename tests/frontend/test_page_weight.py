"""The Peru overview on a first visit: HTML, CSS, JavaScript and fonts at most 60 KB compressed.

Each file is counted as gzip (level 9) would send it; woff2 fonts are already compressed and
count as they are. Every font the stylesheet declares is counted, since the page uses both
weights.
"""

import os

import pytest

from tests.frontend.weight import BUDGET, page_weight

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(demo_site, db):
    return demo_site


def test_the_peru_overview_stays_within_its_budget(site, client):
    html = client.get("/implementation-agreements/peru/").content
    weights = page_weight(html)
    kinds = {kind for kind, _, _ in weights}
    assert {"html", "css", "js", "font"} <= kinds, weights
    total = sum(size for _, _, size in weights)
    assert total <= BUDGET, f"{total} bytes: {weights}"


def test_the_budget_check_counts_what_a_page_loads(site, client):
    """The check can fail: a page pulling a large script is over the budget."""
    html = client.get("/implementation-agreements/peru/").content
    heavy = html.replace(b"</head>", b'<script src="/static/js/heavy.js"></script></head>')
    weights = page_weight(heavy, extra={"js/heavy.js": os.urandom(BUDGET)})
    assert ("js", "js/heavy.js") in {(kind, name) for kind, name, _ in weights}
    assert sum(size for _, _, size in weights) > BUDGET
