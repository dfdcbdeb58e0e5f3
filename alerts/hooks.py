"""Published changes of agreement data become alerts, in the publisher's transaction.

The domain app does not know about alerts: ``agreements.services.publish_agreement`` sends
``agreements.signals.agreement_published`` inside its transaction with the previously published
and the newly published data versions; this module snapshots both, compares them
(``changes.detect_changes``) and writes the outbox rows (``services.record_changes``), so they
commit or roll back with the publish. Drafts never reach this: only a publish sends the signal.

The publish confirmation page asks ``agreements.signals.publish_notices`` what to tell the
publisher; this module answers how many subscribers the change would notify.
"""

from django.utils.translation import ngettext

from . import changes, selectors, services


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


def _on_agreement_published(
    sender, *, agreement, previous, previous_public, current, user=None, no_alert=False, **kwargs
):
    if current is None:
        return
    alerts_for_publish(
        agreement=agreement,
        previous=changes.snapshot(previous, public=previous_public) if previous else None,
        current=changes.snapshot(current),
        user=user,
        no_alert=no_alert,
    )


def pending_changes(agreement):
    """What publishing ``agreement`` now would announce: the published data (as visitors see it
    today) against the draft, or the published data if only pages wait."""
    from djangocms_versioning.constants import DRAFT

    from agreements.models import Agreement, AgreementContent

    published = AgreementContent.objects.filter(agreement=agreement).first()
    draft = (
        AgreementContent.admin_manager.filter(agreement=agreement, versions__state=DRAFT)
        .order_by("-pk")
        .first()
    )
    upcoming = draft or published
    if upcoming is None:
        return changes.ChangeSet()
    was_public = Agreement.objects.public().filter(pk=agreement.pk).exists()
    previous = changes.snapshot(published, public=was_public) if published else None
    return changes.detect_changes(previous, changes.snapshot(upcoming, public=True))


def _publish_notice(sender, *, agreement, **kwargs):
    found = pending_changes(agreement)
    count = selectors.subscriber_count_for(agreement, found.kinds)
    if not found:
        return None
    return ngettext(
        "This change will notify %(count)d subscriber.",
        "This change will notify %(count)d subscribers.",
        count,
    ) % {"count": count}


def connect():
    from agreements.signals import agreement_published, publish_notices

    agreement_published.connect(_on_agreement_published, dispatch_uid="alerts-agreement-published")
    publish_notices.connect(_publish_notice, dispatch_uid="alerts-publish-notice")
