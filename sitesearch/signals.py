"""Cross-cutting hooks that keep the search index in step with published content.

Only version operations (publish, unpublish, archive) change what the public sees; saving a draft
never reaches the index.
"""

from cms.models import Page, PageContent
from django.db.models.signals import post_delete
from django.dispatch import receiver
from djangocms_versioning.constants import (
    OPERATION_ARCHIVE,
    OPERATION_PUBLISH,
    OPERATION_UNPUBLISH,
)
from djangocms_versioning.signals import post_version_operation

from agreements.models import Agreement, AgreementContent

from . import indexing
from .models import SearchEntry

PUBLIC_OPERATIONS = (OPERATION_PUBLISH, OPERATION_UNPUBLISH, OPERATION_ARCHIVE)


@receiver(post_version_operation, sender=PageContent, dispatch_uid="sitesearch-page-version")
def page_published_or_withdrawn(sender, operation, obj, **kwargs):
    if operation in PUBLIC_OPERATIONS:
        indexing.index_page(obj.content.page)


@receiver(
    post_version_operation, sender=AgreementContent, dispatch_uid="sitesearch-agreement-version"
)
def agreement_published_or_withdrawn(sender, operation, obj, **kwargs):
    if operation in (OPERATION_PUBLISH, OPERATION_UNPUBLISH):
        indexing.index_agreement_all(obj.content.agreement)


@receiver(post_delete, sender=Page, dispatch_uid="sitesearch-page-delete")
def page_deleted(sender, instance, **kwargs):
    SearchEntry.objects.filter(key=f"page:{instance.pk}").delete()


@receiver(post_delete, sender=Agreement, dispatch_uid="sitesearch-agreement-delete")
def agreement_deleted(sender, instance, **kwargs):
    indexing.drop_agreement(instance.pk)
