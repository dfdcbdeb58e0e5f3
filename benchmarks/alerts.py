"""Benchmark: notify 1,000 subscribers of one published change through a local SMTP server.

    .venv/bin/python benchmarks/alerts.py [--subscribers 1000] [--postgres]

Builds a throw-away database (a SQLite file, or with ``--postgres`` the PostgreSQL database
``carbonsite_alerts_bench`` on 127.0.0.1, dropped afterwards), confirms N subscribers to one
agreement, records one "call opened" change the way a publish does, and runs one sweep of the
sender against an aiosmtpd server on loopback (the same server the tests use). Prints the time
to write the outbox rows (inside the publisher's transaction) and to deliver every e-mail.
Goal: every subscriber notified in under a minute. Nothing here fails a build.
"""

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "carbonsite_alerts_bench"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()

    scratch = tempfile.TemporaryDirectory(prefix="carbonsite-alerts-bench-")
    if args.postgres:
        _admin_sql(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        _admin_sql(f"CREATE DATABASE {BENCH_DB}")
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch.name}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "carbonsite.settings.test"
    os.environ["DJANGO_TEST_MEDIA_ROOT"] = scratch.name
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if args.postgres:
            _admin_sql(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        scratch.cleanup()


def serve(port, received_count, ready, stop):
    """The SMTP server process: counts recipients accepted."""
    from tests.alerts.smtp import LocalSMTPServer

    server = LocalSMTPServer(port=port, parse=False).start()
    ready.set()
    while not stop.wait(0.05):
        with server.lock:
            received_count.value = len(server.recipients)
    with server.lock:
        received_count.value = len(server.recipients)
    server.stop()


def _admin_sql(statement):
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
        admin.execute(statement)


def run(args):
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from alerts.models import Subscriber, Subscription
    from alerts.sender import sweep
    from alerts.services import record_changes
    from tests.agreements.factories import make_agreement
    from tests.alerts.smtp import LocalSMTPServer

    print(f"Preparing a {connection.vendor} database ...", flush=True)
    call_command("migrate", verbosity=0)
    agreement = make_agreement(partner_country="Benchland", slug="benchland")
    subscribers = Subscriber.objects.bulk_create(
        [Subscriber(email=f"subscriber{n}@example.org") for n in range(args.subscribers)]
    )
    Subscription.objects.bulk_create(
        [
            Subscription(
                subscriber=s, agreement=agreement, call_opened=True, confirmed_at=timezone.now()
            )
            for s in subscribers
        ]
    )

    # The SMTP server runs in its own process, as a real relay would, so it does not share the
    # sender's interpreter lock.
    port = LocalSMTPServer().port
    received_count = multiprocessing.Value("i", 0)
    ready, stop = multiprocessing.Event(), multiprocessing.Event()
    server = multiprocessing.Process(
        target=serve, args=(port, received_count, ready, stop), daemon=True
    )
    server.start()
    ready.wait(30)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.ALERTS_DIGEST_DELAY = 0
    try:
        started = time.perf_counter()
        with transaction.atomic():  # as inside a publish
            record_changes(
                agreement=agreement, kinds=["call_opened"], summary_lines=["Applications open."]
            )
        recorded = time.perf_counter() - started

        started = time.perf_counter()
        result = sweep(purge=False)
        sent = time.perf_counter() - started
        deadline = time.monotonic() + 10
        while received_count.value < result.sent and time.monotonic() < deadline:
            time.sleep(0.05)
        received = received_count.value
    finally:
        stop.set()
        server.join(10)

    print()
    print(f"| {connection.vendor} | figure |")
    print("|---|---|")
    print(f"| subscribers notified | {result.sent} sent, {received} received by the SMTP server |")
    print(f"| outbox rows written in the publish transaction | {recorded * 1000:.0f} ms |")
    rate = result.sent / sent
    print(f"| delivery, one sweep of send_alerts | {sent:.1f} s ({rate:.0f} e-mails/s) |")
    print(f"| goal: all notified in under 60 s | {'met' if sent + recorded < 60 else 'MISSED'} |")


if __name__ == "__main__":
    main()
