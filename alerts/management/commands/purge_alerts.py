"""Delete unconfirmed alert requests and old delivery records (send_alerts also does this)."""

from django.core.management.base import BaseCommand

from alerts.services import purge


class Command(BaseCommand):
    help = "Delete expired unconfirmed subscriptions, orphaned addresses and old delivery records."

    def handle(self, *args, **options):
        counts = purge()
        if options["verbosity"]:
            self.stdout.write(
                f"Deleted {counts['unconfirmed']} unconfirmed subscriptions, "
                f"{counts['addresses']} addresses, {counts['deliveries']} delivery records."
            )
