"""Two gunicorn nodes sharing one PostgreSQL and one Redis behave as one site."""

import threading
import time

import pytest

pytestmark = pytest.mark.slow

PERU = "/implementation-agreements/peru/"
INDEX = "/implementation-agreements/"

PUBLISH_INDEX_TEXT = """
from django.contrib.auth import get_user_model
from cms.models import Page
from djangocms_versioning.models import Version
from agreements.services import page_add_text, page_content, page_publish

user = get_user_model().objects.get(username="admin")
page = Page.objects.get(reverse_id="agreements-index")
Version.objects.get_for_content(page_content(page)).copy(user)
page_add_text(page=page, slot="content", html="<p>{marker}</p>")
page_publish(page=page, user=user)
"""

EDIT_AGREEMENT = """
from agreements.models import Agreement

agreement = Agreement.objects.get(slug="peru")
agreement.partner_country = "{marker}"
agreement.save()
"""


def test_two_nodes_share_publishes_and_survive_concurrent_load(site):
    first, second = site["server"](), site["server"]()
    for node in (first, second):
        for path in ("/", INDEX, PERU):
            status, _, body = node.get(path)
            assert status == 200, (node.url, path, body[:300])
    # Both nodes now hold the index in the shared page cache; a publish through one process
    # must reach every node at once.
    marker = "Published through the shared cache"
    result = _shell(site, PUBLISH_INDEX_TEXT.format(marker=marker))
    assert result.returncode == 0, result.stderr
    for node in (first, second):
        status, _, body = node.get(INDEX)
        assert status == 200
        assert marker.encode() in body, f"{node.url} served a stale index"

    # Concurrent load on both nodes: a bounded number of requests from threads.
    failures, answered = [], []
    paths = ["/", INDEX, PERU, "/healthz"]

    def worker(node, offset):
        for index in range(40):
            path = paths[(index + offset) % len(paths)]
            try:
                status, _, _ = node.get(path, timeout=30)
            except OSError as exc:
                failures.append((node.url, path, repr(exc)))
                continue
            (answered if status == 200 else failures).append((node.url, path, status))

    threads = [
        threading.Thread(target=worker, args=(node, offset))
        for node in (first, second)
        for offset in range(4)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures[:5]
    assert len(answered) == 2 * 4 * 40, (
        f"only {len(answered)} answers in {time.monotonic() - started:.0f} s"
    )


def test_agreement_edit_on_one_node_is_visible_on_the_other(site):
    first, second = site["server"](), site["server"]()
    for node in (first, second):
        assert node.get(PERU)[0] == 200  # cached on both
    marker = "Peru (edited on node one)"
    result = _shell(site, EDIT_AGREEMENT.format(marker=marker))
    assert result.returncode == 0, result.stderr
    stale = [node.url for node in (first, second) if marker.encode() not in node.get(PERU)[2]]
    assert not stale, f"stale Peru overview on {stale}"


def _shell(site, code):
    from . import stack

    return stack.manage(site["env"], "shell", "-c", code, check=False)
