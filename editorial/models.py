"""Review requests: an editor's word to the publishers that a draft is ready.

A request points at a djangocms-versioning ``Version`` (which names its content through a
content type and object id), so the same request works for CMS pages and for any other
versioned content, such as agreement data.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ReviewRequest(models.Model):
    """A draft version an editor has marked ready for review.

    There is at most one per version; asking again updates who asked, when and the note. The
    request goes away when the version stops being a draft (published, archived or discarded):
    see ``editorial.signals``.
    """

    version = models.OneToOneField(
        "djangocms_versioning.Version",
        on_delete=models.CASCADE,
        related_name="review_request",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="marked ready by",
    )
    requested_at = models.DateTimeField("marked ready on", default=timezone.now)
    note = models.TextField(
        "note for the publisher",
        blank=True,
        max_length=1000,
        help_text="Optional: what changed, or anything the publisher should check.",
    )

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = "draft waiting for review"
        verbose_name_plural = "drafts waiting for review"

    def __str__(self):
        return f"{self.version} (ready for review)"
