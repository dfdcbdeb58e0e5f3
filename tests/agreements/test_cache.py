"""A published edit of agreement data shows on the cached public pages at once, in every process.

Pages are rendered once to fill django CMS's page cache; a change made without signals
(``QuerySet.update``) stays invisible, which proves the cache is serving; a saved draft stays
invisible too (it is not public); once a publisher publishes it, it shows up on the next request.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from agreements.models import AgreementContent, StageRequirement

from .factories import draft_of, make_document, publish

pytestmark = pytest.mark.django_db

PERU = "/implementation-agreements/peru/"
INDEX = "/implementation-agreements/"


def text(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def edit_and_publish(slug, capture, change):
    """An editor changes the draft of ``slug``'s data (``change(draft)``); it stays invisible to
    visitors until a publisher publishes it, after which the page cache is invalidated."""
    draft = draft_of(slug)
    with capture(execute=True):
        change(draft)
    with capture(execute=True):
        publish(draft)
    return draft


def published_quietly(slug, **fields):
    """Change the published version without signals: only a stale cache would hide it."""
    AgreementContent.objects.filter(agreement__slug=slug).update(**fields)


def listing(client, **params):
    """The filterable agreements table of the index, without the comparison table."""
    html = text(client, INDEX, **params)
    return html.split('<table class="agreements">', 1)[1].split("</table>", 1)[0]


def test_publishing_an_edit_refreshes_the_cached_page(
    demo_site, client, django_capture_on_commit_callbacks
):
    assert "Call extended" not in text(client, PERU)
    published_quietly("peru", application_status_note="Changed quietly.")
    assert "Changed quietly." not in text(client, PERU), "the page cache should serve this"

    def change(draft):
        draft.application_status_note = "Call extended to all sectors."
        draft.save()
        assert "Call extended to all sectors." not in text(client, PERU), "a draft is not public"

    edit_and_publish("peru", django_capture_on_commit_callbacks, change)
    assert "Call extended to all sectors." in text(client, PERU)


def test_a_new_annex_shows_once_published(demo_site, client, django_capture_on_commit_callbacks):
    assert "annex-d.pdf" not in text(client, PERU)

    def change(draft):
        make_document(draft, letter="D", title="Annex D - New rules")
        assert "annex-d.pdf" not in text(client, PERU)
        assert client.get(PERU + "documents/annex-d.pdf").status_code == 404

    edit_and_publish("peru", django_capture_on_commit_callbacks, change)
    html = text(client, PERU)
    assert "/implementation-agreements/peru/documents/annex-d.pdf" in html
    assert "Annex D - New rules" in html
    assert client.get(PERU + "documents/annex-d.pdf").status_code == 200


def test_an_application_call_opening_shows_on_the_index_and_home(
    demo_site, client, django_capture_on_commit_callbacks
):
    assert "/implementation-agreements/chile/" not in listing(client, status="open")
    assert '<a href="/implementation-agreements/chile/">Chile</a>' not in text(client, "/")

    def change(chile):
        chile.application_status = AgreementContent.ApplicationStatus.OPEN
        chile.application_status_since = chile.signed_on
        chile.save()
        assert "/implementation-agreements/chile/" not in listing(client, status="open")

    edit_and_publish("chile", django_capture_on_commit_callbacks, change)
    assert "/implementation-agreements/chile/" in listing(client, status="open")
    assert '<a href="/implementation-agreements/chile/">Chile</a>' in text(client, "/")
    assert "notice--open" in text(client, "/implementation-agreements/chile/")


def test_a_form_published_on_a_stage_shows_on_the_process_tab(
    demo_site, client, django_capture_on_commit_callbacks
):
    url = PERU + "application-process/"
    assert "https://example.org/transfer.pdf" not in text(client, url)

    def change(draft):
        form = StageRequirement.objects.get(stage__agreement=draft, title__startswith="Tr")
        form.availability = StageRequirement.Availability.AVAILABLE
        form.external_url = "https://example.org/transfer.pdf"
        form.save()
        assert "https://example.org/transfer.pdf" not in text(client, url)

    edit_and_publish("peru", django_capture_on_commit_callbacks, change)
    assert "https://example.org/transfer.pdf" in text(client, url)


def test_deleting_data_also_refreshes(demo_site, client, django_capture_on_commit_callbacks):
    assert "National Environment Agency" in text(client, PERU)

    def change(draft):
        draft.co_chairs.filter(party="singapore").delete()
        assert "National Environment Agency" in text(client, PERU)

    edit_and_publish("peru", django_capture_on_commit_callbacks, change)
    assert "National Environment Agency" not in text(client, PERU)


def test_a_rolled_back_publish_leaves_the_cache_alone(
    demo_site, client, django_capture_on_commit_callbacks
):
    from cms.cache import _get_cache_version

    text(client, PERU)
    draft = draft_of("peru")
    before = _get_cache_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(draft)
    assert callbacks, "invalidation waits for the commit"
    assert _get_cache_version() == before


# --- Shared cache across processes (Redis) ---

REDIS_URL = os.environ.get("CARBONSITE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

INVALIDATE_IN_ANOTHER_PROCESS = """
import os, sys
import django
from django.conf import settings
settings.CACHES = {"default": {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": os.environ["TEST_REDIS_URL"],
    "KEY_PREFIX": os.environ["TEST_KEY_PREFIX"],
}}
django.setup()
from agreements.signals import invalidate_public_pages
invalidate_public_pages()
"""


@pytest.fixture
def redis_cache():
    """The default cache pointed at the real Redis, under a key prefix only this test uses."""
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"REDIS NOT REACHABLE at {REDIS_URL}: cross-process cache test skipped ({exc})")
    prefix = f"carbonsite-test-{uuid.uuid4().hex}"
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    with override_settings(CACHES=caches):
        yield prefix
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def test_an_edit_in_another_process_refreshes_pages_cached_in_redis(demo_site, client, redis_cache):
    from django.core.cache import caches

    assert caches["default"].__class__.__name__ == "RedisCache"
    text(client, PERU)
    published_quietly("peru", application_status_note="Seen after the bump.")
    assert "Seen after the bump." not in text(client, PERU), "served from Redis"

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "carbonsite.settings.test",
        "TEST_REDIS_URL": REDIS_URL,
        "TEST_KEY_PREFIX": redis_cache,
    }
    subprocess.run(
        [sys.executable, "-c", INVALIDATE_IN_ANOTHER_PROCESS],
        env=env,
        cwd=Path(settings.BASE_DIR),
        check=True,
        timeout=60,
    )
    assert "Seen after the bump." in text(client, PERU)


# --- A render overtaken by an edit (agreements/pagecache.py) ---


def _edit_peru_note(note, capture):
    def change(draft):
        draft.application_status_note = note
        draft.save()

    edit_and_publish("peru", capture, change)


def _cached_entry(path):
    from django.test import RequestFactory

    from carbonsite.caching import cached_cms_page

    return cached_cms_page(RequestFactory().get(path))


def test_a_render_overtaken_by_an_edit_is_never_served(
    demo_site, client, monkeypatch, django_capture_on_commit_callbacks
):
    """Render reads the old data, the edit commits and bumps, then the render stores its page."""
    from cms.cache import _get_cache_version

    from agreements import pagecache

    real_store = pagecache.store_page_cache
    stores = []

    def edit_commits_then_store(response, *, version):
        if not stores:
            _edit_peru_note("Raced edit now visible.", django_capture_on_commit_callbacks)
            assert _get_cache_version() > version, "the edit bumped the version"
        stores.append(version)
        return real_store(response, version=version)

    monkeypatch.setattr(pagecache, "store_page_cache", edit_commits_then_store)
    raced = text(client, PERU)
    assert "Raced edit now visible." not in raced, "this render read the data before the edit"
    assert stores, "the page went through the pinned store"

    assert "Raced edit now visible." in text(client, PERU)
    # The fresh page is now the cached one: a quiet change stays invisible.
    published_quietly("peru", application_status_note="Quiet change.")
    html = text(client, PERU)
    assert "Raced edit now visible." in html and "Quiet change." not in html
    assert len(stores) == 2 and stores[1] > stores[0]


def test_without_the_pinned_version_the_cms_serves_the_raced_page(
    demo_site, client, monkeypatch, settings, django_capture_on_commit_callbacks
):
    """The same interleaving through the CMS's own store: the stale page stays (the old gap)."""
    import cms.page_rendering
    from cms.cache.page import set_page_cache

    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.startswith("agreements.")]
    stored = []

    def edit_commits_then_set_page_cache(response):
        if not stored:
            _edit_peru_note("Raced edit now visible.", django_capture_on_commit_callbacks)
        stored.append(True)
        return set_page_cache(response)

    monkeypatch.setattr(cms.page_rendering, "set_page_cache", edit_commits_then_set_page_cache)
    assert "Raced edit now visible." not in text(client, PERU)
    assert "Raced edit now visible." not in text(client, PERU), "stale page served after the edit"


def test_pinned_entries_equal_the_cms_own(demo_site, client, settings):
    """Same key, vary list, content and headers as ``set_page_cache``: readers stay compatible."""
    from django.core.cache import cache

    text(client, PERU)
    ours = _cached_entry(PERU)
    cache.clear()
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.startswith("agreements.")]
    text(client, PERU)
    theirs = _cached_entry(PERU)
    assert ours is not None and theirs is not None
    assert ours[0] == theirs[0]
    # Expires is a wall-clock date; the two renders may straddle a second.
    assert {k: v for k, v in ours[1].items() if k != "Expires"} == {
        k: v for k, v in theirs[1].items() if k != "Expires"
    }
    assert set(ours[1]) == set(theirs[1])
    assert ours[3] == theirs[3]
    assert abs((ours[2] - theirs[2]).total_seconds()) < 60


def test_a_store_never_moves_the_version_back(demo_site, client, monkeypatch):
    from cms.cache import _get_cache_version, invalidate_cms_page_cache

    from agreements import pagecache

    real_store = pagecache.store_page_cache

    def bump_then_store(response, *, version):
        invalidate_cms_page_cache()
        return real_store(response, version=version)

    monkeypatch.setattr(pagecache, "store_page_cache", bump_then_store)
    before = _get_cache_version()
    text(client, PERU)
    assert _get_cache_version() == before + 1
