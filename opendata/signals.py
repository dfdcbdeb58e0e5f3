"""Record document uploads and replacements for the update feed.

Cached pages showing agreement data (timeline, comparison table, JSON-LD) are refreshed by the
agreements app's own after-commit invalidation (``agreements.signals``).
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from agreements.models import AgreementDocument

from .models import DocumentEvent


@receiver(post_save, sender=AgreementDocument, dispatch_uid="opendata-document-event")
def record_document_event(sender, instance, created, raw=False, **kwargs):
    """An added or replaced file is news; other edits of the row are not.

    The file name the row had before the save is read once, by ``agreements.signals``.
    """
    if raw or not instance.file:
        return
    old = getattr(instance, "_stored_file_name", None)
    if created or not old:
        kind = DocumentEvent.Kind.ADDED
    elif old != instance.file.name:
        kind = DocumentEvent.Kind.REPLACED
    else:
        return
    DocumentEvent.objects.create(
        agreement_id=instance.agreement_id, document=instance, kind=kind, title=instance.title
    )
