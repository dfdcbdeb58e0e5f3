"""Cross-cutting hooks that keep the search index in step with published content."""

from cms.models import Page, PageContent
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from djangocms_versioning.constants import (
    OPERATION_ARCHIVE,
    OPERATION_PUBLISH,
    OPERATION_UNPUBLISH,
)
from djangocms_versioning.signals import post_version_operation

from agreements.models import (
    Agreement,
    AgreementDocument,
    ApplicationStage,
    JointCommitteeCoChair,
    Milestone,
)
from registry.models import (
    AuthorisedProject,
    EligibilityList,
    EligibleMethodology,
    EligibleProgramme,
)

from . import indexing
from .models import SearchEntry


@receiver(post_version_operation, sender=PageContent, dispatch_uid="sitesearch-page-version")
def page_published_or_withdrawn(sender, operation, obj, **kwargs):
    if operation in (OPERATION_PUBLISH, OPERATION_UNPUBLISH, OPERATION_ARCHIVE):
        indexing.index_page(obj.content.page)


@receiver(post_delete, sender=Page, dispatch_uid="sitesearch-page-delete")
def page_deleted(sender, instance, **kwargs):
    SearchEntry.objects.filter(key=f"page:{instance.pk}").delete()


@receiver(post_save, sender=Agreement, dispatch_uid="sitesearch-agreement-save")
def agreement_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.index_agreement_all(instance)


@receiver(post_delete, sender=Agreement, dispatch_uid="sitesearch-agreement-delete")
def agreement_deleted(sender, instance, **kwargs):
    SearchEntry.objects.filter(
        key__in=[f"agreement:{instance.pk}", f"eligibility:{instance.pk}"]
    ).delete()


def _agreement_part_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    agreement = Agreement.objects.filter(pk=instance.agreement_id).first()
    if agreement is not None:
        indexing.index_agreement(agreement)


for _model in (JointCommitteeCoChair, ApplicationStage, Milestone):
    post_save.connect(_agreement_part_changed, sender=_model, dispatch_uid=f"ss-save-{_model}")
    post_delete.connect(_agreement_part_changed, sender=_model, dispatch_uid=f"ss-del-{_model}")


@receiver(post_save, sender=AgreementDocument, dispatch_uid="sitesearch-document-save")
def document_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.index_document(instance)


@receiver(post_delete, sender=AgreementDocument, dispatch_uid="sitesearch-document-delete")
def document_deleted(sender, instance, **kwargs):
    SearchEntry.objects.filter(key=f"document:{instance.pk}").delete()


def _eligibility_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if isinstance(instance, EligibilityList):
        agreement_id = instance.agreement_id
    else:
        agreement_id = (
            EligibilityList.objects.filter(pk=instance.eligibility_list_id)
            .values_list("agreement_id", flat=True)
            .first()
        )
    agreement = Agreement.objects.filter(pk=agreement_id).first() if agreement_id else None
    if agreement is not None:
        indexing.index_eligibility(agreement)


for _model in (EligibilityList, EligibleProgramme, EligibleMethodology):
    post_save.connect(_eligibility_changed, sender=_model, dispatch_uid=f"ss-save-{_model}")
    post_delete.connect(_eligibility_changed, sender=_model, dispatch_uid=f"ss-del-{_model}")


@receiver(post_save, sender=AuthorisedProject, dispatch_uid="sitesearch-project-save")
def project_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.index_project(instance)


@receiver(post_delete, sender=AuthorisedProject, dispatch_uid="sitesearch-project-delete")
def project_deleted(sender, instance, **kwargs):
    SearchEntry.objects.filter(key=f"project:{instance.pk}").delete()
