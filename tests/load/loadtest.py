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
import bisect
import http.client
import importlib.metadata
import json
import math
import os
import platform
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tests.live_server import (
    BASE_DIR,
    HOST,
    PYTHON,
    background,
    gunicorn,
    manage,
    prepare_database,
    server_env,
)
from tests.load.publisher import revision_of, title_revision

ARTICLE_PATH = "/topics/relationships/trust-issues/"
ENDPOINTS = {
    "resolve": f"/api/v1/pages/resolve/?path={ARTICLE_PATH}",
    "listing": "/api/v1/topics/?limit=20",
    "search": "/api/v1/search/?q=trust",
}
DETAIL_KEYS = {"id", "type", "title", "slug", "path", "seo", "summary", "body", "breadcrumbs"}
DEFAULT_REPORT = Path(__file__).resolve().parent / "last-run.md"
REQUEST_TIMEOUT = 15.0
#: After the last publish, this many rounds in a row (each: all three endpoints) must
#: serve the last revision, so that both gunicorn workers are seen to serve it.
FRESH_ROUNDS = 10


# --- Requests ----------------------------------------------------------------


@dataclass(slots=True)
class Sample:
    endpoint: str
    started: float  # wall clock, comparable with the publisher's timestamps
    seconds: float
    status: int  # 0: no HTTP response at all
    error: str | None = None
    revision: int | None = None  # the article's revision in the response, if it has it


def get(port: int, path: str) -> tuple[int, bytes]:
    """One GET on a new connection (gunicorn's sync workers close each one)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", path, headers={"Accept": "application/json"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def check(endpoint: str, status: int, body: bytes) -> tuple[str | None, int | None]:
    """What is wrong with a response, if anything; and the article revision it shows."""
    if status != 200:
        return f"{endpoint}: HTTP {status}", None
    try:
        document = json.loads(body)
    except ValueError:
        return f"{endpoint}: incomplete or invalid JSON", None
    if endpoint == "resolve":
        if not isinstance(document, dict) or not DETAIL_KEYS <= set(document):
            return "resolve: not a page detail", None
        title, body_marker = revision_of(document)
        if title != body_marker:
            return f"resolve: mixed revisions (title {title}, body {body_marker})", None
        return None, title
    if not isinstance(document, dict) or not isinstance(document.get("results"), list):
        return f"{endpoint}: no result list", None
    if endpoint == "search" and not {"count", "facets"} <= set(document):
        return "search: not a search result", None
    title = next(
        (hit.get("title") for hit in document["results"] if hit.get("path") == ARTICLE_PATH),
        None,
    )
    return None, title_revision(title) if isinstance(title, str) else None


class Budget:
    """At most ``limit`` requests across all clients."""

    def __init__(self, limit: int):
        self.left = limit
        self.lock = threading.Lock()

    def take(self) -> bool:
        with self.lock:
            if self.left <= 0:
                return False
            self.left -= 1
            return True


def client(index: int, port: int, until: float, budget: Budget, out: list[Sample]) -> None:
    names = list(ENDPOINTS)
    turn = index
    while time.monotonic() < until and budget.take():
        endpoint = names[turn % len(names)]
        turn += 1
        started, clock = time.time(), time.perf_counter()
        try:
            status, body = get(port, ENDPOINTS[endpoint])
        except (OSError, http.client.HTTPException) as exc:
            error = f"{endpoint}: {type(exc).__name__}: {exc}"
            out.append(Sample(endpoint, started, time.perf_counter() - clock, 0, error))
            continue
        seconds = time.perf_counter() - clock
        error, revision = check(endpoint, status, body)
        out.append(Sample(endpoint, started, seconds, status, error, revision))


# --- The publisher -----------------------------------------------------------


@dataclass
class Publishing:
    """What the publisher reports, one JSON line per publish; a copy goes to ``log``."""

    log: Path
    events: list[dict] = field(default_factory=list)
    first: threading.Event = field(default_factory=threading.Event)
    finished: threading.Event = field(default_factory=threading.Event)

    def read(self, stream) -> None:
        with self.log.open("a") as log:
            for line in stream:
                log.write(line)
                log.flush()
                self.record(line)
        self.first.set()
        self.finished.set()

    def record(self, line: str) -> None:
        try:
            event = json.loads(line)
        except ValueError:
            event = {"error": f"unexpected output: {line.strip()}"}
        self.events.append(event)
        self.first.set()
        if event.get("done"):
            self.finished.set()

    @property
    def published(self) -> list[dict]:
        return [event for event in self.events if "published_at" in event]

    @property
    def errors(self) -> list[str]:
        return [event["error"] for event in self.events if "error" in event]

    @property
    def done(self) -> dict:
        return next((event for event in self.events if event.get("done")), {})


# --- Figures -----------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of unsorted values (0 for none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


@dataclass
class EndpointFigures:
    endpoint: str
    request: str
    requests: int
    errors: int
    server_errors: int
    stale: int
    max_stale_seconds: float
    per_second: float
    p50_ms: float
    p99_ms: float
    max_ms: float


def staleness(samples: list[Sample], published: list[dict]) -> list[float]:
    """For each response older than a revision published before its request started:
    how long that newer revision had been published by then."""
    times = [event["published_at"] for event in published]
    revs = [event["rev"] for event in published]
    late = []
    for sample in samples:
        if sample.revision is None:
            continue
        newest = bisect.bisect_left(times, sample.started) - 1  # published before the request
        if newest >= 0 and sample.revision < revs[newest]:
            # The first revision newer than the one served: how long it had been live.
            first_newer = next(i for i, rev in enumerate(revs) if rev > sample.revision)
            late.append(sample.started - times[first_newer])
    return late


def endpoint_figures(
    samples: list[Sample], published: list[dict], elapsed: float
) -> list[EndpointFigures]:
    figures = []
    for endpoint, request in ENDPOINTS.items():
        mine = [sample for sample in samples if sample.endpoint == endpoint]
        latencies = [sample.seconds * 1000 for sample in mine]
        late = staleness(mine, published)
        figures.append(
            EndpointFigures(
                endpoint=endpoint,
                request=request,
                requests=len(mine),
                errors=sum(1 for sample in mine if sample.error),
                server_errors=sum(1 for sample in mine if sample.status >= 500),
                stale=len(late),
                max_stale_seconds=max(late, default=0.0),
                per_second=len(mine) / elapsed if elapsed else 0.0,
                p50_ms=percentile(latencies, 0.50),
                p99_ms=percentile(latencies, 0.99),
                max_ms=max(latencies, default=0.0),
            )
        )
    return figures


def out_of_order(per_client: list[list[Sample]]) -> int:
    """Responses showing an older revision than one the same client had already seen."""
    count = 0
    for samples in per_client:
        newest: dict[str, int] = {}
        for sample in samples:
            if sample.revision is None:
                continue
            if sample.revision < newest.get(sample.endpoint, -1):
                count += 1
            newest[sample.endpoint] = max(newest.get(sample.endpoint, -1), sample.revision)
    return count


def wait_until_fresh(port: int, last: int, published_at: float, max_age: int) -> float | None:
    """Seconds from the last publish until every endpoint serves it, FRESH_ROUNDS times running."""
    deadline = published_at + max_age + 5
    fresh_since = None
    streak = 0
    while time.time() < deadline:
        round_started = time.time()
        seen = []
        for endpoint, path in ENDPOINTS.items():
            try:
                status, body = get(port, path)
            except (OSError, http.client.HTTPException):
                status, body = 0, b""
            seen.append(check(endpoint, status, body))
        if seen == [(None, last)] * len(ENDPOINTS):
            fresh_since = fresh_since or round_started
            streak += 1
            if streak >= FRESH_ROUNDS:
                return max(0.0, fresh_since - published_at)
        else:
            fresh_since, streak = None, 0
            time.sleep(0.05)
    return None


@dataclass
class Freshness:
    """Watches, beside the clients, how soon the last revision is served once published."""

    port: int
    publishing: Publishing
    max_age: int
    last: int = 0
    seconds: float | None = None

    def watch(self) -> None:
        if not self.publishing.finished.wait(timeout=24 * 3600):
            return
        self.last = self.publishing.done.get("last", 0)
        event = next((e for e in self.publishing.published if e["rev"] == self.last), None)
        if event is not None:
            self.seconds = wait_until_fresh(
                self.port, self.last, event["published_at"], self.max_age
            )


def log_errors(log: str) -> list[str]:
    """Excerpts of a log's errors: tracebacks, Django's 500s, gunicorn's ERROR lines."""
    lines = log.splitlines()
    starts = [
        index
        for index, line in enumerate(lines)
        if line.startswith(("Internal Server Error", "Traceback")) or "[ERROR]" in line
    ]
    return ["\n".join(lines[index : index + 30]) for index in starts[:3]]


# --- The run -----------------------------------------------------------------


@dataclass
class Result:
    seconds: float
    clients: int
    workers: int
    task_worker: bool
    elapsed: float
    endpoints: list[EndpointFigures]
    error_kinds: Counter
    publishes: int
    publish_p50_ms: float
    publish_errors: list[str]
    last_revision: int
    revisions_seen: int
    out_of_order: int
    fresh_after: float | None
    max_age: int
    problems: list[str]
    started_at: datetime
    load_before: tuple[float, ...]
    load_after: tuple[float, ...]

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def requests(self) -> int:
        return sum(figures.requests for figures in self.endpoints)

    @property
    def errors(self) -> int:
        return sum(figures.errors for figures in self.endpoints)

    @property
    def server_errors(self) -> int:
        return sum(figures.server_errors for figures in self.endpoints)

    @property
    def mixed(self) -> int:
        return sum(count for kind, count in self.error_kinds.items() if "mixed" in kind)

    def markdown(self) -> str:
        return render_markdown(self)


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


# --- The report --------------------------------------------------------------


def _versions() -> str:
    names = ["Django", "wagtail", "djangorestframework", "gunicorn"]
    found = ", ".join(f"{name} {importlib.metadata.version(name)}" for name in names)
    return f"{found}, SQLite {sqlite3.sqlite_version}"


def _source() -> str:
    executable = shutil.which("git")

    def git(*args: str) -> str:
        if executable is None:
            return ""
        return subprocess.run(
            [executable, *args], cwd=BASE_DIR, capture_output=True, text=True, check=False
        ).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--untracked-files=no")
    return commit + (" with uncommitted changes" if changed else "")


def _loads(values: tuple[float, ...]) -> str:
    return ", ".join(f"{value:.2f}" for value in values)


def render_markdown(result: Result) -> str:
    fresh = (
        f"{result.fresh_after * 1000:.0f} ms after it was published "
        f"(limit: API_CACHE_MAX_AGE = {result.max_age} s)"
        if result.fresh_after is not None
        else "**not within the limit**"
    )
    lines = [
        "# Load while publishing",
        "",
        f"Produced by `python -m tests.load.loadtest --seconds {result.seconds:g} "
        f"--clients {result.clients}`; `tests/load/loadtest.py` says what it checks.",
        "",
        f"- **result**: {'pass' if result.passed else '**FAIL**'}",
        f"- **date**: {result.started_at:%Y-%m-%d %H:%M} UTC",
        f"- **machine**: {os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}",
        f"- **load average (1, 5, 15 min)**: before {_loads(result.load_before)}; "
        f"after {_loads(result.load_after)}",
        f"- **versions**: {_versions()}",
        f"- **source**: {_source()}",
        f"- **server**: gunicorn, {result.workers} sync workers, 127.0.0.1, production "
        "settings, SQLite file, local-memory cache, throttling off"
        + (", task worker running" if result.task_worker else ", no task worker"),
        f"- **clients**: {result.clients} threads on the same machine, one connection per "
        f"request, the three requests in turn, for {result.elapsed:.1f} s",
        f"- **publishing**: {result.publishes} revisions of `{ARTICLE_PATH}`, one a second "
        f"(median publish {result.publish_p50_ms:.0f} ms); {len(result.publish_errors)} "
        "publishes failed",
        f"- **requests**: {result.requests}, {result.errors} failed, {result.server_errors} 5xx",
        f"- **resolve**: {result.revisions_seen} distinct revisions served, "
        f"{result.mixed} responses mixing two",
        f"- **stale reads** (a response older than a revision published before its request "
        f"started; allowed for up to API_CACHE_MAX_AGE = {result.max_age} s): "
        f"{sum(row.stale for row in result.endpoints)}; out of order (a client saw an older "
        f"revision after a newer one): {result.out_of_order}",
        f"- **last revision** (rev {result.last_revision}) served by all three endpoints: {fresh}",
        "",
        "| endpoint | request | requests | errors | 5xx | stale (max s) | req/s "
        "| p50 ms | p99 ms | max ms |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in result.endpoints:
        lines.append(
            f"| {row.endpoint} | `{row.request}` | {row.requests} | {row.errors} "
            f"| {row.server_errors} | {row.stale} ({row.max_stale_seconds:.2f}) "
            f"| {row.per_second:.1f} | {row.p50_ms:.1f} | {row.p99_ms:.1f} | {row.max_ms:.1f} |"
        )
    if result.problems:
        lines += ["", "## Problems", ""]
        lines += [f"- {problem}" for problem in result.problems]
    return "\n".join(lines) + "\n"


# --- Command line ------------------------------------------------------------


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
