"""Load while publishing: many readers, one publisher, and nothing torn or stale.

    python -m tests.load.loadtest --seconds 60 --clients 16 [--report tests/load/last-run.md]

Starts, on 127.0.0.1 only and on a fresh temporary SQLite demo (migrate, load_demo,
update_index): gunicorn with 2 sync workers (production settings, local-memory cache,
throttling off), the task worker (`manage.py db_worker`, as `make run` runs it, so the
search index follows each publish), and a publisher process (`tests.load.publisher`)
that publishes a new revision of the trust-issues page every second, its number in
both the title and a body block. Meanwhile ``--clients`` threads request, in turn, the
page (resolve), the topic listing and a search, until ``--seconds`` have passed or
``--max-requests`` have been sent.

It passes when
- no request failed: no 5xx or other non-200, no connection error or timeout, every
  response a complete JSON document of the endpoint's shape;
- every resolve response was one single revision (title marker == body marker);
- every publish succeeded;
- no response was older than API_CACHE_MAX_AGE: a request that started after revision
  n was published may not show an older one for longer than that (figure: "stale");
- after the last publish, all three endpoints serve the last revision (10 rounds
  running, so both workers do) within API_CACHE_MAX_AGE seconds;
- neither the server's nor the task worker's log has an error.
It prints the figures, writes them as Markdown to ``--report`` and exits 0 or 1.
Every process it starts is stopped when it ends, also on errors, Ctrl-C or SIGTERM.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

from tests.live_server import (
    PYTHON,
    background,
    gunicorn,
    manage,
    prepare_database,
    server_env,
)
from tests.load.client import DEFAULT_REPORT, ENDPOINTS, Budget, Publishing, Sample, client, get
from tests.load.figures import Freshness, endpoint_figures, log_errors, out_of_order, percentile
from tests.load.report import Result


def run(
    *,
    seconds: float = 60,
    clients: int = 16,
    max_requests: int = 200_000,
    workers: int = 2,
    interval: float = 1.0,
    task_worker: bool = True,
    workdir: Path | None = None,
) -> Result:
    started_at = datetime.now(UTC)
    load_before = os.getloadavg()
    max_age = int(os.environ.get("API_CACHE_MAX_AGE", "30"))
    with ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="loadtest-")))
        workdir.mkdir(parents=True, exist_ok=True)
        env = server_env(workdir / "site.sqlite3", API_CACHE_MAX_AGE=str(max_age))
        prepare_database(env)
        if task_worker:
            # First run what loading the demo queued, so that the worker's log during the
            # run is about this run's publishes only.
            manage(env, "db_worker", "--batch", "--no-reload", "--no-startup-delay")
        server = stack.enter_context(gunicorn(env, workdir / "gunicorn.log", workers=workers))
        worker_log = workdir / "worker.log"
        if task_worker:
            stack.enter_context(
                background(
                    [PYTHON, "manage.py", "db_worker", "--no-reload", "--interval=0.5"],
                    env,
                    worker_log,
                )
            )
        for path in ENDPOINTS.values():  # Each worker imports lazily; don't time that.
            get(server.port, path)

        publishing = Publishing(workdir / "publisher.jsonl")
        publisher = stack.enter_context(
            background(
                [
                    PYTHON,
                    "-m",
                    "tests.load.publisher",
                    f"--seconds={seconds}",
                    f"--interval={interval}",
                ],
                env,
                workdir / "publisher.log",
                stdout=subprocess.PIPE,
                text=True,
            )
        )
        reader = threading.Thread(target=publishing.read, args=(publisher.stdout,), daemon=True)
        reader.start()
        publishing.first.wait(timeout=120)  # Django is set up and revision 1 is published.
        freshness = Freshness(server.port, publishing, max_age)
        watcher = threading.Thread(target=freshness.watch, daemon=True)
        watcher.start()

        budget = Budget(max_requests)
        per_client: list[list[Sample]] = [[] for _ in range(clients)]
        begin = time.monotonic()
        threads = [
            threading.Thread(
                target=client,
                args=(index, server.port, begin + seconds, budget, per_client[index]),
                name=f"client-{index}",
            )
            for index in range(clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - begin

        publisher.wait(timeout=seconds + 120)
        reader.join(timeout=30)
        watcher.join(timeout=max_age + 60)
        published = publishing.published
        last, fresh_after = freshness.last, freshness.seconds
        server_log = server.log_tail(5_000_000)
        task_log = worker_log.read_text(errors="replace") if task_worker else ""

    samples = [sample for samples in per_client for sample in samples]
    figures = endpoint_figures(samples, published, elapsed)
    error_kinds = Counter(sample.error for sample in samples if sample.error)

    problems = []
    if error_kinds:
        kinds = ", ".join(f"{count} x {kind}" for kind, count in error_kinds.most_common(5))
        problems.append(f"{error_kinds.total()} failed requests: {kinds}")
    for endpoint in figures:
        if endpoint.max_stale_seconds > max_age:
            problems.append(
                f"{endpoint.endpoint} served a revision {endpoint.max_stale_seconds:.1f} s "
                f"after a newer one was published (limit {max_age} s)"
            )
    if not published:
        problems.append("the publisher published nothing")
    if publishing.errors:
        problems.append(f"{len(publishing.errors)} publishes failed: {publishing.errors[:3]}")
    if not publishing.done:
        problems.append(f"the publisher did not finish (exit code {publisher.returncode})")
    if fresh_after is None or fresh_after > max_age:
        problems.append(f"the last revision ({last}) was not served within {max_age} s")
    problems += [f"server log:\n{excerpt}" for excerpt in log_errors(server_log)]
    problems += [f"task worker log:\n{excerpt}" for excerpt in log_errors(task_log)]

    took = [event["took"] * 1000 for event in published]
    return Result(
        seconds=seconds,
        clients=clients,
        workers=workers,
        task_worker=task_worker,
        elapsed=elapsed,
        endpoints=figures,
        error_kinds=error_kinds,
        publishes=len(published),
        publish_p50_ms=percentile(took, 0.5),
        publish_errors=publishing.errors,
        last_revision=last,
        revisions_seen=len(
            {sample.revision for sample in samples if sample.endpoint == "resolve"} - {None}
        ),
        out_of_order=out_of_order(per_client),
        fresh_after=fresh_after,
        max_age=max_age,
        problems=problems,
        started_at=started_at,
        load_before=load_before,
        load_after=os.getloadavg(),
    )


def _stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt  # so that every `finally` stops the processes it started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.load.loadtest", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--seconds", type=float, default=60, help="how long to load (60)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (16)")
    parser.add_argument(
        "--max-requests", type=int, default=200_000, help="stop after this many (200000)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between publishes (1)")
    parser.add_argument(
        "--no-task-worker", action="store_true", help="don't run the task worker alongside"
    )
    parser.add_argument(
        "--report", type=Path, default=DEFAULT_REPORT, help=f"Markdown output ({DEFAULT_REPORT})"
    )
    parser.add_argument(
        "--workdir", type=Path, help="keep the database and logs here (default: a temp dir)"
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    result = run(
        seconds=args.seconds,
        clients=args.clients,
        max_requests=args.max_requests,
        workers=args.workers,
        interval=args.interval,
        task_worker=not args.no_task_worker,
        workdir=args.workdir,
    )
    report = result.markdown()
    sys.stdout.write(report)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(report)
    sys.stdout.write(f"\nWritten to {args.report}\n")
    return 0 if result.passed else 1


if __name__ == "__main__":
    sys.exit(main())
