"""Benchmark published documents with wrk: reads at 1k, 10k and 100k pages, and publishes.

    .venv/bin/python -m benchmarks.documents                   # both databases; DOCUMENTS.md
    .venv/bin/python -m benchmarks.documents --sizes 1000 --no-postgres --output /tmp/d.md

For SQLite (a fresh file in benchmarks/var/), then PostgreSQL (a fresh database,
``topicdesk_bench``, dropped afterwards), at each size:

1. ``benchmarks.generate`` adds generated topic pages up to the size, and
   ``manage.py rebuild_documents`` builds every live page's document (timed).
2. Reads, with the API's response cache bypassed (``BENCH_UNCACHED=1``), under
   gunicorn (2 sync workers) and Debian's ``wrk`` (1 thread, 8 connections,
   ``--latency``): the v1 detail of the seed article, stock Wagtail's v2 detail
   of the same page, the listing, and the constant-bytes ceiling (the cheapest
   Django response of the v1 detail's size: ``benchmarks.urls``).
3. Publishes, with ``db_worker`` running: ``benchmarks.publisher`` publishes the
   seed article once a second (60 s at the largest size, 20 s below it) and
   times its own document (first GET after ``publish()`` returns: a stale read
   if it shows the old title) and its dependents (the worker's
   ``rebuild_dependents`` task). Meanwhile wrk sends conditional GETs
   (``If-None-Match``) for 200 sampled pages that the publish does not affect
   (not the page, nor any of its dependents): a 304 is a hit.

Only 127.0.0.1 is contacted; every process is stopped on exit and every loop is
bounded. It measures and asserts nothing.

The parts: ``benchmarks.documents_measure`` (one size's reads and publishes),
``benchmarks.documents_report`` (DOCUMENTS.md), and the harness shared with
``benchmarks.run``: ``benchmarks.load`` (wrk), ``benchmarks.servers`` (gunicorn,
``db_worker``) and ``benchmarks.postgres``.
"""

import argparse
import sqlite3
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

from benchmarks.documents_measure import READ_SECONDS, Size, measure_size
from benchmarks.documents_report import render
from benchmarks.load import WRK, WRK_CONNECTIONS
from benchmarks.postgres import POSTGRES, postgres_database
from benchmarks.report import load_average, machine_facts
from benchmarks.servers import (
    BENCH_DIR,
    SQLITE,
    UNCACHED,
    VAR,
    Database,
    bench_env,
    run_module,
    sqlite_files,
)

SIZES = (1_000, 10_000, 100_000)
PUBLISH_SECONDS = 20
PUBLISH_SECONDS_LARGEST = 60


def run_database(database: Database, sizes: tuple[int, ...], seconds: dict) -> list[Size]:
    results, generated = [], 0
    for number, pages in enumerate(sizes):
        size = Size(database, pages)
        args = ["--count", str(pages - generated)] + (["--no-setup"] if number else [])
        started = time.monotonic()
        print(run_module("benchmarks.generate", *args, env=bench_env(UNCACHED, database),
                         timeout=7200).strip(), flush=True)  # fmt: skip
        size.generate_s, generated = time.monotonic() - started, pages
        largest = number == len(sizes) - 1
        measure_size(size, seconds["largest"] if largest else seconds["other"])
        results.append(size)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--publish-seconds", type=float, default=PUBLISH_SECONDS_LARGEST)
    parser.add_argument("--output", type=Path, default=BENCH_DIR / "DOCUMENTS.md")
    args = parser.parse_args(argv)
    if not Path(WRK).exists():
        raise SystemExit(f"{WRK} is missing: apt-get install -y wrk")
    seconds = {"largest": args.publish_seconds, "other": min(PUBLISH_SECONDS, args.publish_seconds)}
    sizes = tuple(sorted(args.sizes))
    started = time.monotonic()
    VAR.mkdir(exist_ok=True)
    facts = machine_facts(SimpleNamespace(workers=2, concurrency=WRK_CONNECTIONS, requests=0,
                                          seconds=READ_SECONDS))[:-1]  # fmt: skip
    wrk_version = subprocess.run([WRK, "-v"], capture_output=True, text=True, check=False)
    facts.append(("client", (wrk_version.stdout or wrk_version.stderr).splitlines()[0]))
    results: list[Size] = []
    if not args.no_sqlite:
        for path in sqlite_files():
            path.unlink(missing_ok=True)
        try:
            results += run_database(SQLITE, sizes, seconds)
        finally:
            for path in sqlite_files():
                path.unlink(missing_ok=True)
    if not args.no_postgres:
        with postgres_database() as server_version:
            facts.append(("PostgreSQL", server_version))
            results += run_database(POSTGRES, sizes, seconds)
    facts.append(("SQLite", sqlite3.sqlite_version))
    facts.append(("load average after the run", load_average()))
    facts.append(("duration", f"{(time.monotonic() - started) / 60:.1f} minutes"))
    facts.append(("finished", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")))
    report = render(results, facts, seconds)
    args.output.write_text(report)
    print("\n" + report)


if __name__ == "__main__":
    main()
