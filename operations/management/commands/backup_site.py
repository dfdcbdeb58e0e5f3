"""``manage.py backup_site FOLDER``: dump the database and the media (see operations/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and every media file into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a new or empty folder to write the backup into")

    def handle(self, folder, **options):
        try:
            manifest = backup(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {len(manifest['rows'])} tables "
                f"({sum(manifest['rows'].values())} rows) and {len(manifest['media'])} media "
                f"files into {folder}."
            )
        )
