"""Rebuild every published document, or check that none is stale.

Run it once after a deploy that changes the document format (a new field in the
page detail, a block's API shape), and whenever ``--check`` reports a difference.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from api import documents

#: Pages rebuilt per transaction: each batch commits whole, and a commit per page
#: would cost more than the page (one fsync each on SQLite).
BATCH = 100


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
        if not check:
            result = documents.rebuild_in_batches(ids, batch=BATCH, progress=self.progress)
            changed = len(result.changed_paths)
            self.stdout.write(f"Rebuilt {len(ids)} documents; {changed} changed.")
            return
        stale = []
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            stale += filter(None, map(documents.stale_path, batch))
            self.progress(start + len(batch), len(ids))
        if stale:
            raise CommandError(f"{len(stale)} stale document(s): " + ", ".join(sorted(stale)))
        self.stdout.write(f"All {len(ids)} documents are up to date.")

    def progress(self, done: int, total: int) -> None:
        """A progress bar on stderr, when it is a terminal, or every 10% otherwise."""
        width = 30
        filled = width * done // total
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        step = max(1, total // 10)
        if sys.stderr.isatty():
            self.stderr.write(f"\r{line}", ending="\n" if done == total else "")
        elif done == total or done // step > (done - BATCH) // step:
            self.stderr.write(line)
