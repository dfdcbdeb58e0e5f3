"""Writes for the contact concern: take an enquiry in, tell the sender and the agency, purge.

Nothing here logs a sender's address, name or message: log lines name the enquiry's reference.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import Enquiry

logger = logging.getLogger("enquiries")


def client_ip(request):
    """The visitor's network address: ``REMOTE_ADDR``, or the header the proxy sets.

    ``ENQUIRY_CLIENT_IP_HEADER`` (e.g. ``HTTP_X_REAL_IP``) is read only when set, for a site
    behind nginx that overwrites that header; otherwise a visitor could pick their own address.
    """
    header = settings.ENQUIRY_CLIENT_IP_HEADER
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def ip_hash(address):
    """A keyed hash of a network address: equal for equal addresses, useless without the key."""
    return salted_hmac("enquiries.ip", address, algorithm="sha256").hexdigest()


def enquiry_rate_limited(*, email, address_hash, now=None):
    """True when this address or network sent ``ENQUIRY_RATE_LIMIT`` messages in the window."""
    now = now or timezone.now()
    since = now - timedelta(minutes=settings.ENQUIRY_RATE_WINDOW_MINUTES)
    recent = Enquiry.objects.recent_from(email=email, ip_hash=address_hash, since=since)
    return recent.count() >= settings.ENQUIRY_RATE_LIMIT


def enquiry_submit(*, email, name, agreement, topic, message, consent_text, address_hash):
    """Store an enquiry, then send the acknowledgement and the agency's notification.

    The enquiry is saved first, so a mail server that is down loses nothing: officers still see
    it in the admin, where the two "sent" flags show what did not go out.
    """
    enquiry = Enquiry.objects.create(
        email=email,
        name=name,
        agreement=agreement,
        topic=topic,
        message=message,
        consent_text=consent_text,
        ip_hash=address_hash,
    )
    enquiry_send_emails(enquiry=enquiry)
    return enquiry


def _send(message, enquiry, what):
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 - any mail failure must not lose the enquiry
        # The exception's text may quote addresses; its class name does not.
        logger.warning("%s: %s not sent (%s)", enquiry.reference, what, type(exc).__name__)
        return False
    return True


def enquiry_send_emails(*, enquiry):
    """Send the acknowledgement to the sender and the notification to the agency's inbox."""
    context = {
        "enquiry": enquiry,
        "site_name": settings.SITE_NAME,
        "retention_days": settings.ENQUIRY_RETENTION_DAYS,
    }
    # The acknowledgement does not repeat the message: anyone can type someone else's address
    # into the form, and the site must not carry their words to that inbox.
    acknowledgement = EmailMessage(
        subject=f"We received your message ({enquiry.reference})",
        body=render_to_string("enquiries/email/acknowledgement.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[enquiry.email],
        reply_to=[settings.AGENCY_ENQUIRIES_EMAIL],
    )
    notification = EmailMessage(
        subject=f"[{settings.SITE_NAME}] {enquiry.get_topic_display()} ({enquiry.reference})",
        body=render_to_string("enquiries/email/notification.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[settings.AGENCY_ENQUIRIES_EMAIL],
        reply_to=[enquiry.email],
    )
    enquiry.acknowledgement_sent = _send(acknowledgement, enquiry, "acknowledgement")
    enquiry.notification_sent = _send(notification, enquiry, "notification")
    enquiry.save(update_fields=["acknowledgement_sent", "notification_sent"])
    logger.info(
        "%s received (acknowledgement %s, notification %s)",
        enquiry.reference,
        "sent" if enquiry.acknowledgement_sent else "failed",
        "sent" if enquiry.notification_sent else "failed",
    )


def enquiries_purge(*, now=None):
    """Delete every enquiry older than the retention period; returns how many went."""
    deleted, _ = Enquiry.objects.older_than_retention(now=now).delete()
    return deleted
