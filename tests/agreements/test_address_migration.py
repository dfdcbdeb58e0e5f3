"""Storing the addresses of documents and forms changes no address that works today."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from agreements.models import AgreementDocument

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.migrations]

BEFORE = [("agreements", "0008_stage_is_illustrative")]


def migrate(targets=None):
    """Migrate the agreements app to ``targets`` (default: its newest migration)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes("agreements")
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_the_migration_stores_every_address_as_it_was_computed():
    old = migrate(BEFORE)
    Agreement = old.get_model("agreements", "Agreement")
    Content = old.get_model("agreements", "AgreementContent")
    Document = old.get_model("agreements", "AgreementDocument")
    Stage = old.get_model("agreements", "ApplicationStage")
    Requirement = old.get_model("agreements", "StageRequirement")
    agreement = Agreement.objects.create(partner_country="Oldland", slug="oldland")
    content = Content.objects.create(
        agreement=agreement, partner_party="Oldland", status="negotiating"
    )
    main = Document.objects.create(agreement=content, kind="main_text", title="Main text")
    annex = Document.objects.create(agreement=content, kind="annex", letter="AB", title="Annex")
    first = Stage.objects.create(agreement=content, order=1, title="One", purpose="p")
    second = Stage.objects.create(agreement=content, order=2, title="Two", purpose="p")
    # Two forms with one title in stage 2: the second in the forms' order got "-2".
    later = Requirement.objects.create(stage=second, order=5, title="Registration Form")
    earlier = Requirement.objects.create(stage=second, order=1, title="Registration Form")
    other = Requirement.objects.create(stage=first, order=0, title="Registration Form")
    blank = Requirement.objects.create(stage=first, order=1, title="***")
    # The addresses the code before the migration gave these rows.
    expected = {
        (Document, main.pk): "main-text",
        (Document, annex.pk): "annex-ab",
        (Requirement, earlier.pk): "2-registration-form",
        (Requirement, later.pk): "2-registration-form-2",
        (Requirement, other.pk): "1-registration-form",
        (Requirement, blank.pk): "1-form",
    }

    new = migrate()
    for (model, pk), slug in expected.items():
        row = new.get_model("agreements", model.__name__).objects.get(pk=pk)
        assert row.slug == slug, (model.__name__, pk)
    assert AgreementDocument.objects.get(pk=annex.pk).get_absolute_url() == (
        "/implementation-agreements/oldland/documents/annex-ab.pdf"
    )
    assert reverse(
        "agreements:form",
        kwargs={"slug": "oldland", "name": "2-registration-form-2", "extension": "docx"},
    ) == ("/implementation-agreements/oldland/forms/2-registration-form-2.docx")
