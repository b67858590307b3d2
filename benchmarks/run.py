"""Benchmark the delivery API and search under gunicorn and write benchmarks/RESULTS.md.

    .venv/bin/python -m benchmarks.run            # the full run, about 13 minutes
    .venv/bin/python -m benchmarks.run --quick    # a smoke test, about 3 minutes
    .venv/bin/python -m benchmarks.run --no-postgres

For SQLite (a fresh file in benchmarks/var/) and then PostgreSQL (a fresh
database, ``topicdesk_bench``, dropped afterwards):

1. Migrates, loads the demo and indexes it for search; measures title
   suggestions (and search) on the demo data.
2. Adds 1,000 generated topic pages (`benchmarks.generate`) and measures the
   detail and listing scenarios.
3. Adds 9,000 more (10,000 in all), indexes them (timed), and measures the
   listings, the detail, search and suggestions again.

SQL queries per request are counted in-process (`benchmarks.queries`). Each
scenario runs against gunicorn (sync workers) on 127.0.0.1 and a free port,
one server per cache mode, driven by a small keep-nothing HTTP/1.1 client in N
threads: a fixed number of requests or a time limit, whichever comes first,
after a short warm-up. The report goes to benchmarks/RESULTS.md.

Only 127.0.0.1 is ever contacted. Every gunicorn is stopped on exit, and the
PostgreSQL database is dropped (and the cluster stopped, if this started it).

The parts: ``benchmarks.load`` (the client), ``benchmarks.servers`` (gunicorn and
the other processes), ``benchmarks.postgres`` (the PostgreSQL database),
``benchmarks.scenarios`` (what is measured, and the phases) and
``benchmarks.report`` (RESULTS.md).
"""

import argparse
import sqlite3
import subprocess
import time
from pathlib import Path

from benchmarks.postgres import POSTGRES, postgres_database
from benchmarks.report import load_average, machine_facts, render
from benchmarks.scenarios import Config, Run, run_database
from benchmarks.servers import BENCH_DIR, SQLITE, VAR, sqlite_files

# --- Main -------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> Config:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1000, help="generated pages, first round")
    parser.add_argument("--more-pages", type=int, default=9000, help="pages added for round two")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2000, help="request bound per scenario")
    parser.add_argument("--seconds", type=float, default=15, help="time bound per scenario")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--output", type=Path, default=None)
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument(
        "--no-postgres-api",
        action="store_true",
        help="on PostgreSQL, only search and suggestions (not the detail and listing rows)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="small and short, to check that it all works"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.pages, args.more_pages, args.requests, args.seconds = 100, 900, 200, 3
    output = args.output or (VAR / "RESULTS-quick.md" if args.quick else BENCH_DIR / "RESULTS.md")
    return Config(
        pages=args.pages,
        more_pages=args.more_pages,
        concurrency=args.concurrency,
        requests=args.requests,
        seconds=args.seconds,
        workers=args.workers,
        output=output,
        postgres=not args.no_postgres,
        postgres_api=not args.no_postgres_api,
        quick=args.quick,
    )


def main(argv: list[str] | None = None) -> None:
    config = parse_args(argv)
    started = time.monotonic()
    VAR.mkdir(exist_ok=True)
    facts = machine_facts(config)
    for stale in [*sqlite_files(), *VAR.glob("gunicorn-*.log")]:
        stale.unlink(missing_ok=True)

    runs = [Run(SQLITE)]
    sqlite_run = runs[0]
    sqlite_run.facts["server"] = f"SQLite {sqlite3.sqlite_version}"
    run_database(sqlite_run, config)
    for path in sqlite_files():
        path.unlink(missing_ok=True)

    if config.postgres:
        postgres_run = Run(POSTGRES)
        runs.append(postgres_run)
        try:
            with postgres_database() as server_version:
                postgres_run.facts["server"] = f"PostgreSQL {server_version}"
                run_database(postgres_run, config)
        except (RuntimeError, OSError, subprocess.SubprocessError) as error:
            # The SQLite results stand; the report says what happened to PostgreSQL.
            postgres_run.skipped = f"failed: {str(error).strip().splitlines()[0]}"
            print(f"!! PostgreSQL: {error}", flush=True)

    facts.append(("load average after the run", load_average()))
    facts.append(("duration", f"{(time.monotonic() - started) / 60:.1f} minutes"))
    report = render(config, runs, facts)
    config.output.write_text(report)
    print("\n" + report)
    print(f"Wrote {config.output} in {time.monotonic() - started:.0f}s")


if __name__ == "__main__":
    main()
