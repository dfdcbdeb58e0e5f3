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


def _on_save_and_delete(handler, models, name):
    """Connect ``handler`` to both saves and deletes of every model in ``models``."""
    for model in models:
        label = model._meta.label_lower
        post_save.connect(handler, sender=model, dispatch_uid=f"sitesearch-{name}-save-{label}")
        post_delete.connect(handler, sender=model, dispatch_uid=f"sitesearch-{name}-del-{label}")


def _agreement_part_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    agreement = Agreement.objects.filter(pk=instance.agreement_id).first()
    if agreement is not None:
        indexing.index_agreement(agreement)


_on_save_and_delete(
    _agreement_part_changed, (JointCommitteeCoChair, ApplicationStage, Milestone), "agreement-part"
)


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


_on_save_and_delete(
    _eligibility_changed, (EligibilityList, EligibleProgramme, EligibleMethodology), "eligibility"
)


def _index_row_by_row(model, index, key_prefix):
    """For models with one search entry per row (``key_prefix:pk``): index the row when it is
    saved, drop its entry when it is deleted."""

    def saved(sender, instance, raw=False, **kwargs):
        if not raw:
            index(instance)

    def deleted(sender, instance, **kwargs):
        SearchEntry.objects.filter(key=f"{key_prefix}:{instance.pk}").delete()

    uid = f"sitesearch-{key_prefix}"
    post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"{uid}-save")
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"{uid}-delete")


_index_row_by_row(AgreementDocument, indexing.index_document, "document")
_index_row_by_row(AuthorisedProject, indexing.index_project, "project")
