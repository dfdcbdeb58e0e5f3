"""After-commit invalidation: a publish or unpublish reaches visitors within a second.

Public pages are cached by the front door (nginx) for at most the second in which their render
began (``frontdoor.middleware``), so they need no purge. What Django itself still caches about
public pages is django CMS's menu tree, which the CMS clears inside the publish transaction:
a render running at that moment could store the old tree again just before the publish commits.
``invalidate_public_pages`` clears it once more after the commit, for every publish and unpublish
of any versioned content (``djangocms_versioning.signals.post_version_operation``): pages and
agreement data alike. Saving a draft changes nothing public, so data saves invalidate nothing.
The menu cache is safe while Redis is unreachable: the CMS only trusts an entry whose key it
has also recorded in the database (``menus.models.CacheKey``), and clearing removes that row.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import Signal

from .models import Agreement, AgreementContent, AgreementDocument, StageRequirement

logger = logging.getLogger(__name__)

# --- Hooks for other apps (the domain app imports none of them) ---

#: Sent by ``agreements.services.publish_agreement`` inside its transaction, once every version
#: is published, with ``agreement``, ``previous`` (the data version that was published before,
#: or None), ``previous_public`` (whether visitors could see the agreement before), ``current``
#: (the data version now published), ``user`` and ``no_alert`` (the publisher asked for no
#: alert: a trivial fix). A receiver that raises rolls the whole publish back. ``alerts``
#: connects to it to write its outbox rows in the publisher's transaction.
agreement_published = Signal()

#: Sent by the publish confirmation page with ``agreement``: receivers return a sentence to show
#: the publisher before publishing (``alerts``: how many subscribers the change will notify), or
#: None. Any sentence also offers the publisher the "no alert" choice.
publish_notices = Signal()

#: Sent by ``agreements.services.agreement_create_pages`` once an agreement's overview and
#: process pages exist as drafts, with ``agreement`` and ``user``, in the caller's transaction.
#: ``registry`` connects to it to add its Eligibility and Projects tabs.
agreement_pages_created = Signal()


def notices_for_publish(agreement):
    """The sentences receivers of ``publish_notices`` want shown before ``agreement`` goes live."""
    return [
        str(answer)
        for _receiver, answer in publish_notices.send(sender=Agreement, agreement=agreement)
        if answer
    ]


def invalidate_public_pages():
    """Forget what the CMS caches about public pages, on every process sharing the cache.

    Call it after the change has committed (``transaction.on_commit``). django CMS's page cache
    is off (the front door caches pages); its version is bumped too, so turning it back on
    cannot serve pages from before a change.
    """
    from cms.cache import invalidate_cms_page_cache
    from cms.utils.conf import get_cms_setting
    from menus.menu_pool import menu_pool

    menu_pool.clear(all=True)
    if get_cms_setting("PAGE_CACHE"):
        invalidate_cms_page_cache()


def invalidate_after_version_operation(sender, operation=None, **kwargs):
    """Publish and unpublish (of pages, and of any other versioned content) change public pages."""
    from djangocms_versioning import constants

    if operation in (constants.OPERATION_PUBLISH, constants.OPERATION_UNPUBLISH):
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

    Read once per save, by ``_drop_replaced_file`` below.
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

    from djangocms_versioning.signals import post_version_operation

    post_version_operation.connect(
        invalidate_after_version_operation, dispatch_uid="agreements-cache-version-operation"
    )
