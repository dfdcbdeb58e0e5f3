"""TEMPORARY WIRING: today's "publish" of agreement data is a save in the admin.

Agreement data is not versioned yet, so an admin save by a publisher is what makes a change
public. This module is the one place that turns such a save into alerts; when agreement data
gets its own publish service, call ``alerts_for_publish`` from that service (with snapshots of
the old and new published versions) and delete everything below it.

How the admin save is caught: before the first row of an agreement (the agreement, a signed
document or its eligibility list) is saved in a request, ``pre_save`` takes a snapshot of the
stored facts. The admin writes its ``LogEntry`` after the object and all its inlines are saved,
inside the same transaction, so ``post_save`` of that entry compares the snapshots and writes
the outbox rows in the publisher's transaction.
"""

import threading

from django.core.signals import request_started
from django.db.models.signals import post_save, pre_save

from . import changes, services

_before = threading.local()


# --- The publish-time entry point (keep) -------------------------------------------------------


def alerts_for_publish(*, agreement, previous, current, user=None, no_alert=False):
    """Compare two snapshots and record the alerts they call for; returns the AlertChange."""
    found = changes.detect_changes(previous, current)
    if not found:
        return None
    return services.record_changes(
        agreement=agreement,
        kinds=found.kinds,
        summary_lines=found.summary_lines,
        published_by=user,
        no_alert=no_alert,
    )


# --- Today's wiring through admin saves (replace with a call from the publish service) ---------


def _pending():
    if not hasattr(_before, "snapshots"):
        _before.snapshots = {}
    return _before.snapshots


def _forget(**kwargs):
    _pending().clear()


def _remember(agreement_id):
    from agreements.models import Agreement

    if agreement_id is None or agreement_id in _pending():
        return
    stored = Agreement.objects.filter(pk=agreement_id).select_related("page").first()
    _pending()[agreement_id] = changes.snapshot(stored) if stored else None


def _before_agreement_save(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk:
        _remember(instance.pk)


def _before_child_save(sender, instance, raw=False, **kwargs):
    if not raw:
        _remember(instance.agreement_id)


def _agreement_id_of_log_entry(entry):
    model = entry.content_type.model_class() if entry.content_type_id else None
    if model is None:
        return None
    label = model._meta.label
    if label == "agreements.Agreement":
        return int(entry.object_id)
    if label in {"agreements.AgreementDocument", "registry.EligibilityList"}:
        row = model._default_manager.filter(pk=entry.object_id).values("agreement_id").first()
        return row["agreement_id"] if row else None
    return None


def _after_admin_save(sender, instance, created, raw=False, **kwargs):
    from agreements.models import Agreement

    if raw or not created or not (instance.is_addition() or instance.is_change()):
        return
    agreement_id = _agreement_id_of_log_entry(instance)
    if agreement_id is None:
        return
    previous = _pending().pop(agreement_id, None)
    agreement = Agreement.objects.select_related("page").filter(pk=agreement_id).first()
    if agreement is None:
        return
    alerts_for_publish(
        agreement=agreement,
        previous=previous,
        current=changes.snapshot(agreement),
        user=instance.user,
    )


# A page publish can make an agreement public (a newly signed agreement's section goes live):
# djangocms-versioning's publish runs in a transaction and sends these signals inside it.
_publishing = {}


def _overview_agreement_id(version):
    from agreements.models import Agreement

    page_id = getattr(version.content, "page_id", None)
    if page_id is None:
        return None
    return Agreement.objects.filter(page_id=page_id).values_list("pk", flat=True).first()


def _before_page_publish(sender, operation, token, obj, **kwargs):
    from djangocms_versioning.constants import OPERATION_PUBLISH

    from agreements.models import Agreement

    if operation != OPERATION_PUBLISH:
        return
    agreement_id = _overview_agreement_id(obj)
    if agreement_id is not None:
        agreement = Agreement.objects.select_related("page").get(pk=agreement_id)
        _publishing[token] = (agreement_id, changes.snapshot(agreement))


def _after_page_publish(sender, operation, token, obj, **kwargs):
    from agreements.models import Agreement

    remembered = _publishing.pop(token, None)
    if remembered is None:
        return
    agreement_id, previous = remembered
    agreement = Agreement.objects.select_related("page").get(pk=agreement_id)
    alerts_for_publish(
        agreement=agreement,
        previous=previous,
        current=changes.snapshot(agreement),
    )


def connect():
    from django.apps import apps
    from django.contrib.admin.models import LogEntry

    from agreements.models import Agreement, AgreementDocument

    request_started.connect(_forget, dispatch_uid="alerts-forget-snapshots")
    pre_save.connect(_before_agreement_save, sender=Agreement, dispatch_uid="alerts-agreement")
    pre_save.connect(_before_child_save, sender=AgreementDocument, dispatch_uid="alerts-document")
    if apps.is_installed("registry"):
        from registry.models import EligibilityList

        pre_save.connect(_before_child_save, sender=EligibilityList, dispatch_uid="alerts-list")
    post_save.connect(_after_admin_save, sender=LogEntry, dispatch_uid="alerts-admin-save")

    from cms.models import PageContent
    from djangocms_versioning.signals import post_version_operation, pre_version_operation

    pre_version_operation.connect(
        _before_page_publish, sender=PageContent, dispatch_uid="alerts-page-publish-pre"
    )
    post_version_operation.connect(
        _after_page_publish, sender=PageContent, dispatch_uid="alerts-page-publish-post"
    )
