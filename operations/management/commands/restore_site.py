"""``manage.py restore_site FOLDER``: restore a backup into an empty database and storage."""

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by backup_site into an empty database and media storage."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="the folder backup_site wrote")

    def handle(self, folder, **options):
        try:
            manifest = restore(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {len(manifest['rows'])} tables and {len(manifest['media'])} media "
                f"files from {folder}. Clear the cache if it served another instance."
            )
        )
