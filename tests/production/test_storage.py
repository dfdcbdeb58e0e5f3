"""Media on S3-compatible storage: a local moto S3 server, real boto3 calls, no mocks inside."""

import hashlib

import boto3
import pytest
from botocore.config import Config
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from agreements.models import Agreement, AgreementDocument
from demo.standin import standin_pdf
from tests.agreements.factories import draft_of, publish

from . import stack

pytestmark = pytest.mark.slow

BUCKET = "carbonsite-media"
CREDENTIALS = {"access_key": "testing", "secret_key": "testing"}  # moto accepts any


def s3_storages(endpoint):
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                "addressing_style": "path",
                "location": "media",
                "default_acl": None,
                "file_overwrite": False,
                "client_config": Config(
                    connect_timeout=1, read_timeout=2, retries={"max_attempts": 1}
                ),
                **CREDENTIALS,
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    port = stack.free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=BUCKET)
    yield endpoint, client
    server.stop()


def _pdf(title):
    data = standin_pdf(title=title, agreement_title="Singapore–Peru").read()
    return SimpleUploadedFile(f"{title}.pdf", data, content_type="application/pdf")


def _admin_client(django_user_model):
    client = Client(raise_request_exception=False)
    client.force_login(django_user_model.objects.get(username="admin"))
    return client


def _add_document(client, agreement, upload):
    """Add Annex Z with ``upload`` to the draft of ``agreement``'s data, on the draft's screen."""
    from django.urls import reverse

    from tests.editors.admin_forms import change_form_data

    draft = draft_of(agreement.slug)
    url = reverse("admin:agreements_agreementcontent_change", args=[draft.pk])
    data = change_form_data(client, url)
    total = int(data["documents-TOTAL_FORMS"])
    data["documents-TOTAL_FORMS"] = total + 1
    prefix = f"documents-{total}-"
    data.update(
        {
            prefix + "kind": "annex",
            prefix + "letter": "Z",
            prefix + "title": "Annex Z (illustrative upload)",
            prefix + "order": 99,
            prefix + "file": upload,
        }
    )
    return client.post(url, data)


@pytest.mark.django_db
def test_documents_upload_to_s3_and_keep_their_stable_url(demo_site, s3_server, django_user_model):
    endpoint, client = s3_server
    peru = Agreement.objects.get(slug="peru")
    upload = _pdf("annex-z")
    expected = upload.read()
    upload.seek(0)
    with override_settings(STORAGES=s3_storages(endpoint)):
        response = _add_document(_admin_client(django_user_model), peru, upload)
        assert response.status_code == 302, response.content[:2000]
        document = AgreementDocument.objects.get(agreement__agreement=peru, letter="Z")
        assert document.file.name.startswith("agreements/documents/")
        publish(document.agreement)
        stored = client.get_object(Bucket=BUCKET, Key=f"media/{document.file.name}")
        assert hashlib.sha256(stored["Body"].read()).digest() == hashlib.sha256(expected).digest()

        download = Client().get("/implementation-agreements/peru/documents/annex-z.pdf")
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert "Singapore-Peru-IA-annex-z.pdf" in download["Content-Disposition"]
        assert b"".join(download.streaming_content) == expected


@pytest.mark.django_db
def test_upload_while_storage_is_down_is_a_clear_error_and_saves_nothing(
    demo_site, django_user_model
):
    dead_endpoint = f"http://127.0.0.1:{stack.free_port()}"  # nothing listens here
    peru = Agreement.objects.get(slug="peru")
    draft_of("peru")  # the draft (a copy of the published rows) exists before the upload
    before = AgreementDocument.objects.count()
    with override_settings(STORAGES=s3_storages(dead_endpoint)):
        response = _add_document(_admin_client(django_user_model), peru, _pdf("annex-z"))
    assert response.status_code == 503
    assert response["Retry-After"]
    assert b"nothing was saved" in response.content
    assert b"Traceback" not in response.content
    assert AgreementDocument.objects.count() == before
    assert not AgreementDocument.objects.filter(agreement__agreement=peru, letter="Z").exists()
