"""Record document uploads and replacements for the update feed, when they are published.

A draft's new file is nobody's news until a publisher publishes it: the events are recorded by
comparing the newly published version's documents with the version it replaces.
"""

from django.dispatch import receiver
from djangocms_versioning.constants import OPERATION_PUBLISH
from djangocms_versioning.signals import post_version_operation

from agreements.models import AgreementContent

from .models import DocumentEvent


@receiver(post_version_operation, sender=AgreementContent, dispatch_uid="opendata-document-event")
def record_document_events(sender, operation, obj, unpublished=(), **kwargs):
    """An added or replaced file is news; other edits of the row are not."""
    if operation != OPERATION_PUBLISH:
        return
    content = obj.content
    before = {}
    for version in unpublished:
        for document in version.content.documents.all():
            before[(document.kind, document.letter)] = document.file.name
    events = []
    for document in content.documents.all():
        if not document.file:
            continue
        old = before.get((document.kind, document.letter))
        if not old:
            kind = DocumentEvent.Kind.ADDED
        elif old != document.file.name:
            kind = DocumentEvent.Kind.REPLACED
        else:
            continue
        events.append(
            DocumentEvent(
                agreement_id=content.agreement_id,
                document=document,
                kind=kind,
                title=document.title,
            )
        )
    DocumentEvent.objects.bulk_create(events)
