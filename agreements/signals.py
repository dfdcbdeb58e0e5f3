"""The domain's hooks, and the one receiver of djangocms-versioning's operations.

Writes go through services (``agreements.services``); what other apps do about a write is a step
the service takes explicitly, in this order:

1. inside the transaction, ``agreement_data_published`` (every publish of a data version: the
   update feed records added and replaced documents) and ``agreement_published`` (the one-action
   publish: alerts record their outbox rows), so those rows commit or roll back with the publish;
2. after the commit (``transaction.on_commit``), ``invalidate_public_pages`` and then
   ``public_content_changed`` (search re-indexes the agreement's section or the page).

The domain app imports none of the apps that listen. Each receiver gets everything it needs in
the hook's arguments (the previous and the new published version), so no receiver depends on
another having run first.

djangocms-versioning can also publish on its own: a page from the CMS toolbar, or agreement data
from versioning's version list. It offers no hook but its ``post_version_operation`` signal, so
``version_operation`` listens to it and takes the same steps; during ``publish_agreement`` and
``unpublish_agreement`` (``services.running_publication``) it stays quiet, because the service
takes them once for the whole section.

Public pages are cached by the front door (nginx) for at most the second in which their render
began (``frontdoor.middleware``) and purged from every front door after the commit
(``frontdoor.purge``), so a change shows on the next request whatever a render costs. What Django
itself still caches about public pages is django CMS's menu tree, which the CMS clears inside the
publish transaction; a render running at that moment could store the old tree again just before
the commit, hence the second clearing after it. The menu cache is safe while Redis is
unreachable: the CMS only trusts an entry whose key it has also recorded in the database
(``menus.models.CacheKey``).
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

#: Sent inside the transaction whenever a data version is published, by ``publish_agreement``
#: or from versioning's own version list, with ``agreement``, ``previous`` (the data version
#: published before, or None) and ``current`` (the one published now). ``opendata`` records the
#: update feed's document events from it.
agreement_data_published = Signal()

#: Sent after the commit when what visitors can see may have changed: with ``agreement`` (its
#: data or its page section was published or unpublished) or with ``page`` (a page outside the
#: agreements' sections, or one tab of a section published on its own). ``sitesearch`` re-indexes.
public_content_changed = Signal()

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

    from frontdoor.purge import purge_front_doors

    menu_pool.clear(all=True)
    if get_cms_setting("PAGE_CACHE"):
        invalidate_cms_page_cache()
    # Last: pages rendered from here on read the cleared menus.
    purge_front_doors()


def after_commit(*, agreement=None, page=None):
    """The after-commit steps of a publish or unpublish, in order: caches, then search.

    Called inside the transaction: renders running from now on are not kept by the front door
    (``frontdoor.purge.mark_change``), since they may read the data from before the commit.
    """
    from frontdoor.purge import mark_change

    mark_change()

    def run():
        invalidate_public_pages()
        public_content_changed.send(sender=Agreement, agreement=agreement, page=page)

    transaction.on_commit(run)


def version_operation(
    sender, operation=None, obj=None, unpublished=(), to_be_published=None, **kwargs
):
    """A publish or unpublish done by djangocms-versioning itself, outside the services.

    The CMS toolbar publishes a page, and versioning's version list may publish or unpublish a
    data version on its own; both take the steps ``publish_agreement`` takes, once per version.
    Archiving a draft and creating one change nothing public. Versioning's ``on_publish`` hook of
    the registration would do for agreement data, but it is not told which version the publish
    replaced (the feed compares the two), and pages are registered by django CMS, not here.
    """
    from djangocms_versioning import constants

    from .services import running_publication

    if running_publication() or obj is None or to_be_published is not None:
        # Inside a service, or the unpublish that is part of a publish (announced with it).
        return
    if operation not in (constants.OPERATION_PUBLISH, constants.OPERATION_UNPUBLISH):
        return
    content = obj.content
    if isinstance(content, AgreementContent):
        if operation == constants.OPERATION_PUBLISH:
            previous = next((version.content for version in unpublished), None)
            agreement_data_published.send(
                sender=Agreement, agreement=content.agreement, previous=previous, current=content
            )
        after_commit(agreement=content.agreement)
    elif hasattr(content, "page"):
        after_commit(page=content.page)
    else:
        after_commit()


# --- Replaced and deleted files leave storage ---
# Every file field of agreement data: a stored name may only be deleted when none of them still
# names it. Files reach the public only through stable URLs that look up the current row, so a
# replaced file is unreachable, and would otherwise stay in storage (and backups) for ever.
FILE_FIELDS = [
    (AgreementDocument, "file"),
    (AgreementDocument, "file_es"),
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
    """Keep the file names the row had before this save on ``instance._stored_file_name``
    (a dict by field).

    Read once per save, by ``_drop_replaced_file`` below.
    """
    if raw or instance.pk is None:
        instance._stored_file_name = None
        return
    fields = _fields_of(sender)
    stored = sender._base_manager.filter(pk=instance.pk).values_list(*fields).first()
    instance._stored_file_name = dict(zip(fields, stored, strict=True)) if stored else None


def _drop_replaced_file(sender, instance, raw=False, **kwargs):
    if raw:
        return
    stored = getattr(instance, "_stored_file_name", None) or {}
    for field in _fields_of(sender):
        old = stored.get(field)
        new = getattr(instance, field)
        if old and old != new.name:
            _schedule_delete(new.storage, old, replaced_by=new.name)


def _drop_deleted_file(sender, instance, **kwargs):
    for field in _fields_of(sender):
        file = getattr(instance, field)
        if file and file.name:
            _schedule_delete(file.storage, file.name)


def _fields_of(model):
    return [field for each, field in FILE_FIELDS if each is model]


def connect():
    for model in dict(FILE_FIELDS):
        uid = f"agreements-files-{model.__name__}"
        pre_save.connect(_remember_stored_file, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(_drop_replaced_file, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_drop_deleted_file, sender=model, dispatch_uid=f"{uid}-delete")

    from djangocms_versioning.signals import post_version_operation

    post_version_operation.connect(version_operation, dispatch_uid="agreements-version-operation")
