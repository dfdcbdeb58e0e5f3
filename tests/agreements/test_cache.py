"""A published edit of agreement data shows on the public pages at once; a draft never does.

Django keeps no copy of public pages (the front door caches them for at most a second, see
tests/frontdoor/), so even a change made without signals (``QuerySet.update``) shows on the next
request; a saved draft stays invisible (it is not public); once a publisher publishes it, it
shows up on the next request, and the after-commit invalidation of what the CMS may cache runs.
"""

import pytest

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
    """Change the published version without signals: only a kept copy of the page would hide it."""
    AgreementContent.objects.filter(agreement__slug=slug).update(**fields)


def listing(client, **params):
    """The filterable agreements table of the index (the only table there)."""
    html = text(client, INDEX, **params)
    return html.split('<table class="agreements stack">', 1)[1].split("</table>", 1)[0]


def test_publishing_an_edit_refreshes_the_cached_page(
    demo_site, client, django_capture_on_commit_callbacks
):
    assert "Call extended" not in text(client, PERU)
    published_quietly("peru", application_status_note="Changed quietly.")
    assert "Changed quietly." in text(client, PERU), "Django must not keep a copy of pages"

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


def test_invalidation_waits_for_the_publish_to_commit(
    demo_site, client, django_capture_on_commit_callbacks, monkeypatch, admin_user
):
    """A draft save schedules nothing; the one-action publish clears the caches once, after
    the commit, however many versions it publishes."""
    from agreements import signals
    from agreements.services import publish_agreement

    cleared = []
    monkeypatch.setattr(signals, "invalidate_public_pages", lambda: cleared.append(True))
    text(client, PERU)
    draft = draft_of("peru")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        draft.application_status_note = "Saved as a draft."
        draft.save()
    assert callbacks == [], "a draft save changes nothing public"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish_agreement(agreement=draft.agreement, user=admin_user)
    assert cleared == [], "invalidation waits for the commit"
    assert len(callbacks) == 1
    callbacks[0]()
    assert cleared == [True]


def test_publishes_outside_the_service_invalidate_after_commit(
    demo_site, django_capture_on_commit_callbacks, monkeypatch, admin_user
):
    """A page published or unpublished from the CMS itself (versioning's own operation, with no
    other hook) takes the same after-commit step; starting a draft takes none."""
    from cms.api import create_page
    from cms.models import PageContent
    from djangocms_versioning.models import Version

    from agreements import signals
    from agreements.services import page_publish

    cleared = []
    monkeypatch.setattr(signals, "invalidate_public_pages", lambda: cleared.append(True))
    page = create_page("Loose", "pages/content.html", "en", slug="loose", created_by=admin_user)
    assert cleared == []
    with django_capture_on_commit_callbacks(execute=True):
        page_publish(page=page, user=admin_user)
        assert cleared == []
    assert cleared == [True]
    content = PageContent.objects.get(page=page, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        Version.objects.get_for_content(content).unpublish(admin_user)
    assert cleared == [True, True]
