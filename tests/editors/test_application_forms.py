"""An editor publishes an application form on a stage in the admin: checked, then linked."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import ApplicationStage, StageRequirement

from ..agreements.factories import draft_of, publish, published
from ..agreements.test_forms import good_docx, good_xlsx
from .admin_forms import change_form_data

pytestmark = pytest.mark.django_db

PROCESS = "/implementation-agreements/peru/application-process/"


def stage_form_post(client, upload):
    """Upload ``upload`` as the first form of stage 2 in Peru's draft data."""
    stage = ApplicationStage.objects.get(agreement=draft_of("peru"), order=2)
    url = reverse("admin:agreements_applicationstage_change", args=[stage.pk])
    data = change_form_data(client, url)
    data["requirements-0-availability"] = "available"
    data["requirements-0-file"] = upload
    return client.post(url, data)


def test_a_macro_workbook_is_refused_with_a_plain_message(editor_client):
    response = stage_form_post(editor_client, SimpleUploadedFile("budget.xlsm", good_xlsx()))
    assert response.status_code == 200
    html = response.content.decode()
    assert "macro-enabled Office file" in html
    for version in (draft_of("peru"), published("peru")):
        form = StageRequirement.objects.get(stage__agreement=version, stage__order=2)
        assert not form.file and form.availability == "to_be_published"


def test_a_word_form_is_stored_and_linked_from_the_process_tab_once_published(
    editor_client, client, publisher
):
    response = stage_form_post(editor_client, SimpleUploadedFile("form.docx", good_docx()))
    assert response.status_code == 302
    draft = draft_of("peru")
    form = StageRequirement.objects.get(stage__agreement=draft, stage__order=2)
    url = "/implementation-agreements/peru/forms/2-stage-2-application-form.docx"
    assert form.get_absolute_url() == url
    editor_client.logout()
    assert client.get(url).status_code == 404, "not public while it is a draft"
    publish(draft, publisher)
    html = editor_client.get(PROCESS).content.decode()
    assert f'<a href="{url}">Stage 2 application form' in html
    assert editor_client.get(url).status_code == 200
