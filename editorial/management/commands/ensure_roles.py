"""Create or refresh the Editors and Publishers groups; run on every deploy after migrate."""

from django.core.management.base import BaseCommand

from editorial.roles import ensure_roles


class Command(BaseCommand):
    help = "Create or refresh the Editors and Publishers groups and their permissions."

    def handle(self, *args, **options):
        editors, publishers = ensure_roles()
        self.stdout.write(
            self.style.SUCCESS(
                f"Editors: {editors.permissions.count()} permissions; "
                f"Publishers: {publishers.permissions.count()} permissions."
            )
        )
