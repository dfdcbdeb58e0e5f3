"""Record document uploads and replacements for the update feed; keep cached pages fresh."""

from cms.cache import invalidate_cms_page_cache
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from agreements.models import Agreement, AgreementDocument, Milestone

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


def _agreement_data_changed(sender, **kwargs):
    # The timeline, comparison table and JSON-LD sit inside cached CMS pages.
    invalidate_cms_page_cache()


for _model in (Agreement, AgreementDocument, Milestone):
    post_save.connect(
        _agreement_data_changed, sender=_model, dispatch_uid=f"opendata-cache-save-{_model}"
    )
    post_delete.connect(
        _agreement_data_changed, sender=_model, dispatch_uid=f"opendata-cache-del-{_model}"
    )
