"""``manage.py import_topic FILE... --category SLUG [--tags a,b] [--submit]``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pages.importing import ArticleError, ImportReport, clean_tags, import_article, slug_for_file
from pages.models import TopicCategoryPage


class Command(BaseCommand):
    help = (
        "Import plain-text articles as draft topic pages under a category, one page per file "
        "(the file name gives the slug: trust-issues.txt → trust-issues). Importing a file "
        "again adds a new revision to the same page. Nothing is published; --submit starts "
        "the review workflow. Each file is imported whole or not at all; the exit status is "
        "non-zero if any file failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument(
            "--category", required=True, help="Slug of the topic category, e.g. relationships."
        )
        parser.add_argument("--tags", default="", help="Comma-separated tags to add: a,b.")
        parser.add_argument("--submit", action="store_true", help="Submit each draft for review.")

    def handle(self, *args, files, category, tags, submit, **options):
        categories = TopicCategoryPage.objects.filter(slug=category)
        if len(categories) != 1:
            known = ", ".join(
                TopicCategoryPage.objects.order_by("slug").values_list("slug", flat=True)
            )
            problem = "No" if not categories else "More than one"
            raise CommandError(
                f"{problem} topic category has the slug {category!r}. "
                f"Categories: {known or 'none (run load_demo or add one in the admin)'}."
            )
        try:
            tag_names = clean_tags(tags)
        except ValueError as error:
            raise CommandError(f"--tags: {error}") from None

        rows: list[tuple[str, ImportReport | ArticleError]] = []
        for number, path in enumerate(files, start=1):
            prefix = f"[{number}/{len(files)}] {path.name} …"
            try:
                report = import_article(
                    data=path,
                    category=categories[0],
                    slug=slug_for_file(path.name),
                    tags=tag_names,
                    submit=submit,
                )
            except ArticleError as error:
                self.stdout.write(f"{prefix} failed: {error}")
                rows.append((path.name, error))
                continue
            state = "draft, submitted for review" if report.submitted else "draft"
            self.stdout.write(f"{prefix} {report.result} {report.path} ({state})")
            for note in report.notes:
                self.stdout.write(f"    warning: {note}")
            rows.append((path.name, report))

        self.stdout.write("")
        self.stdout.write(summary_table(rows))
        failed = sum(isinstance(result, ArticleError) for _, result in rows)
        if failed:
            raise CommandError(
                f"{failed} of {len(rows)} file(s) failed; nothing was written for them."
            )


def summary_table(rows: list[tuple[str, ImportReport | ArticleError]]) -> str:
    """A plain-text table: file | result | page | warnings, then the totals."""
    table = [("file", "result", "page", "warnings")]
    counts = {"created": 0, "updated": 0, "failed": 0, "with warnings": 0}
    for name, result in rows:
        if isinstance(result, ArticleError):
            table.append((name, "failed", "-", "-"))
            counts["failed"] += 1
            continue
        table.append((name, result.result, result.path, str(len(result.notes))))
        counts[result.result] += 1
        counts["with warnings"] += bool(result.notes)
    widths = [max(len(row[column]) for row in table) for column in range(4)]
    lines = [
        " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in table
    ]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    totals = ", ".join(f"{count} {label}" for label, count in counts.items())
    lines.append(f"{len(rows)} file(s): {totals}")
    return "\n".join(lines)
