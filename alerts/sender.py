"""The sender: delivers the outbox, one digest e-mail per subscriber, at most once each.

How a digest travels (each step is its own short transaction, so no lock is held during SMTP):

1. **Claim**: the oldest due pending rows pick up to 20 subscribers; their pending rows are
   locked (``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, so parallel senders pass each
   other by) and switched to ``sending``, each subscriber's with its own Message-ID. A
   conditional UPDATE makes the claim safe on SQLite too. Rows that already carry a
   Message-ID from an interrupted attempt are claimed again as exactly the same digest.
2. **Send** through Django's e-mail backend on one SMTP connection per sweep.
3. **Record**: after the server accepts the message the rows become ``sent``; after an error
   they go back to ``pending`` with an exponential back-off, or ``failed`` after a permanent
   refusal or too many attempts.

A sender killed between 1 and 3 leaves ``sending`` rows; once they are older than the lease
(``--reclaim-after``) another sweep resends them under the same Message-ID. The only window in
which a message can arrive twice is a kill between the server's acceptance and step 3, and
then both copies carry one Message-ID, which mail systems treat as the same message.
"""

import contextlib
import logging
import smtplib
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from .mail import digest_message, new_message_id
from .models import Delivery

logger = logging.getLogger("alerts.sender")

MAX_CHANGES_PER_DIGEST = 50
CLAIM_BATCH = 20  # subscribers claimed per transaction


@dataclass
class SweepResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    reclaimed: int = 0
    errors: list = field(default_factory=list)


def backoff(attempts):
    """Seconds to wait after the ``attempts``-th failure: 1, 2, 4 ... minutes, at most 6 hours."""
    return min(60 * 2 ** max(attempts - 1, 0), 6 * 60 * 60)


def reclaim_stale(*, older_than, now=None):
    """Return rows left ``sending`` by a sender that died; they keep their Message-ID."""
    now = now or timezone.now()
    return Delivery.objects.filter(
        status=Delivery.Status.SENDING, claimed_at__lte=now - older_than
    ).update(status=Delivery.Status.PENDING, next_attempt_at=now)


def _locked(queryset):
    if db_connection.features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True)
    return queryset


def claim_digests(*, limit=CLAIM_BATCH, now=None):
    """Claim the digests of up to ``limit`` subscribers with due rows, in one transaction.

    Returns ``[(message_id, [Delivery, ...]), ...]`` with each row's subscriber and change
    loaded, so sending needs no further reads; an empty list when nothing is due.
    """
    now = now or timezone.now()
    with transaction.atomic():
        due = (
            _locked(
                Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
            )
            .order_by("next_attempt_at", "pk")
            .values_list("subscriber_id", flat=True)[: limit * 4]
        )
        subscriber_ids = list(dict.fromkeys(due))[:limit]
        if not subscriber_ids:
            return []
        rows = _locked(
            Delivery.objects.filter(
                subscriber_id__in=subscriber_ids, status=Delivery.Status.PENDING
            )
        ).order_by("pk")
        by_subscriber = {}
        for pk, subscriber_id, message_id in rows.values_list("pk", "subscriber_id", "message_id"):
            by_subscriber.setdefault(subscriber_id, []).append((pk, message_id))
        whens, claimed_ids = [], []
        for subscriber_rows in by_subscriber.values():
            interrupted = sorted({mid for _pk, mid in subscriber_rows if mid})
            if interrupted:  # resend an interrupted digest exactly as it was
                message_id = interrupted[0]
                ids = [pk for pk, mid in subscriber_rows if mid == message_id]
            else:
                message_id = new_message_id(uuid.uuid4().hex)
                ids = [pk for pk, _mid in subscriber_rows][:MAX_CHANGES_PER_DIGEST]
            whens.append(When(pk__in=ids, then=Value(message_id)))
            claimed_ids += ids
        Delivery.objects.filter(pk__in=claimed_ids, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.SENDING,
            claimed_at=now,
            message_id=Case(*whens, default=F("message_id")),
            attempts=F("attempts") + 1,
        )
        claimed = (
            Delivery.objects.filter(
                pk__in=claimed_ids, status=Delivery.Status.SENDING, claimed_at=now
            )
            .select_related("subscriber", "change")
            .order_by("pk")
        )
        digests = {}
        for delivery in claimed:
            digests.setdefault(delivery.message_id, []).append(delivery)
    return list(digests.items())


def _describe(error):
    """The error for the record: its class and SMTP code, never the address it may name."""
    code = getattr(error, "smtp_code", None)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = {value[0] for value in error.recipients.values()}
        code = min(codes) if codes else None
    return f"{type(error).__name__}{f' {code}' if code else ''}", code


def _record_failure(deliveries, error, now):
    description, code = _describe(error)
    permanent = bool(code and 500 <= code < 600)
    failed = retried = 0
    for delivery in deliveries:
        if permanent or delivery.attempts >= settings.ALERTS_MAX_ATTEMPTS:
            status, failed = Delivery.Status.FAILED, failed + 1
        else:
            status, retried = Delivery.Status.PENDING, retried + 1
        Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
            status=status,
            next_attempt_at=now + timedelta(seconds=backoff(delivery.attempts)),
            last_error=description[:300],
        )
    return description, retried, failed


def send_digest(message_id, deliveries, *, connection):
    """Send one claimed digest and record the outcome; returns (sent, retried, failed)."""
    subscriber = deliveries[0].subscriber
    changes = [delivery.change for delivery in deliveries]
    changes.sort(key=lambda change: (change.created_at, change.pk))
    message = digest_message(
        subscriber=subscriber, changes=changes, message_id=message_id, connection=connection
    )
    try:
        connection.open()  # no-op while the sweep's connection is open; reopens after an error
        message.send()
    except Exception as error:  # any failure: the rows go back to the outbox
        with contextlib.suppress(Exception):  # the connection is being discarded anyway
            connection.close()
        description, retried, failed = _record_failure(deliveries, error, timezone.now())
        logger.warning(
            "Digest %s for subscriber %s not sent (%s): %d to retry, %d given up",
            message_id,
            subscriber.pk,
            description,
            retried,
            failed,
        )
        return 0, retried, failed
    Delivery.objects.filter(
        pk__in=[d.pk for d in deliveries], status=Delivery.Status.SENDING, message_id=message_id
    ).update(status=Delivery.Status.SENT, sent_at=timezone.now(), last_error="")
    logger.info(
        "Sent digest %s to subscriber %s (%d changes)", message_id, subscriber.pk, len(deliveries)
    )
    return len(deliveries), 0, 0


def sweep(*, reclaim_after=None, limit=None, purge=True):
    """Deliver everything due now; returns a ``SweepResult``."""
    from .services import purge as purge_records

    result = SweepResult()
    reclaim_after = (
        timedelta(seconds=settings.ALERTS_RECLAIM_AFTER) if reclaim_after is None else reclaim_after
    )
    result.reclaimed = reclaim_stale(older_than=reclaim_after)
    if result.reclaimed:
        logger.warning("Reclaimed %d deliveries left by an interrupted sender", result.reclaimed)
    if purge:
        purge_records()
    connection = get_connection()
    digests = 0
    try:
        while limit is None or digests < limit:
            batch = CLAIM_BATCH if limit is None else min(CLAIM_BATCH, limit - digests)
            claimed = claim_digests(limit=batch)
            if not claimed:
                break
            for message_id, deliveries in claimed:
                digests += 1
                sent, retried, failed = send_digest(message_id, deliveries, connection=connection)
                result.sent += sent
                result.retried += retried
                result.failed += failed
    finally:
        with contextlib.suppress(Exception):  # closing a broken connection
            connection.close()
    return result


def run_forever(*, interval, reclaim_after=None, stop=None):
    """Sweep every ``interval`` seconds until ``stop()`` is true (the production loop)."""
    while not (stop and stop()):
        started = time.monotonic()
        try:
            result = sweep(reclaim_after=reclaim_after)
            if result.sent or result.retried or result.failed:
                logger.info(
                    "Sweep: %d sent, %d to retry, %d given up",
                    result.sent,
                    result.retried,
                    result.failed,
                )
        except Exception:  # a database outage must not end the loop
            logger.exception("Alert sweep failed; trying again in %s s", interval)
        finally:
            db_connection.close()  # a new connection per sweep survives database restarts
        while not (stop and stop()) and time.monotonic() - started < interval:
            time.sleep(min(1.0, interval))
