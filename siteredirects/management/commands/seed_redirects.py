"""Add the real site's old addresses to the redirect table (idempotent; run after deploys)."""

from django.core.management.base import BaseCommand

from siteredirects.services import seed_redirects


class Command(BaseCommand):
    help = "Seed django.contrib.redirects with every agreement's old addresses (301s)."

    def handle(self, *args, **options):
        added, kept = seed_redirects()
        if options["verbosity"]:
            self.stdout.write(f"Redirects: {added} added, {kept} already present.")
