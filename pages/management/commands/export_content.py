import json

from django.core.management.base import BaseCommand, CommandError

from pages.transfer import TransferError, export_content


class Command(BaseCommand):
    help = (
        "Write every page (tree, fields, blocks, tags, pinned related pages, live and draft "
        "state, latest draft) to a versioned JSON file that import_content reads."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", help="The JSON file to write, or - for standard output.")

    def handle(self, *args, out, **options):
        try:
            data = export_content()
        except TransferError as exc:
            raise CommandError(str(exc)) from exc
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        if out == "-":
            self.stdout.write(text, ending="")
            return
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(text)
        self.stderr.write(f"Exported {len(data['pages'])} pages to {out}.")
