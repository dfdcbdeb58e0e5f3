"""Delete enquiries older than ENQUIRY_RETENTION_DAYS, as the privacy statement promises.

Run it daily (cron, a systemd timer or the platform's scheduler).
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from enquiries.services import enquiries_purge


class Command(BaseCommand):
    help = "Delete enquiries older than the retention period (ENQUIRY_RETENTION_DAYS)."

    def handle(self, *args, **options):
        deleted = enquiries_purge()
        self.stdout.write(
            f"Deleted {deleted} enquir{'y' if deleted == 1 else 'ies'} older than "
            f"{settings.ENQUIRY_RETENTION_DAYS} days."
        )
