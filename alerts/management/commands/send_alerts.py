"""Deliver the e-mail alerts waiting in the outbox (cron every minute, or ``--loop``)."""

import signal

from django.core.management.base import BaseCommand

from alerts.sender import run_forever, sweep


class Command(BaseCommand):
    help = (
        "Send pending e-mail alerts as one digest per subscriber, retrying failures with "
        "back-off, and purge expired subscription requests. Safe to run in parallel."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="Keep running, sweeping every --interval seconds."
        )
        parser.add_argument("--interval", type=float, default=60.0)
        parser.add_argument(
            "--reclaim-after",
            type=float,
            default=None,
            help="Seconds after which a digest left 'sending' by a dead sender is sent again "
            "(default: ALERTS_RECLAIM_AFTER).",
        )
        parser.add_argument(
            "--limit", type=int, default=None, help="Send at most this many digests."
        )

    def handle(self, *args, loop, interval, reclaim_after, limit, **options):
        from datetime import timedelta

        reclaim = timedelta(seconds=reclaim_after) if reclaim_after is not None else None
        if loop:
            stopping = []
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stopping.append(True))
            run_forever(interval=interval, reclaim_after=reclaim, stop=lambda: bool(stopping))
            return
        result = sweep(reclaim_after=reclaim, limit=limit)
        if options["verbosity"]:
            self.stdout.write(
                f"{result.sent} alerts sent, {result.retried} to retry, "
                f"{result.failed} given up, {result.reclaimed} reclaimed."
            )
