"""The database keeps agreement data honest: every rule below is a constraint, not a form check."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from agreements.models import (
    Agreement,
    AgreementContent,
    AgreementDocument,
    ApplicationStage,
    JointCommitteeCoChair,
    StageRequirement,
)

from .factories import make_agreement, make_co_chair, make_document

pytestmark = pytest.mark.django_db


def assert_integrity_error(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_slug_is_unique():
    make_agreement(slug="samesies")
    assert_integrity_error(lambda: make_agreement(slug="samesies"))


def test_annex_letter_is_unique_per_agreement_but_not_across_agreements():
    first, second = make_agreement(), make_agreement()
    make_document(first, letter="A")
    make_document(second, letter="A")  # another agreement may reuse the letter
    assert_integrity_error(
        lambda: AgreementDocument.objects.create(
            agreement=first, kind="annex", letter="A", title="x"
        )
    )


def test_unique_letter_is_reported_by_full_clean():
    agreement = make_agreement()
    make_document(agreement, letter="B")
    duplicate = AgreementDocument(agreement=agreement, kind="annex", letter="b", title="Again")
    with pytest.raises(ValidationError, match="already has an annex with that letter"):
        duplicate.full_clean()


def test_one_main_text_per_agreement():
    agreement = make_agreement()
    make_document(agreement, kind="main_text", letter="")
    assert_integrity_error(
        lambda: AgreementDocument.objects.create(agreement=agreement, kind="main_text", title="x")
    )


@pytest.mark.parametrize(("kind", "letter"), [("annex", ""), ("annex", "a1"), ("main_text", "A")])
def test_letter_must_match_kind(kind, letter):
    agreement = make_agreement()
    assert_integrity_error(
        lambda: AgreementDocument.objects.create(
            agreement=agreement, kind=kind, letter=letter, title="x"
        )
    )


def test_one_co_chair_per_party():
    agreement = make_agreement()
    make_co_chair(agreement, "singapore")
    make_co_chair(agreement, "partner")
    assert_integrity_error(lambda: make_co_chair(agreement, "singapore"))
    with pytest.raises(ValidationError, match="one co-chair per agreement"):
        JointCommitteeCoChair(
            agreement=agreement, party="partner", position_title="x", organisation="y"
        ).full_clean()


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "signed", "signed_on": None},
        {"status": "in_force", "entered_into_force_on": None},
        {"application_status": "open", "application_status_since": None},
        {"negotiations_concluded_on": date(2025, 2, 1), "signed_on": date(2025, 1, 1)},
        {
            "status": "concluded",
            "signed_on": None,
            "application_status": "open",
            "application_status_since": date(2025, 1, 1),
        },
        {
            "status": "in_force",
            "signed_on": date(2025, 1, 2),
            "entered_into_force_on": date(2025, 1, 1),
        },
        {
            "signed_on": date(2025, 1, 2),
            "application_status": "open",
            "application_status_since": date(2025, 1, 1),
        },
        {"process_diagram": "agreements/diagrams/flow.png", "process_diagram_alt": ""},
    ],
    ids=[
        "signed-needs-date",
        "in-force-needs-date",
        "open-needs-date",
        "concluded-after-signed",
        "unsigned-cannot-open",
        "in-force-before-signed",
        "opened-before-signed",
        "diagram-without-alt",
    ],
)
def test_dates_and_status_must_agree(fields):
    assert_integrity_error(lambda: make_agreement(**fields))
    identity = Agreement.objects.create(partner_country="Checkland", slug="checkland")
    agreement = AgreementContent(agreement=identity, partner_party="x", **fields)
    agreement.signed_on = fields.get("signed_on", date(2025, 1, 1))
    with pytest.raises(ValidationError):
        agreement.full_clean()


def test_consistent_agreement_passes_every_check():
    identity = Agreement.objects.create(partner_country="Goodland", slug="goodland")
    agreement = AgreementContent(
        agreement=identity,
        partner_party="Government of Goodland",
        status="in_force",
        negotiations_concluded_on=date(2024, 1, 1),
        signed_on=date(2024, 6, 1),
        entered_into_force_on=date(2024, 9, 1),
        application_status="open",
        application_status_since=date(2024, 10, 1),
    )
    agreement.full_clean()
    agreement.save()


def test_stage_order_is_unique_and_positive():
    agreement = make_agreement()
    ApplicationStage.objects.create(agreement=agreement, order=1, title="One", purpose="p")
    assert_integrity_error(
        lambda: ApplicationStage.objects.create(
            agreement=agreement, order=1, title="x", purpose="p"
        )
    )
    assert_integrity_error(
        lambda: ApplicationStage.objects.create(
            agreement=agreement, order=0, title="x", purpose="p"
        )
    )


def test_available_form_needs_a_file_or_link():
    stage = ApplicationStage.objects.create(
        agreement=make_agreement(), order=1, title="One", purpose="p"
    )
    assert_integrity_error(
        lambda: StageRequirement.objects.create(stage=stage, title="Form", availability="available")
    )
    StageRequirement.objects.create(
        stage=stage, title="Form", availability="available", external_url="https://example.org/f"
    )
    StageRequirement.objects.create(stage=stage, title="Later", availability="to_be_published")


def test_document_clean_measures_the_pdf_and_rejects_other_files():
    document = make_document(make_agreement(), pages=3)
    assert document.page_count == 3
    assert document.file_size == document.file.size > 0
    fake = AgreementDocument(agreement=document.agreement, kind="annex", letter="Z", title="Fake")
    fake.file = ContentFile(b"GIF89a not a pdf", name="fake.pdf")
    with pytest.raises(ValidationError, match="not a PDF"):
        fake.full_clean()


def test_document_clean_normalises_the_letter():
    document = AgreementDocument(
        agreement=make_agreement(), kind="annex", letter="c", title="Annex C"
    )
    document.full_clean()
    assert document.letter == "C"
    assert document.url_name == "annex-c"


def test_co_chair_rows_give_both_parties_singapore_first():
    agreement = make_agreement(partner_country="Rowland")
    make_co_chair(agreement, "partner", position_title="Minister")
    rows = agreement.co_chair_rows()
    assert [party for party, _ in rows] == ["Singapore", "Rowland"]
    assert rows[0][1] is None
    assert rows[1][1].position_title == "Minister"


def test_newest_first_puts_unsigned_agreements_last():
    old = make_agreement(signed_on=date(2020, 1, 1))
    new = make_agreement(signed_on=date(2026, 1, 1))
    unsigned = make_agreement(status="negotiating", signed_on=None)
    ordered = list(
        AgreementContent.objects.filter(pk__in=[old.pk, new.pk, unsigned.pk]).newest_first()
    )
    assert ordered == [new, old, unsigned]
