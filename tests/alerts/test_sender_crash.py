"""The sender killed mid-batch and restarted: no duplicates, nothing lost (SQLite and PostgreSQL).

``send_alerts`` runs as a real subprocess against a file database (SQLite: a copy of the test
database; PostgreSQL: the test database itself). The SMTP server holds the fourth message
before accepting it, the test SIGKILLs the sender while it waits, and a restarted sender must
deliver exactly the rest.
"""

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from alerts.models import Delivery, Subscriber, Subscription
from alerts.services import record_changes
from tests.agreements.factories import make_agreement

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SUBSCRIBERS = 12


def _database_url(tmp_path):
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        return (
            f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
            f"{settings['PORT'] or 5432}/{settings['NAME']}"
        ), None
    # The SQLite test database lives in memory: copy it, committed rows and all, into a file.
    path = tmp_path / "alerts.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{path}", path


def _sender(smtp_server, database_url, *args):
    env = {
        **os.environ,
        **smtp_server.environment(),
        "DJANGO_SETTINGS_MODULE": "carbonsite.settings.test",
        "DATABASE_URL": database_url,
        "DJANGO_SITE_URL": "https://alerts.test",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "send_alerts", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _statuses(sqlite_path):
    if sqlite_path is None:
        return sorted(Delivery.objects.values_list("status", flat=True))
    with sqlite3.connect(sqlite_path) as db:
        return sorted(row[0] for row in db.execute("SELECT status FROM alerts_delivery"))


def test_killed_sender_restarts_without_duplicates_or_losses(smtp_server, tmp_path):
    agreement = make_agreement(partner_country="Crashland", slug="crashland").agreement
    for number in range(SUBSCRIBERS):
        subscriber = Subscriber.objects.create(email=f"s{number}@example.org")
        Subscription.objects.create(
            subscriber=subscriber,
            agreement=agreement,
            call_opened=True,
            confirmed_at="2026-01-01T00:00Z",
        )
    record_changes(agreement=agreement, kinds=["call_opened"], summary_lines=["Open."])
    database_url, sqlite_path = _database_url(tmp_path)

    smtp_server.hold_after(3)
    first = _sender(smtp_server, database_url)
    assert smtp_server.wait_for(lambda s: s.held, timeout=60), first.communicate()[0]
    first.send_signal(signal.SIGKILL)
    first.wait()
    held = smtp_server.held[0]
    smtp_server.release()
    assert len(smtp_server.messages) == 3
    # The held digest (outcome unknown to the sender) and the rest of its claimed batch.
    assert _statuses(sqlite_path).count("sending") == SUBSCRIBERS - 3

    second = _sender(smtp_server, database_url, "--reclaim-after", "0")
    output = second.communicate(timeout=120)[0].decode()
    assert second.returncode == 0, output

    recipients = sorted(smtp_server.recipients)
    assert recipients == sorted(f"s{number}@example.org" for number in range(SUBSCRIBERS))
    message_ids = [m["Message-ID"].strip() for m in smtp_server.messages]
    assert len(set(message_ids)) == SUBSCRIBERS
    resent = [m for m in smtp_server.messages if m["To"].strip() == held["To"].strip()]
    assert [m["Message-ID"].strip() for m in resent] == [held["Message-ID"].strip()]
    assert _statuses(sqlite_path) == ["sent"] * SUBSCRIBERS
    assert "@example.org" not in output  # no addresses in the sender's log
