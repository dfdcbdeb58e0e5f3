"""Small builders for register rows and PDFs with known text."""

from django.core.files.base import ContentFile
from fpdf import FPDF

from registry.models import AuthorisedProject, CreditingProgramme


def programme(slug):
    return CreditingProgramme.objects.get(slug=slug)


def bulk_projects(agreement, count, *, programme_slug="verra", status="authorised"):
    """``count`` register rows with distinct names and volumes, without firing signals."""
    prog = programme(programme_slug)
    return AuthorisedProject.objects.bulk_create(
        AuthorisedProject(
            agreement=agreement,
            name=f"Test project {programme_slug} {index:03d}",
            developer=f"Developer {index}",
            programme=prog,
            programme_project_id=f"T{index:04d}",
            methodology="VM0042",
            status=status,
            authorised_volume=1000 + index,
        )
        for index in range(count)
    )


def pdf_with_text(text, name="document.pdf"):
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 7, text)
    return ContentFile(bytes(pdf.output()), name=name)
