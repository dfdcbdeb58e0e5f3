"""Cache invalidation: an edit of agreement data shows on the public pages at once.

The structured blocks (documents, status, co-chairs, stages) are rendered by the page templates,
so they live inside django CMS's page cache, which the CMS only clears when a page is published.
django CMS 5.1 keys every cached page under one cache *version* stored in the cache itself
(``cms.cache.invalidate_cms_page_cache`` bumps it). Agreement data shows on the agreement's tabs,
the index and the home page, so bumping that version is exactly the invalidation needed; with a
shared cache such as Redis every worker and node reads the new version on its next request.

The bump runs after the transaction commits, so no other process can re-render and cache the old
data between the bump and the commit. A render that read the old data just before the commit and
stores its page just after the bump files it under the version read when the render started
(``agreements.pagecache``), so that page is never served after the bump.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .models import (
    Agreement,
    AgreementDocument,
    ApplicationStage,
    JointCommitteeCoChair,
    Milestone,
    StageRequirement,
)

WATCHED_MODELS = [
    Agreement,
    AgreementDocument,
    JointCommitteeCoChair,
    ApplicationStage,
    StageRequirement,
    Milestone,
]


def invalidate_public_pages():
    """Make every cached CMS page stale, on every process sharing the cache."""
    from cms.cache import invalidate_cms_page_cache

    invalidate_cms_page_cache()


def _agreement_data_changed(sender, **kwargs):
    if kwargs.get("raw"):  # loading fixtures
        return
    # Several rows saved in one admin save bump the version several times: two cheap cache
    # writes each, and no state that a rolled-back transaction could leave behind.
    transaction.on_commit(invalidate_public_pages)


def connect():
    for model in WATCHED_MODELS:
        uid = f"agreements-cache-{model.__name__}"
        post_save.connect(_agreement_data_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_agreement_data_changed, sender=model, dispatch_uid=f"{uid}-delete")
