"""Cache invalidation: publishing or unpublishing agreement data shows on the public pages at once.

Only a version operation (publish, unpublish) changes what visitors see; saving a draft does not,
so draft saves invalidate nothing. Page versions are handled by django CMS itself.

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

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from djangocms_versioning.constants import OPERATION_PUBLISH, OPERATION_UNPUBLISH
from djangocms_versioning.signals import post_version_operation

from .models import AgreementContent, AgreementDocument, StageRequirement

logger = logging.getLogger(__name__)

PUBLIC_OPERATIONS = (OPERATION_PUBLISH, OPERATION_UNPUBLISH)


def invalidate_public_pages():
    """Make every cached CMS page stale, on every process sharing the cache."""
    from cms.cache import invalidate_cms_page_cache

    invalidate_cms_page_cache()


def invalidate_public_pages_on_commit(sender=None, **kwargs):
    """Signal handler for any data shown inside cached pages: invalidate once the save commits.

    Several rows saved in one admin save bump the version several times: two cheap cache
    writes each, and no state that a rolled-back transaction could leave behind. Other apps
    whose data appears on CMS pages (the registry) connect this same handler.
    """
    if kwargs.get("raw"):  # loading fixtures
        return
    transaction.on_commit(invalidate_public_pages)


# --- Replaced and deleted files leave storage ---
# Every file field of agreement data: a stored name may only be deleted when none of them still
# names it. Files reach the public only through stable URLs that look up the current row, so a
# replaced file is unreachable, and would otherwise stay in storage (and backups) for ever.
FILE_FIELDS = [
    (AgreementDocument, "file"),
    (StageRequirement, "file"),
    (AgreementContent, "process_diagram"),
]


def _still_referenced(name):
    # The base manager sees every version (the default one of AgreementContent only published).
    return any(model._base_manager.filter(**{field: name}).exists() for model, field in FILE_FIELDS)


def delete_unreferenced_file(storage, name):
    """Delete ``name`` from ``storage`` unless a row still points to it; never raises."""
    if not name or _still_referenced(name):
        return False
    try:
        storage.delete(name)
    except Exception:  # a storage outage must not turn an admin save into an error page
        logger.exception("Could not delete the replaced file %s from storage", name)
        return False
    logger.info("Deleted replaced or orphaned file %s", name)
    return True


def _schedule_delete(storage, name, replaced_by=None):
    """Delete ``name`` once the transaction commits.

    After the commit the database names the new file (or no longer has the row); a rolled-back
    save never gets here, so its old file, still in use, stays. When the row now names a file
    that is not in storage (an old version restored from the history, whose file was removed),
    the file it had is kept: deleting it would leave the document with no file at all.
    """

    def delete():
        if replaced_by is not None and not _exists(storage, replaced_by):
            logger.warning("Kept %s: its row now names %s, which is missing", name, replaced_by)
            return
        delete_unreferenced_file(storage, name)

    transaction.on_commit(delete)


def _exists(storage, name):
    try:
        return bool(name) and storage.exists(name)
    except Exception:  # unknown: keep the old file
        logger.exception("Could not check %s in storage", name)
        return False


def _remember_stored_file(sender, instance, raw=False, **kwargs):
    """Keep the file name the row had before this save on ``instance._stored_file_name``.

    Read once per save; the update feed (``opendata.signals``) reads the same attribute to tell
    an added document from a replaced one.
    """
    if raw or instance.pk is None:
        instance._stored_file_name = None
        return
    field = dict(FILE_FIELDS)[sender]
    instance._stored_file_name = (
        sender._base_manager.filter(pk=instance.pk).values_list(field, flat=True).first()
    )


def _drop_replaced_file(sender, instance, raw=False, **kwargs):
    if raw:
        return
    field = dict(FILE_FIELDS)[sender]
    old = getattr(instance, "_stored_file_name", None)
    new = getattr(instance, field)
    if old and old != new.name:
        _schedule_delete(new.storage, old, replaced_by=new.name)


def _drop_deleted_file(sender, instance, **kwargs):
    file = getattr(instance, dict(FILE_FIELDS)[sender])
    if file and file.name:
        _schedule_delete(file.storage, file.name)


def connect():
    for model, _field in FILE_FIELDS:
        uid = f"agreements-files-{model.__name__}"
        pre_save.connect(_remember_stored_file, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(_drop_replaced_file, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_drop_deleted_file, sender=model, dispatch_uid=f"{uid}-delete")

    post_version_operation.connect(
        _version_operation, sender=AgreementContent, dispatch_uid="agreements-cache-version"
    )


def _version_operation(sender, operation, **kwargs):
    if operation in PUBLIC_OPERATIONS:
        invalidate_public_pages_on_commit()
