"""The e-mails: a confirmation request and the alert digest, each with text and HTML parts."""

from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from . import tokens


def absolute(path):
    return urljoin(settings.SITE_URL.rstrip("/") + "/", path.lstrip("/")) if path else ""


def subscriber_links(subscriber):
    token = tokens.subscriber_token(subscriber)
    return {
        "manage_url": absolute(reverse("alerts:manage", args=[token])),
        "unsubscribe_url": absolute(reverse("alerts:unsubscribe", args=[token])),
    }


SUBJECTS = {
    "call_opened": "applications are open",
    "documents_changed": "signed documents updated",
    "eligibility_changed": "eligibility list updated",
    "agreement_signed": "agreement signed",
}


def _message(*, subject, template, context, to, headers=None, connection=None):
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    text = render_to_string(f"alerts/email/{template}.txt", context)
    html = render_to_string(f"alerts/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers or {},
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def confirmation_message(*, subscription, token):
    agreement = subscription.agreement
    return _message(
        subject=f"Confirm your e-mail alerts from {settings.SITE_NAME}",
        template="confirm",
        context={
            "subscription": subscription,
            "topic": agreement.title if agreement else "every Implementation Agreement",
            "kind_labels": _labels(tokens.read_confirm_token(token)["k"]),
            "confirm_url": absolute(reverse("alerts:confirm", args=[token])),
            "valid_hours": settings.ALERTS_CONFIRM_MAX_AGE // 3600,
        },
        to=subscription.subscriber.email,
    )


def _labels(kinds):
    from .kinds import AlertKind

    return [AlertKind(kind).label for kind in kinds]


def digest_message(*, subscriber, changes, message_id, connection=None):
    """One e-mail for every change in ``changes``, with RFC 8058 one-click unsubscribe headers."""
    links = subscriber_links(subscriber)
    if len(changes) == 1:
        change = changes[0]
        subject = f"{change.agreement_title}: {SUBJECTS.get(change.kinds[0], 'updated')}"
    else:
        subject = f"{len(changes)} updates on Singapore's Implementation Agreements"
    items = [{"change": change, "url": absolute(change.page_path)} for change in changes]
    return _message(
        subject=subject,
        template="digest",
        context={"items": items, **links},
        to=subscriber.email,
        headers={
            "Message-ID": message_id,
            "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{settings.SITE_NAME} alerts <alerts.{_host()}>",
            "Auto-Submitted": "auto-generated",
        },
        connection=connection,
    )


def _host():
    from urllib.parse import urlsplit

    return urlsplit(settings.SITE_URL).hostname or "localhost"


def new_message_id(key):
    """A Message-ID made from the digest's idempotency key, so a resend carries the same one."""
    return f"<alerts.{key}@{_host()}>"
