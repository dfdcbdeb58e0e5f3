"""Stand-in PDFs for demo content: each says on its first page what it stands in for."""

from django.core.files.base import ContentFile
from fpdf import FPDF


def _latin1(text: str) -> str:
    """The core PDF fonts cover Latin-1 only: replace typographic dashes and quotes."""
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    return text.encode("latin-1", "replace").decode("latin-1")


def standin_pdf(*, title: str, agreement_title: str, pages: int = 2) -> ContentFile:
    """Build a small, valid PDF that stands in for the published document ``title``."""
    title, agreement_title = _latin1(title), _latin1(agreement_title)
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_author("Carbon Markets Cooperation (demo content)")
    pdf.set_margins(20, 20, 20)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 16)
        pdf.multi_cell(0, 9, "STAND-IN DOCUMENT" if number == 1 else title)
        pdf.ln(4)
        pdf.set_font("Helvetica", size=12)
        if number == 1:
            pdf.multi_cell(
                0,
                7,
                f'This file stands in for the published document "{title}" of the '
                f"{agreement_title}. It is demo content for a development copy of the site. "
                "Editors replace it in the admin with the signed PDF; its address stays the same.",
            )
        else:
            pdf.multi_cell(0, 7, f'Page {number} of the stand-in for "{title}".')
    return ContentFile(bytes(pdf.output()))
