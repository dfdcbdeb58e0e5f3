"""The search index: one row per findable thing, and the text extracted from each PDF.

Rows are plain text, written after a publish commits and after a PDF's text is extracted by the
``extract_document_text`` worker, so a query never has to open a PDF or render a page.
PostgreSQL searches the rows with its full-text engine; SQLite through an FTS5 table that
triggers keep in step (see the migrations and ``backends.py``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentText(models.Model):
    """The text layer of a signed document's PDF, read by the ``extract_document_text`` worker.

    ``source_name`` is the state: a document whose file name differs (or that has no row) is
    waiting to be read, so the worker catches up after a stop or a crash.
    """

    document = models.OneToOneField(
        "agreements.AgreementDocument", on_delete=models.CASCADE, related_name="extracted_text"
    )
    source_name = models.CharField(
        _("file the text came from"),
        max_length=300,
        help_text=_("When the document's file name differs, the text is extracted again."),
    )
    text = models.TextField(_("text"), blank=True)
    error = models.CharField(_("extraction problem"), max_length=300, blank=True)
    extracted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("document text")
        verbose_name_plural = _("document texts")

    def __str__(self):
        return f"Text of {self.source_name}"


class SearchEntry(models.Model):
    """One search result: a published page, an agreement, a document or a register entry."""

    class Kind(models.TextChoices):
        PAGE = "page", _("Page")
        AGREEMENT = "agreement", _("Agreement")
        DOCUMENT = "document", _("Signed document (PDF)")
        ELIGIBILITY = "eligibility", _("Eligibility list")
        PROJECT = "project", _("Authorised project")

    key = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=400)
    url = models.CharField(max_length=500)
    context = models.CharField(
        max_length=200, blank=True, help_text=_("Where the result belongs, e.g. the agreement.")
    )
    body = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self):
        return self.title
