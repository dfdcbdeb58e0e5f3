"""Agreement data keeps a history of who changed what, and an editor can undo a change."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from reversion.models import Version

from agreements.models import Agreement, JointCommitteeCoChair

from .admin_forms import change_form_data


def _singapore_chair_prefix(data, chair):
    for key, value in data.items():
        if key.startswith("co_chairs-") and key.endswith("-id") and str(value) == str(chair.pk):
            return key[: -len("id")]
    raise AssertionError("co-chair row not in the form")


@pytest.mark.django_db
def test_an_editors_change_is_recorded_with_its_inlines_and_can_be_undone(editor_client, editor):
    peru = Agreement.objects.get(slug="peru")
    chair = peru.co_chairs.get(party="singapore")
    original_title = chair.position_title
    versions = Version.objects.get_for_object(peru)
    assert versions.count() == 1, "the demo content records a first revision"
    first = versions.get()

    url = reverse("admin:agreements_agreement_change", args=[peru.pk])
    data = change_form_data(editor_client, url)
    data["application_status"] = "paused"
    data["application_status_since"] = "2026-01-05"
    data[_singapore_chair_prefix(data, chair) + "position_title"] = "Acting Director"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    peru.refresh_from_db()
    chair.refresh_from_db()
    assert (peru.application_status, chair.position_title) == ("paused", "Acting Director")
    latest = Version.objects.get_for_object(peru).first()
    assert latest.revision.user == editor
    chair_type = ContentType.objects.get_for_model(JointCommitteeCoChair)
    recorded = latest.revision.version_set.get(content_type=chair_type, object_id=str(chair.pk))
    assert recorded.field_dict["position_title"] == "Acting Director"

    history = editor_client.get(reverse("admin:agreements_agreement_history", args=[peru.pk]))
    assert "editor" in history.content.decode()

    revert_url = reverse("admin:agreements_agreement_revision", args=[peru.pk, first.pk])
    data = change_form_data(editor_client, revert_url)
    assert data["application_status"] == "open"
    response = editor_client.post(revert_url, data)
    assert response.status_code == 302
    peru.refresh_from_db()
    chair.refresh_from_db()
    assert peru.application_status == "open"
    assert str(peru.application_status_since) == "2025-10-24"
    assert chair.position_title == original_title
    assert Version.objects.get_for_object(peru).count() == 3


@pytest.mark.django_db
def test_stage_history_follows_its_requirements(editor_client):
    stage = Agreement.objects.get(slug="peru").stages.first()
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
    latest = Version.objects.get_for_object(stage).first()
    titles = [v.field_dict.get("title") for v in latest.revision.version_set.all() if v.object_id]
    assert "Renamed form" in titles
