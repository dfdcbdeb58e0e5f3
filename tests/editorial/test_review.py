"""The review workflow: editors mark drafts ready, publishers see and publish them.

Each permission rule (who may ask, who sees the list, who may publish) and the lifecycle of a
request (asked -> listed for publishers -> cleared by publish, archive or discard).
"""

import pytest
from cms.toolbar.utils import get_object_edit_url, get_object_preview_url
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from djangocms_versioning.constants import ARCHIVED, DRAFT, PUBLISHED
from djangocms_versioning.models import Version

from agreements.models import Agreement
from editorial import rules, selectors, services
from editorial.models import ReviewRequest
from tests.editors.cms_helpers import VERSION_ADMIN, open_draft, page_versions

REVIEW_LIST = reverse("admin:editorial_reviewrequest_changelist")


def mark_ready_url(version):
    return reverse("admin:editorial_reviewrequest_mark_ready", args=[version.pk])


def peru_page():
    return Agreement.objects.get(slug="peru").page


@pytest.fixture
def draft(editor):
    """A draft of the Peru overview, started by the editor (in a client of its own, so the
    test's ``client`` stays logged in as whoever the test chose)."""
    own_client = Client()
    own_client.force_login(editor)
    return open_draft(own_client, peru_page())


@pytest.mark.django_db
def test_roles_give_editors_the_request_and_publishers_the_list(editor, publisher):
    call_command("ensure_roles", verbosity=0)
    editor = get_user_model().objects.get(pk=editor.pk)
    publisher = get_user_model().objects.get(pk=publisher.pk)
    assert editor.has_perm(rules.REQUEST_PERMISSION)
    assert not editor.has_perm(rules.LIST_PERMISSION)
    assert publisher.has_perm(rules.REQUEST_PERMISSION)
    assert publisher.has_perm(rules.LIST_PERMISSION)
    assert not editor.has_perm("editorial.change_reviewrequest")
    assert not publisher.has_perm("editorial.delete_reviewrequest")


@pytest.mark.django_db
def test_editor_marks_a_draft_ready_with_a_note(editor_client, editor, draft):
    page = editor_client.get(mark_ready_url(draft))
    assert page.status_code == 200
    assert "Note for the publisher" in page.content.decode()

    back = get_object_edit_url(draft.content)
    response = editor_client.post(
        mark_ready_url(draft), {"note": "  Second call dates added.  ", "back": back}
    )
    assert response.status_code == 302
    assert response["Location"] == back

    review_request = ReviewRequest.objects.get(version=draft)
    assert review_request.requested_by == editor
    assert review_request.note == "Second call dates added."
    assert review_request.requested_at is not None
    assert list(selectors.drafts_waiting_for_review()) == [review_request]


@pytest.mark.django_db
def test_publishers_are_mailed_after_commit(
    editor, publisher, draft, django_capture_on_commit_callbacks
):
    publisher.email = "publisher@example.org"
    publisher.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.review_request_create(
            version=draft, user=editor, note="Please check the dates.", site_url="https://x.test"
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["publisher@example.org"]
    assert "Singapore–Peru Implementation Agreement" in message.subject
    assert "Please check the dates." in message.body
    assert f"https://x.test{get_object_preview_url(draft.content, 'en')}" in message.body
    assert f"https://x.test{REVIEW_LIST}" in message.body


@pytest.mark.django_db
def test_asking_again_updates_the_one_request(editor, publisher, draft):
    first = services.review_request_create(version=draft, user=editor, note="one")
    second = services.review_request_create(version=draft, user=publisher, note="two")
    assert first.pk == second.pk
    request = ReviewRequest.objects.get(version=draft)
    assert (request.requested_by, request.note) == (publisher, "two")
    assert selectors.waiting_count() == 1


@pytest.mark.django_db
def test_only_drafts_can_be_marked_ready(editor_client, editor):
    published = page_versions(peru_page()).get(state=PUBLISHED)
    response = editor_client.post(mark_ready_url(published), {"note": ""})
    assert response.status_code == 403
    assert rules.NOT_A_DRAFT in response.content.decode()
    with pytest.raises(PermissionDenied, match="Only a draft"):
        services.review_request_create(version=published, user=editor)
    assert not ReviewRequest.objects.exists()


@pytest.mark.django_db
def test_staff_without_the_editor_role_may_not_mark_ready(client, draft):
    outsider = get_user_model().objects.create_user("outsider", password="x" * 16, is_staff=True)
    client.force_login(outsider)
    response = client.post(mark_ready_url(draft), {"note": "let me"})
    assert response.status_code == 403
    assert rules.MAY_NOT_REQUEST in response.content.decode()
    assert not ReviewRequest.objects.exists()


@pytest.mark.django_db
def test_mark_ready_ignores_a_back_address_on_another_site(editor_client, draft):
    response = editor_client.post(
        mark_ready_url(draft), {"note": "", "back": "https://elsewhere.example/"}
    )
    assert response.status_code == 302
    assert "elsewhere" not in response["Location"]
    assert response["Location"] == get_object_preview_url(draft.content, "en")


@pytest.mark.django_db
def test_only_publishers_see_the_waiting_list(editor_client, editor, publisher, draft):
    services.review_request_create(version=draft, user=editor, note="dates")
    refused = editor_client.get(REVIEW_LIST)
    assert refused.status_code == 403
    editor_client.force_login(publisher)
    listed = editor_client.get(REVIEW_LIST)
    assert listed.status_code == 200
    html = listed.content.decode()
    assert "Drafts waiting for review" in html
    assert "Singapore–Peru Implementation Agreement" in html
    assert "dates" in html
    # The publisher can publish from the list, through versioning's own publish view.
    assert reverse(f"{VERSION_ADMIN}_publish", args=[draft.pk]) in html


@pytest.mark.django_db
def test_publishing_clears_the_request(editor, publisher_client, draft):
    services.review_request_create(version=draft, user=editor)
    response = publisher_client.post(
        reverse(f"{VERSION_ADMIN}_publish", args=[draft.pk]) + f"?next={REVIEW_LIST}"
    )
    assert response.status_code == 302
    assert Version.objects.get(pk=draft.pk).state == PUBLISHED
    assert not ReviewRequest.objects.exists()
    assert selectors.waiting_count() == 0
    assert "Singapore–Peru" not in publisher_client.get(REVIEW_LIST).content.decode()


@pytest.mark.django_db
def test_an_editor_cannot_publish_a_draft_marked_ready(editor, editor_client, draft):
    services.review_request_create(version=draft, user=editor)
    editor_client.post(reverse(f"{VERSION_ADMIN}_publish", args=[draft.pk]))
    assert Version.objects.get(pk=draft.pk).state == DRAFT
    assert ReviewRequest.objects.filter(version=draft).exists()


@pytest.mark.django_db
def test_archiving_clears_the_request(editor, draft):
    services.review_request_create(version=draft, user=editor)
    draft.archive(editor)
    assert Version.objects.get(pk=draft.pk).state == ARCHIVED
    assert not ReviewRequest.objects.exists()


@pytest.mark.django_db
def test_discarding_clears_the_request(editor, editor_client, draft):
    services.review_request_create(version=draft, user=editor)
    response = editor_client.post(
        reverse(f"{VERSION_ADMIN}_discard", args=[draft.pk]), {"discard": "1"}
    )
    assert response.status_code == 302
    assert not Version.objects.filter(pk=draft.pk).exists()
    assert not ReviewRequest.objects.exists()


@pytest.mark.django_db
def test_editor_toolbar_shows_publish_disabled_with_the_reason(editor_client, draft):
    html = editor_client.get(get_object_edit_url(draft.content)).content.decode()
    assert "cms-versioning-js-publish-btn" not in html
    assert 'aria-disabled="true"' in html
    assert f'title="{rules.PUBLISH_REFUSAL}"' in html
    assert f">{rules.PUBLISH_REFUSAL}</span>" in html
    assert mark_ready_url(draft) in html
    assert "Mark ready for review" in html


@pytest.mark.django_db
def test_editor_toolbar_shows_the_request_once_made(editor, editor_client, draft):
    services.review_request_create(version=draft, user=editor)
    html = editor_client.get(get_object_edit_url(draft.content)).content.decode()
    assert "Ready for review since" in html
    assert ">Mark ready for review</a>" not in html


@pytest.mark.django_db
def test_publisher_toolbar_has_publish_the_review_menu_and_the_request(
    editor, publisher_client, draft
):
    services.review_request_create(version=draft, user=editor, note="dates")
    html = publisher_client.get(get_object_edit_url(draft.content)).content.decode()
    assert "cms-versioning-js-publish-btn" in html
    assert "editorial-publish-not-allowed" not in html
    assert "Review (1)" in html
    assert "Drafts waiting for review (1)" in html
    assert REVIEW_LIST in html
    assert "Ready for review: editor" in html


@pytest.mark.django_db
def test_editor_toolbar_has_no_review_menu(editor, editor_client, draft):
    services.review_request_create(version=draft, user=editor)
    html = editor_client.get(get_object_edit_url(draft.content)).content.decode()
    assert "Drafts waiting for review" not in html


@pytest.mark.django_db
def test_version_list_offers_editors_review_and_says_why_publish_is_grey(
    editor_client, publisher, draft
):
    versions_url = reverse(f"{VERSION_ADMIN}_changelist") + f"?page={peru_page().pk}&language=en"
    html = editor_client.get(versions_url).content.decode()
    assert "cms-action-mark-ready-for-review" in html
    assert mark_ready_url(draft) in html
    assert f'title="{rules.PUBLISH_REFUSAL}"' in html
    editor_client.force_login(publisher)
    html = editor_client.get(versions_url).content.decode()
    assert "cms-action-mark-ready-for-review" not in html
    assert rules.PUBLISH_REFUSAL not in html
    assert reverse(f"{VERSION_ADMIN}_publish", args=[draft.pk]) in html
