"""Read the text of uploaded PDFs for search, outside any request (cron, or ``--loop``)."""

import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import connection

from sitesearch.indexing import extract_pending_texts

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Extract the text of signed documents whose file has not been read yet and index the "
        "published ones. What is done is stored, so a run after a stop or crash catches up."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="Keep running, looking every --interval seconds."
        )
        parser.add_argument("--interval", type=float, default=30.0)
        parser.add_argument("--limit", type=int, default=None, help="Read at most this many.")

    def handle(self, *args, loop, interval, limit, **options):
        if not loop:
            done = extract_pending_texts(limit=limit)
            if options["verbosity"]:
                self.stdout.write(f"{done} documents read.")
            return
        stopping = []
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stopping.append(True))
        while not stopping:
            started = time.monotonic()
            try:
                done = extract_pending_texts(limit=limit)
                if done:
                    logger.info("Extracted the text of %d documents", done)
            except Exception:  # a database or storage outage must not end the loop
                logger.exception("Text extraction failed; trying again in %s s", interval)
            finally:
                connection.close()  # a new connection per round survives database restarts
            while not stopping and time.monotonic() - started < interval:
                time.sleep(min(1.0, interval))
