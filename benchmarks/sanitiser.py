"""What the output sanitiser (nh3) costs an uncached API detail of the seed article.

Builds the detail of trust-issues in-process, alternately with the sanitiser and
with it replaced by the identity, and prints the medians as a Markdown table.
Run: ``.venv/bin/python -m benchmarks.sanitiser`` (about a minute; its own SQLite
file under a temporary folder). It measures; it asserts nothing.
"""

import os
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROUNDS, BUILDS = 5, 400


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="topicdesk-sanitiser-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijkl")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    from api.serializers import PageDetailSerializer
    from pages import richtext, selectors
    from pages.models import TopicPage

    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_demo", stdout=StringIO())
    pk = TopicPage.objects.get(slug="trust-issues").pk

    def median_ms() -> float:
        samples = []
        for _ in range(BUILDS):
            started = time.perf_counter()
            with richtext.site_roots_read_once():
                PageDetailSerializer(selectors.topic_detail(pk=pk)).data  # noqa: B018
            samples.append(time.perf_counter() - started)
        return statistics.median(samples) * 1000

    sanitiser = richtext.neutralise_html
    rows = []
    median_ms()  # warm up
    for _ in range(ROUNDS):
        richtext.neutralise_html = sanitiser
        with_it = median_ms()
        richtext.neutralise_html = lambda html, features: html
        without = median_ms()
        rows.append((with_it, without))
    richtext.neutralise_html = sanitiser
    sys.stdout.write(
        "| round | with nh3 (ms) | without (ms) | added (ms) |\n| ---: | ---: | ---: | ---: |\n"
    )
    for number, (with_it, without) in enumerate(rows, start=1):
        sys.stdout.write(
            f"| {number} | {with_it:.3f} | {without:.3f} | {with_it - without:+.3f} |\n"
        )
    added = statistics.median(w - wo for w, wo in rows)
    base = statistics.median(wo for _, wo in rows)
    sys.stdout.write(f"\nMedian added: {added:+.3f} ms per detail ({added / base * 100:+.1f}%).\n")


if __name__ == "__main__":
    main()
