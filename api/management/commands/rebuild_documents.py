"""Rebuild every published document, or check that none is stale.

Run it once after a deploy that changes the document format (a new field in the
page detail, a block's API shape), and whenever ``--check`` reports a difference.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from api import documents


class Command(BaseCommand):
    help = "Rebuild every live page's delivery document (--check: compare only, change nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Compare each stored document with a fresh build; exit 1 naming any stale path.",
        )

    def handle(self, *args, check=False, **options):
        ids = documents.all_page_ids()
        stale, changed = [], set()
        for number, pk in enumerate(ids, start=1):
            if check:
                if path := documents.stale_path(pk):
                    stale.append(path)
            else:
                with transaction.atomic():
                    changed |= documents.rebuild([pk]).changed_paths
            self.progress(number, len(ids))
        if check:
            if stale:
                raise CommandError(f"{len(stale)} stale document(s): " + ", ".join(sorted(stale)))
            self.stdout.write(f"All {len(ids)} documents are up to date.")
        else:
            self.stdout.write(f"Rebuilt {len(ids)} documents; {len(changed)} changed.")

    def progress(self, done: int, total: int) -> None:
        """A progress bar on stderr, when it is a terminal, or every 10% otherwise."""
        width = 30
        filled = width * done // total
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        if sys.stderr.isatty():
            self.stderr.write(f"\r{line}", ending="\n" if done == total else "")
        elif done == total or done % max(1, total // 10) == 0:
            self.stderr.write(line)
