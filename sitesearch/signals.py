"""Keep the search index in step with what visitors can see.

The domain app announces, after the commit, that an agreement's section or a page may have
changed (``agreements.signals.public_content_changed``: sent by its publishing services, and for
publishes django CMS or djangocms-versioning do on their own). Saving a draft announces nothing.
Deleting a page or an agreement has no hook but Django's ``post_delete``, which also covers
deletes cascading from elsewhere.
"""

from cms.models import Page
from django.db.models.signals import post_delete
from django.dispatch import receiver

from agreements.models import Agreement
from agreements.signals import public_content_changed

from . import indexing
from .models import SearchEntry


@receiver(public_content_changed, dispatch_uid="sitesearch-public-content")
def reindex(sender, agreement=None, page=None, **kwargs):
    # Read afresh: the objects were taken before the commit, and may have changed since (a page
    # made the home page after it was published) or be gone.
    if agreement is not None:
        agreement = Agreement.objects.filter(pk=agreement.pk).first()
        if agreement is None:
            return
        indexing.index_agreement_section(agreement)
    if page is not None:
        page = Page.objects.filter(pk=page.pk).first()
        if page is not None:
            indexing.index_page(page)


@receiver(post_delete, sender=Page, dispatch_uid="sitesearch-page-delete")
def page_deleted(sender, instance, **kwargs):
    SearchEntry.objects.filter(key=f"page:{instance.pk}").delete()


@receiver(post_delete, sender=Agreement, dispatch_uid="sitesearch-agreement-delete")
def agreement_deleted(sender, instance, **kwargs):
    indexing.drop_agreement(instance.pk)
