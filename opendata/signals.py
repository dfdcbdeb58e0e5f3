"""Record document uploads and replacements as they happen, for the update feed."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from agreements.models import AgreementDocument

from .models import DocumentEvent


@receiver(pre_save, sender=AgreementDocument, dispatch_uid="opendata-document-old-file")
def remember_old_file(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk:
        instance._opendata_old_file = None
        return
    instance._opendata_old_file = (
        AgreementDocument.objects.filter(pk=instance.pk).values_list("file", flat=True).first()
    )


@receiver(post_save, sender=AgreementDocument, dispatch_uid="opendata-document-event")
def record_document_event(sender, instance, created, raw=False, **kwargs):
    if raw or not instance.file:
        return
    old = getattr(instance, "_opendata_old_file", None)
    if created or not old:
        kind = DocumentEvent.Kind.ADDED
    elif old != instance.file.name:
        kind = DocumentEvent.Kind.REPLACED
    else:
        return
    DocumentEvent.objects.create(
        agreement_id=instance.agreement_id, document=instance, kind=kind, title=instance.title
    )
