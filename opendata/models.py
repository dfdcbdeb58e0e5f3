"""Dated events the update feed needs that no agreement record keeps by itself."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentEvent(models.Model):
    """A signed document was added to an agreement or its file was replaced.

    Recorded when it happens, because the document row only remembers its latest file.
    """

    class Kind(models.TextChoices):
        ADDED = "added", _("Document added")
        REPLACED = "replaced", _("Document replaced")

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="+"
    )
    document = models.ForeignKey(
        "agreements.AgreementDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("document title"), max_length=300)
    occurred_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("document event")
        verbose_name_plural = _("document events")
        ordering = ["-occurred_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"
