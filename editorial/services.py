"""Writes of the review workflow: marking a draft ready, and clearing the mark."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from . import rules, versions
from .models import ReviewRequest
from .roles import PUBLISHERS

logger = logging.getLogger("editorial")


@transaction.atomic
def review_request_create(*, version, user, note="", site_url=""):
    """Mark ``version`` ready for review by ``user``, with an optional note.

    Asking again for the same draft updates who asked, when and the note. Publishers get an
    e-mail once the request is saved (``site_url``, e.g. ``https://example.org``, makes its
    links absolute). Raises ``PermissionDenied`` with the reason when ``user`` may not ask.
    """
    refusal = rules.review_request_refusal(user, version)
    if refusal:
        raise PermissionDenied(refusal)
    review_request, _ = ReviewRequest.objects.update_or_create(
        version=version,
        defaults={"requested_by": user, "requested_at": timezone.now(), "note": note.strip()},
    )
    transaction.on_commit(lambda: notify_publishers(review_request, site_url=site_url))
    return review_request


def review_request_clear(*, version):
    """Forget the review request of ``version`` (it was published, archived or discarded)."""
    ReviewRequest.objects.filter(version=version).delete()


def publisher_addresses():
    """E-mail addresses of the active members of the Publishers group."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=PUBLISHERS, email__gt="")
        .distinct()
    )
    return sorted(users.values_list("email", flat=True))


def notify_publishers(review_request, *, site_url=""):
    """Tell the publishers by e-mail that a draft waits for them.

    A mail server that is down must not undo the editor's request: failures are logged.
    """
    recipients = publisher_addresses()
    if not recipients:
        return 0
    version = review_request.version
    who = review_request.requested_by
    lines = [
        f"{who.get_full_name() or who.get_username() if who else 'An editor'} marked a draft "
        f"ready for review:",
        "",
        f"{versions.kind_label(version)}: {versions.content_label(version)}",
        f"Preview: {site_url}{versions.preview_url(version)}",
    ]
    if review_request.note:
        lines += ["", "Note:", review_request.note]
    lines += [
        "",
        "Every draft waiting for review: "
        f"{site_url}{reverse('admin:editorial_reviewrequest_changelist')}",
    ]
    try:
        return send_mail(
            f"[{settings.SITE_NAME}] Ready for review: {versions.content_label(version)}",
            "\n".join(lines),
            None,
            recipients,
        )
    except OSError:
        logger.warning("Could not e-mail the publishers about a review request", exc_info=True)
        return 0
