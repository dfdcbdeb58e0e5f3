"""Rebuild the search index from the database, e.g. after a bulk import or a restore."""

from django.core.management.base import BaseCommand
from django.db import transaction

from sitesearch.indexing import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the site search index from published pages, agreement data and documents."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = rebuild_index()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {count} entries."))
