from django.core.management.base import BaseCommand, CommandError

from multilingual.catalogue import CATALOGUE, CatalogueError, compile_catalogue


class Command(BaseCommand):
    """`make messages`: the Spanish .mo from its .po without GNU gettext (polib)."""

    help = "Compile locale/es/LC_MESSAGES/django.po into django.mo (no GNU gettext needed)."

    def add_arguments(self, parser):
        parser.add_argument("po_file", nargs="?", default=str(CATALOGUE))

    def handle(self, *args, po_file, **options):
        try:
            compiled = compile_catalogue(po_file)
        except CatalogueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Compiled {compiled}")
