"""Record document uploads and replacements for the update feed, when they are published.

A draft's new file is nobody's news until a publisher publishes it. The domain app sends
``agreements.signals.agreement_data_published`` inside the publishing transaction with the data
version published before and the one published now; comparing their documents gives the events,
which commit or roll back with the publish.
"""

from django.dispatch import receiver

from agreements.signals import agreement_data_published

from .models import DocumentEvent


@receiver(agreement_data_published, dispatch_uid="opendata-document-event")
def record_document_events(sender, *, agreement, previous, current, **kwargs):
    """An added or replaced file is news; other edits of the row are not."""
    before = {}
    if previous is not None:
        for document in previous.documents.all():
            before[(document.kind, document.letter)] = document.file.name
    events = []
    for document in current.documents.all():
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
                agreement_id=current.agreement_id,
                document=document,
                kind=kind,
                title=document.title,
            )
        )
    DocumentEvent.objects.bulk_create(events)
