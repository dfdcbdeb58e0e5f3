"""Agreement data keeps a history of who changed what and when (djangocms-versioning's version
list), versions can be compared, and a revert brings an old version back as a new draft."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from djangocms_versioning.constants import DRAFT, PUBLISHED, UNPUBLISHED
from djangocms_versioning.helpers import version_list_url_for_grouper
from djangocms_versioning.models import StateTracking, Version

from agreements.models import Agreement, AgreementContent, ApplicationStage

from .admin_forms import change_form_data

pytestmark = pytest.mark.django_db

VERSION_ADMIN = "admin:djangocms_versioning_agreementcontentversion"


def _singapore_chair_prefix(data, chair):
    for key, value in data.items():
        if key.startswith("co_chairs-") and key.endswith("-id") and str(value) == str(chair.pk):
            return key[: -len("id")]
    raise AssertionError("co-chair row not in the form")


def edit_as(client, peru, **changes):
    """Open "Edit data" on Peru as ``client`` and save the draft with ``changes``."""
    response = client.get(
        reverse("admin:agreements_agreement_edit_data", args=[peru.pk]), follow=True
    )
    url = response.redirect_chain[-1][0]
    draft = AgreementContent.admin_manager.get(pk=int(re.search(r"/(\d+)/change/", url)[1]))
    data = change_form_data(client, url)
    chair = draft.co_chairs.get(party="singapore")
    for name, value in changes.items():
        if name == "chair_title":
            data[_singapore_chair_prefix(data, chair) + "position_title"] = value
        else:
            data[name] = value
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return draft


def test_history_compare_and_revert_of_agreement_data(
    editor_client, editor, publisher, django_capture_on_commit_callbacks
):
    peru = Agreement.objects.get(slug="peru")
    published = AgreementContent.objects.get(agreement=peru)
    original = published.application_status_note
    original_title = published.co_chairs.get(party="singapore").position_title
    draft = edit_as(
        editor_client,
        peru,
        application_status_note="Paused for the annual review.",
        chair_title="Acting Director",
    )
    # The published version is untouched; the change lives in the editor's draft.
    published.refresh_from_db()
    assert published.application_status_note == original
    draft_version = Version.objects.get_for_content(draft)
    assert draft_version.state == DRAFT
    assert draft_version.created_by == editor
    assert draft.co_chairs.get(party="singapore").position_title == "Acting Director"

    # The history: every version with its author and date.
    history = editor_client.get(version_list_url_for_grouper(peru)).content.decode()
    assert history.count('class="field-nr"') == 2 or history.count("<tr") >= 3
    assert ">editor<" in history or "editor" in re.sub(r"<[^>]+>", " ", history)
    today = timezone.localdate()
    assert str(today.year) in history
    assert "Draft" in history and "Published" in history

    # A publisher publishes; the old version stays in the history as "unpublished".
    publisher_client = Client()
    publisher_client.force_login(publisher)
    response = publisher_client.post(reverse("admin:agreements_agreement_publish", args=[peru.pk]))
    assert response.status_code == 302
    old_version = Version.objects.get_for_content(published)
    assert old_version.state == UNPUBLISHED
    draft_version = Version.objects.get(pk=draft_version.pk)
    assert draft_version.state == PUBLISHED
    assert (
        "Paused for the annual review."
        in Client().get("/implementation-agreements/peru/").content.decode()
    )

    # Compare: the two versions side by side, each through its preview.
    compare = editor_client.get(
        reverse(f"{VERSION_ADMIN}_compare", args=[old_version.pk]),
        {"compare_to": draft_version.pk},
    )
    assert compare.status_code == 200
    html = compare.content.decode()
    assert reverse("agreements:preview", args=[published.pk]) in html
    assert reverse("agreements:preview", args=[draft.pk]) in html
    old_preview = editor_client.get(
        reverse("agreements:preview", args=[published.pk]), follow=True
    ).content.decode()
    assert "Paused for the annual review." not in old_preview

    # Revert: the old version becomes a new draft (by the editor), which a publisher publishes.
    revert_url = reverse(f"{VERSION_ADMIN}_revert", args=[old_version.pk])
    assert editor_client.get(revert_url).status_code == 200
    assert editor_client.post(revert_url).status_code == 302
    reverted = Version.objects.filter(
        content_type=old_version.content_type,
        object_id__in=AgreementContent.admin_manager.filter(agreement=peru).values("pk"),
        state=DRAFT,
    ).get()
    assert reverted.created_by == editor
    assert reverted.content.application_status_note == original
    assert reverted.content.co_chairs.get(party="singapore").position_title == original_title
    with django_capture_on_commit_callbacks(execute=True):  # the page cache is refreshed
        publisher_client.post(reverse("admin:agreements_agreement_publish", args=[peru.pk]))
    page = Client().get("/implementation-agreements/peru/").content.decode()
    assert "Paused for the annual review." not in page
    assert original_title in page
    # Who published each version, and when, is recorded with it.
    published_by = StateTracking.objects.filter(version=reverted, new_state=PUBLISHED).get()
    assert published_by.user == publisher
    assert timezone.localdate(published_by.date) == today


def test_stage_forms_are_edited_in_the_draft_and_kept_per_version(editor_client):
    peru = Agreement.objects.get(slug="peru")
    editor_client.get(reverse("admin:agreements_agreement_edit_data", args=[peru.pk]))
    draft = AgreementContent.admin_manager.filter(agreement=peru, versions__state=DRAFT).get()
    stage = draft.stages.first()
    requirement = stage.requirements.first()
    assert requirement is not None
    url = reverse("admin:agreements_applicationstage_change", args=[stage.pk])
    data = change_form_data(editor_client, url)
    key = next(
        k[: -len("id")]
        for k, v in data.items()
        if k.endswith("-id") and str(v) == str(requirement.pk)
    )
    data[key + "title"] = "Renamed form"
    assert editor_client.post(url, data).status_code == 302
    requirement.refresh_from_db()
    assert requirement.title == "Renamed form"
    published_stage = ApplicationStage.objects.get(
        agreement=AgreementContent.objects.get(agreement=peru), order=stage.order
    )
    assert "Renamed form" not in [r.title for r in published_stage.requirements.all()]
