import json

from django.core.management.base import BaseCommand, CommandError

from pages.transfer import TransferError, import_content


class Command(BaseCommand):
    help = (
        "Recreate the pages in a file written by export_content. All or nothing: any failure "
        "rolls the whole import back. Refuses a database that already has the pages unless "
        "--replace is given, which deletes the existing tree first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A JSON file written by export_content.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the pages already in this database and import in their place.",
        )

    def handle(self, *args, file, replace, **options):
        try:
            with open(file, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"{file}: cannot read it as JSON ({exc}).") from exc
        try:
            created = import_content(data, replace=replace)
        except TransferError as exc:
            raise CommandError(f"{file}: {exc} Nothing was imported.") from exc
        self.stdout.write(f"Imported {len(created)} pages from {file}.")
