"""The outbox and sender in one process, over the real SMTP server."""

import logging
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from alerts.models import AlertChange, Delivery, Subscriber, Subscription
from alerts.selectors import subscriber_count_for
from alerts.sender import sweep
from alerts.services import record_changes
from tests.agreements.factories import make_agreement

from .smtp import html_part, text_part

pytestmark = pytest.mark.django_db


def follower(email, agreement, *kinds, confirmed=True):
    subscriber, _ = Subscriber.objects.get_or_create(email=email)
    subscription = Subscription(subscriber=subscriber, agreement=agreement)
    subscription.set_kinds(kinds)
    subscription.confirmed_at = timezone.now() if confirmed else None
    subscription.save()
    return subscriber


@pytest.fixture
def agreement():
    return make_agreement(partner_country="Outboxia", slug="outboxia").agreement


def test_only_confirmed_matching_subscribers_get_a_row(agreement):
    other = make_agreement().agreement
    follower("this@example.org", agreement, "call_opened")
    follower("all@example.org", None, "call_opened", "documents_changed")
    follower("both@example.org", agreement, "call_opened")
    follower("both@example.org", None, "call_opened")  # the same address twice: one row
    follower("other@example.org", other, "call_opened")
    follower("docs-only@example.org", agreement, "documents_changed")
    follower("pending@example.org", agreement, "call_opened", confirmed=False)

    assert subscriber_count_for(agreement, ["call_opened"]) == 3
    change = record_changes(agreement=agreement, kinds=["call_opened"], summary_lines=["Open."])
    emails = sorted(change.deliveries.values_list("subscriber__email", flat=True))
    assert emails == ["all@example.org", "both@example.org", "this@example.org"]


def test_no_alert_records_the_change_and_notifies_nobody(agreement):
    follower("this@example.org", agreement, "call_opened")
    change = record_changes(
        agreement=agreement, kinds=["call_opened"], summary_lines=["x"], no_alert=True
    )
    assert change.no_alert and not change.deliveries.exists()


def test_unknown_kind_is_a_clear_error_and_writes_nothing(agreement):
    before = AlertChange.objects.count()
    with pytest.raises(ValueError, match="Unknown alert kinds: call_closed"):
        record_changes(agreement=agreement, kinds=["call_closed"], summary_lines=[])
    assert AlertChange.objects.count() == before


def test_a_burst_of_changes_becomes_one_digest(smtp_server, agreement):
    follower("digest@example.org", agreement, "call_opened", "documents_changed")
    record_changes(agreement=agreement, kinds=["call_opened"], summary_lines=["Calls open."])
    record_changes(agreement=agreement, kinds=["documents_changed"], summary_lines=["Annex B."])
    assert sweep().sent == 2
    [mail] = smtp_server.messages
    assert mail["Subject"].strip() == "2 updates on Singapore's Implementation Agreements"
    for part in (text_part(mail), html_part(mail)):
        assert "Calls open." in part and "Annex B." in part


def test_a_digest_waits_for_the_burst_to_settle(smtp_server, settings, agreement):
    settings.ALERTS_DIGEST_DELAY = 120
    follower("later@example.org", agreement, "call_opened")
    record_changes(agreement=agreement, kinds=["call_opened"], summary_lines=["Open."])
    assert sweep().sent == 0 and smtp_server.messages == []


def test_temporary_failure_retries_with_backoff_and_the_same_message_id(smtp_server, agreement):
    follower("retry@example.org", agreement, "call_opened")
    record_changes(agreement=agreement, kinds=["call_opened"], summary_lines=["Open."])
    smtp_server.fail_next(1)
    result = sweep()
    assert (result.sent, result.retried) == (0, 1)
    delivery = Delivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert delivery.last_error == "SMTPDataError 451"
    wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < wait <= timedelta(seconds=60)
    first_id = smtp_server.attempts[0]["Message-ID"].strip()

    assert sweep().sent == 0  # not due yet
    Delivery.objects.update(next_attempt_at=timezone.now())
    assert sweep().sent == 1
    [mail] = smtp_server.messages
    assert mail["Message-ID"].strip() == first_id == Delivery.objects.get().message_id


def test_permanent_refusal_gives_up_at_once(smtp_server, agreement):
    follower("gone@example.org", agreement, "call_opened")
    record_changes(agreement=agreement, kinds=["call_opened"], summary_lines=["Open."])
    smtp_server.fail_next(1, reply="550 5.1.1 No such mailbox")
    assert sweep().failed == 1
    assert Delivery.objects.get().status == "failed"


def test_smtp_server_down_loses_nothing(settings, agreement):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    settings.ALERTS_DIGEST_DELAY = 0
    follower("down@example.org", agreement, "call_opened")
    record_changes(agreement=agreement, kinds=["call_opened"], summary_lines=["Open."])
    result = sweep()
    assert result.retried == 1
    assert Delivery.objects.get().status == "pending"


def test_the_sender_logs_no_addresses(smtp_server, agreement, caplog):
    follower("private-person@example.org", agreement, "call_opened")
    record_changes(agreement=agreement, kinds=["call_opened"], summary_lines=["Open."])
    smtp_server.fail_next(1, reply="550 5.1.1 <private-person@example.org> unknown")
    with caplog.at_level(logging.DEBUG, logger="alerts"):
        sweep()
        Delivery.objects.update(status="pending", next_attempt_at=timezone.now())
        call_command("send_alerts", verbosity=0)
    assert "private-person" not in caplog.text
    assert "private-person" not in Delivery.objects.get().last_error
