"""Demo content stays honest: stand-in PDFs say what they are, unknown facts stay empty."""

import pytest
from pypdf import PdfReader

from agreements.models import AgreementContent, AgreementDocument, JointCommitteeCoChair

from .factories import published

pytestmark = pytest.mark.django_db


def test_every_stand_in_pdf_says_so_on_its_first_page(demo_site):
    documents = AgreementDocument.objects.filter(is_stand_in=True).select_related("agreement")
    assert documents.count() >= 10
    for document in documents:
        with document.file.open("rb") as handle:
            first_page = PdfReader(handle).pages[0].extract_text()
        assert "STAND-IN DOCUMENT" in first_page
        assert "stands in for the published document" in " ".join(first_page.split())


def test_peru_documents_carry_the_seed_titles(demo_site):
    titles = list(
        AgreementDocument.objects.filter(agreement=published("peru")).values_list(
            "title", flat=True
        )
    )
    assert titles[0] == "Implementation Agreement between Singapore and Peru"
    assert titles[1].startswith("Annex A - Processes for the Authorisation of Mitigation")
    assert titles[2] == "Annex B - Terms of Reference of the Joint Committee"
    assert titles[3].startswith("Annex C - Procedure for Project Participants to Resolve")


def test_co_chairs_exist_only_where_a_public_source_names_them(demo_site):
    with_chairs = set(
        JointCommitteeCoChair.objects.values_list(
            "agreement__agreement__slug", flat=True
        ).distinct()
    )
    assert with_chairs == {"peru", "ghana"}
    assert not JointCommitteeCoChair.objects.filter(is_illustrative=True).exists()


def test_only_ghana_and_peru_are_open(demo_site):
    open_ones = AgreementContent.objects.open_for_applications().values_list(
        "agreement__slug", flat=True
    )
    assert sorted(open_ones) == ["ghana", "peru"]
