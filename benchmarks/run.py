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
"""

import argparse
import json
import os
import platform
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from urllib.parse import quote_plus

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
VAR = BENCH_DIR / "var"
DATABASE = VAR / "bench.sqlite3"
PYTHON = sys.executable
HOST = "127.0.0.1"
WARM_UP_REQUESTS = 300
WARM_UP_SECONDS = 3
LONE_WARM_UP_REQUESTS = 50
#: Latency rows (one client) stop after this many requests, or the time limit, but
#: not before each of their paths has been asked once (within SLOWEST seconds).
LATENCY_REQUESTS = 500
#: A lone request may take this long (gunicorn's worker timeout is a little longer).
REQUEST_TIMEOUT = 90
SLOWEST = 150
#: Seconds for counting a server configuration's SQL queries; paths left uncounted
#: after that (slow searches) say so.
QUERY_COUNT_BUDGET = 45
#: A throughput row is not run when its 1-client p50 is above this: N clients would
#: only queue behind the workers, time out, and leave them busy for the next row.
TOO_SLOW_FOR_LOAD_MS = 1000

POSTGRES_DATABASE = "topicdesk_bench"
POSTGRES_URL = f"postgres://topicdesk:topicdesk@{HOST}:5432/{POSTGRES_DATABASE}"

V1_DETAIL = "/api/v1/topics/{trust_id}/"
V2_DETAIL = "/api/v2/pages/{trust_id}/?fields=*"
V1_LIST = "/api/v1/topics/?limit=20"
V2_LIST = "/api/v2/pages/?type=pages.TopicPage&fields=*&limit=20"
CEILING = "/bench/ceiling/"
#: What readers type: phrases and single words. Requests rotate through them in order.
SEARCH_QUERIES = (
    "checking their phone",
    "freeze when touched",
    "trust",
    "panic",
    "therapy for couples",
    "signs of anxiety",
)
SEARCH = tuple(f"/api/v1/search/?q={quote_plus(query)}" for query in SEARCH_QUERIES)
SUGGEST = "/api/v1/search/suggest/?q=tru"
SUGGEST_TARGET_MS = 50


@dataclass(frozen=True, eq=False)
class Mode:
    """How a server is configured: its cache, and whether DB connections persist."""

    key: str
    label: str
    env: dict[str, str]


#: BENCH_UNCACHED (see benchmarks/settings.py) and DATABASE_CONN_MAX_AGE per mode;
#: without DATABASE_CONN_MAX_AGE the project default applies.
UNCACHED = Mode("uncached", "response cache bypassed", {"BENCH_UNCACHED": "1"})
WARM = Mode("warm", "warm locmem cache", {"BENCH_UNCACHED": ""})
DUMMY = Mode("dummy", "DummyCache (all caches off)", {"BENCH_UNCACHED": "dummy"})
WARM_NEW_CONNECTIONS = Mode(
    "warm-conn0",
    "warm locmem cache, DATABASE_CONN_MAX_AGE=0",
    {"BENCH_UNCACHED": "", "DATABASE_CONN_MAX_AGE": "0"},
)


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    paths: tuple[str, ...]  # rotated through, request by request
    mode: Mode
    informational: bool = False
    clients: int | None = None  # None: the configured concurrency

    @property
    def rotating(self) -> bool:
        return len(self.paths) > 1


def scenario(key, label, path, mode, informational=False, clients=None) -> Scenario:
    paths = path if isinstance(path, tuple) else (path,)
    return Scenario(key, label, paths, mode, informational, clients)


SEARCH_LATENCY = scenario("search_1", "search", SEARCH, UNCACHED, clients=1)
SEARCH_THROUGHPUT = scenario("search_n", "search", SEARCH, UNCACHED)
SUGGEST_LATENCY = scenario("suggest_1", "suggest", SUGGEST, UNCACHED, clients=1)

SCENARIOS_DEMO = [
    SUGGEST_LATENCY,
    scenario("search_1", "search", SEARCH, UNCACHED, informational=True, clients=1),
]
SCENARIOS_SMALL = [
    scenario("v1_detail_uncached", "v1 detail, uncached", V1_DETAIL, UNCACHED),
    scenario("v2_detail", "stock v2 detail", V2_DETAIL, UNCACHED),
    scenario("v1_detail_warm", "v1 detail, warm cache", V1_DETAIL, WARM),
    scenario("ceiling", "ceiling (constant bytes)", CEILING, WARM),
    scenario("v1_list", "v1 listing, uncached", V1_LIST, UNCACHED),
    scenario("v2_list", "stock v2 listing", V2_LIST, UNCACHED),
    scenario("v1_detail_dummy", "v1 detail, DummyCache", V1_DETAIL, DUMMY, True),
    scenario("v2_detail_dummy", "stock v2 detail, DummyCache", V2_DETAIL, DUMMY, True),
    scenario(
        "v1_detail_warm_conn0",
        "v1 detail, warm cache, a new connection per request",
        V1_DETAIL,
        WARM_NEW_CONNECTIONS,
        True,
    ),
    scenario(
        "ceiling_conn0",
        "ceiling, a new connection per request",
        CEILING,
        WARM_NEW_CONNECTIONS,
        True,
    ),
]
SCENARIOS_LARGE = [
    scenario("v1_list", "v1 listing, uncached", V1_LIST, UNCACHED),
    scenario("v2_list", "stock v2 listing", V2_LIST, UNCACHED),
    scenario("v1_detail_uncached", "v1 detail, uncached", V1_DETAIL, UNCACHED, True),
    scenario("v2_detail", "stock v2 detail", V2_DETAIL, UNCACHED, True),
    SUGGEST_LATENCY,
    SEARCH_LATENCY,
    SEARCH_THROUGHPUT,
]
#: On PostgreSQL, the rows behind the targets that touch the database, and search.
SCENARIOS_SMALL_POSTGRES = [SCENARIOS_SMALL[i] for i in (0, 1, 4, 5)]
SCENARIOS_LARGE_POSTGRES = [SCENARIOS_LARGE[i] for i in (0, 1, 4, 5, 6)]


@dataclass(frozen=True)
class Database:
    key: str
    label: str
    url: str | None  # BENCH_DATABASE_URL; None: the SQLite file in benchmarks/var/


SQLITE = Database("sqlite", "SQLite", None)
POSTGRES = Database("postgresql", "PostgreSQL", POSTGRES_URL)


@dataclass
class Config:
    pages: int
    more_pages: int
    concurrency: int
    requests: int
    seconds: float
    workers: int
    output: Path
    postgres: bool
    postgres_api: bool
    quick: bool


@dataclass
class Result:
    scenario: Scenario
    database: Database
    generated_pages: int
    path: str
    clients: int
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    queries: str = ""
    bytes: int | None = None
    statuses: dict[int, int] = field(default_factory=dict)
    per_path_p50_ms: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int | None] = field(default_factory=dict)
    note: str = ""


@dataclass
class Run:
    """Everything a database's run produced, for the report."""

    database: Database
    results: list[Result] = field(default_factory=list)
    timings: list[tuple[str, float]] = field(default_factory=list)
    matches: dict = field(default_factory=dict)
    facts: dict[str, str] = field(default_factory=dict)
    skipped: str = ""

    def find(self, key: str, generated_pages: int) -> Result | None:
        for result in self.results:
            if result.scenario.key == key and result.generated_pages == generated_pages:
                return result
        return None


# --- Processes --------------------------------------------------------------


def bench_env(mode: Mode, database: Database, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "PYTHONPATH": str(ROOT),
        **mode.env,
        **extra,
    }
    if "DATABASE_CONN_MAX_AGE" not in mode.env:
        env.pop("DATABASE_CONN_MAX_AGE", None)  # the project default
    env.pop("SEARCH_URL", None)  # the database search backend, always
    if database.url:
        env["BENCH_DATABASE_URL"] = database.url
    else:
        env.pop("BENCH_DATABASE_URL", None)  # the fresh SQLite file in benchmarks/var/
    return env


def run_module(module: str, *args: str, env: dict[str, str], timeout: float) -> str:
    done = subprocess.run(
        [PYTHON, "-m", module, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(
    mode: Mode, database: Database, config: Config, ceiling_bytes: int | None
) -> Iterator[int]:
    """A gunicorn serving benchmarks.wsgi on 127.0.0.1; yields its port, always stops it."""
    port = free_port()
    log_path = VAR / f"gunicorn-{database.key}-{mode.key}.log"
    extra = {"BENCH_CEILING_BYTES": str(ceiling_bytes)} if ceiling_bytes else {}
    env = bench_env(mode, database, **extra)
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "benchmarks.wsgi:application",
                f"--bind={HOST}:{port}",
                f"--workers={config.workers}",
                "--worker-class=sync",
                f"--timeout={REQUEST_TIMEOUT + 30}",
                "--graceful-timeout=5",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopping it stops its workers
        )
    try:
        wait_until_serving(process, port, log_path)
        yield port
    finally:
        stop(process)


def wait_until_serving(process: subprocess.Popen, port: int, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log_path}")
        try:
            status, _ = request(port, request_bytes(port, CEILING), timeout=2)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within 60s; see {log_path}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


# --- PostgreSQL -------------------------------------------------------------


def as_postgres(command: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """A shell command as the postgres superuser, over the local socket."""
    argv = ["su", "postgres", "-c", command] if os.geteuid() == 0 else ["sh", "-c", command]
    return subprocess.run(
        argv, capture_output=True, text=True, timeout=timeout, check=False, cwd="/"
    )


def _postgres_version() -> str:
    installed = Path("/usr/lib/postgresql")
    versions = sorted((p.name for p in installed.iterdir()), key=int) if installed.is_dir() else []
    if not versions or not shutil.which("pg_ctlcluster"):
        raise RuntimeError("PostgreSQL is not installed (apt-get install -y postgresql)")
    return versions[-1]


def _cluster_status(pg_version: str) -> str | None:
    """``online``, ``down``, … for the ``main`` cluster; None if there is none."""
    listed = subprocess.run(
        ["pg_lsclusters", "-h"], capture_output=True, text=True, timeout=30, check=False
    ).stdout
    for line in listed.splitlines():
        columns = line.split()
        if columns[:2] == [pg_version, "main"] and len(columns) > 3:
            return columns[3]
    return None


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh ``topicdesk_bench`` database on the local cluster; dropped afterwards.

    Starts the cluster (as .ci/run does) if it is not running, and then stops it
    again at the end; creates the topicdesk role if it is missing. Yields the
    server's version.
    """
    pg_version = _postgres_version()
    started_cluster = False
    status = _cluster_status(pg_version)
    if status != "online":
        if status is None:
            subprocess.run(["pg_createcluster", pg_version, "main"], timeout=120, check=True)
        subprocess.run(["pg_ctlcluster", pg_version, "main", "start"], timeout=120, check=True)
        started_cluster = True
    try:
        for _ in range(30):
            if subprocess.run(["pg_isready", "-q", "-h", HOST], timeout=10).returncode == 0:
                break
            time.sleep(1)
        role = (
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'topicdesk') "
            "THEN CREATE ROLE topicdesk LOGIN CREATEDB PASSWORD 'topicdesk'; END IF; END $$;"
        )
        done = as_postgres(f"psql -q -v ON_ERROR_STOP=1 -c {shlex.quote(role)}")
        if done.returncode:
            raise RuntimeError(f"Could not create the topicdesk role: {done.stderr}")
        drop = f"dropdb --if-exists --force {POSTGRES_DATABASE}"
        as_postgres(drop)
        done = as_postgres(f"createdb -O topicdesk {POSTGRES_DATABASE}")
        if done.returncode:
            raise RuntimeError(f"createdb {POSTGRES_DATABASE} failed: {done.stderr}")
        server = as_postgres("psql -tAc 'SHOW server_version'").stdout.strip()
        try:
            yield server or pg_version
        finally:
            done = as_postgres(drop)
            if done.returncode:
                print(f"!! dropdb {POSTGRES_DATABASE} failed: {done.stderr}", flush=True)
            else:
                print(f"-- dropped database {POSTGRES_DATABASE}", flush=True)
    finally:
        if started_cluster:
            subprocess.run(["pg_ctlcluster", pg_version, "main", "stop"], timeout=120, check=False)


# --- Load -------------------------------------------------------------------


def request_bytes(port: int, path: str) -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nAccept: application/json\r\n"
        "Connection: close\r\n\r\n"
    ).encode()


def request(port: int, raw_request: bytes, timeout: float = 10) -> tuple[int, int]:
    """One request on a fresh connection (gunicorn's sync workers close every connection).

    Returns the status and the body's size.
    """
    chunks = []
    with socket.create_connection((HOST, port), timeout=timeout) as sock:
        sock.sendall(raw_request)
        while data := sock.recv(262_144):
            chunks.append(data)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), len(body)


def load(
    port: int,
    paths: list[str],
    *,
    concurrency: int,
    requests: int,
    seconds: float,
    at_least: int = 0,
    timeout: float = 10,
) -> dict:
    """``concurrency`` threads share at most ``requests`` requests and ``seconds`` seconds.

    Request n asks for ``paths[n % len(paths)]``. With ``at_least``, that many are
    issued even past ``seconds`` (but never past ``SLOWEST`` seconds).
    """
    raw_requests = [request_bytes(port, path) for path in paths]
    lock = threading.Lock()
    issued = 0
    samples: list[tuple[float, int, int, int]] = []
    started = time.perf_counter()
    deadline = started + seconds
    hard_deadline = started + max(seconds, SLOWEST)

    def worker() -> None:
        nonlocal issued
        mine = []
        while True:
            with lock:
                now = time.perf_counter()
                if issued >= requests or now >= hard_deadline:
                    break
                if now >= deadline and issued >= at_least:
                    break
                which = issued % len(raw_requests)
                issued += 1
            begin = time.perf_counter()
            try:
                status, size = request(port, raw_requests[which], timeout=timeout)
            except (OSError, ValueError, IndexError):
                status, size = 0, 0
            mine.append((time.perf_counter() - begin, status, size, which))
        with lock:
            samples.extend(mine)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(seconds, SLOWEST) + timeout + 5)
    elapsed = time.perf_counter() - started
    with lock:
        samples = list(samples)
    latencies = sorted(sample[0] for sample in samples)
    statuses: dict[int, int] = {}
    for sample in samples:
        statuses[sample[1]] = statuses.get(sample[1], 0) + 1
    sizes = [sample[2] for sample in samples if sample[1] == 200]
    per_path = {
        paths[which]: percentile(sorted(s[0] for s in samples if s[3] == which), 0.5) * 1000
        for which in range(len(paths))
    }
    return {
        "requests": len(samples),
        "errors": sum(count for status, count in statuses.items() if status != 200),
        "seconds": elapsed,
        "rps": len(samples) / elapsed if elapsed else 0.0,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "statuses": statuses,
        "bytes": round(sum(sizes) / len(sizes)) if sizes else None,
        "per_path_p50_ms": per_path if len(paths) > 1 else {},
    }


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


# --- Phases -----------------------------------------------------------------


def measure_queries(scenarios: list[Scenario], database: Database) -> tuple[dict, dict]:
    """{(mode, path template): measurement}, and the facts queries.py reports."""
    measured: dict[tuple[Mode, str], dict] = {}
    facts: dict = {}
    for mode in dict.fromkeys(s.mode for s in scenarios):
        paths = list(dict.fromkeys(p for s in scenarios if s.mode == mode for p in s.paths))
        output = json.loads(
            run_module(
                "benchmarks.queries",
                *("--budget", str(QUERY_COUNT_BUDGET), *paths),
                env=bench_env(mode, database),
                timeout=QUERY_COUNT_BUDGET + 2 * REQUEST_TIMEOUT + 60,
            )
        )
        facts.update(
            (key, value)
            for key, value in output.items()
            if key != "results"
            and (key != "conn_max_age" or "DATABASE_CONN_MAX_AGE" not in mode.env)
        )
        for template, measurement in output["results"].items():
            measured[(mode, template)] = measurement
            if measurement["status"] is None:  # not counted: the budget ran out
                continue
            if measurement["status"] != 200:
                raise RuntimeError(f"{measurement['path']} answered {measurement['status']}")
            if template.startswith("/api/v1/") and not measurement["etag"]:
                # BENCH_UNCACHED drops api.caching's "api:" keys; a view that caches
                # some other way would be measured cached.
                raise RuntimeError(f"{measurement['path']} is not cached by api.caching")
    return measured, facts


def run_phase(
    run: Run,
    scenarios: list[Scenario],
    generated_pages: int,
    config: Config,
    ceiling_bytes: int | None,
) -> int | None:
    """Measure ``scenarios``; returns the ceiling's size (the v1 detail's, once known)."""
    database = run.database
    print(f"\n== {database.label}, {generated_pages} generated pages: counting SQL queries")
    measured, facts = measure_queries(scenarios, database)
    run.facts.update({key: str(value) for key, value in facts.items()})
    trust_id = facts["trust_id"]
    if ceiling_bytes is None and (UNCACHED, V1_DETAIL) in measured:
        ceiling_bytes = measured[(UNCACHED, V1_DETAIL)]["bytes"]
    lone_p50: dict[tuple[str, ...], float] = {}
    for mode in dict.fromkeys(s.mode for s in scenarios):
        with gunicorn(mode, database, config, ceiling_bytes) as port:
            for scenario in (s for s in scenarios if s.mode == mode):
                paths = [path.format(trust_id=trust_id) for path in scenario.paths]
                clients = scenario.clients or config.concurrency
                lone = clients == 1
                shown = paths[0] + (f" … ({len(paths)} rotating)" if scenario.rotating else "")
                counted = [measured[(mode, path)] for path in scenario.paths]
                queries = sorted({m["queries"] for m in counted if m["queries"] is not None})
                some = sum(m["queries"] is not None for m in counted)
                result = Result(
                    scenario=scenario,
                    database=database,
                    generated_pages=generated_pages,
                    path=shown,
                    clients=clients,
                    queries=(
                        "–".join(dict.fromkeys(str(q) for q in (queries[0], queries[-1])))
                        if queries
                        else "not counted"
                    )
                    + (f" ({some} of {len(counted)} counted)" if 0 < some < len(counted) else ""),
                    counts={path: m.get("count") for path, m in zip(paths, counted, strict=True)},
                )
                run.results.append(result)
                print(f"-- {scenario.label}: GET {shown} ({mode.label}, {clients} clients)")
                slow = lone_p50.get(scenario.paths, 0)
                if not lone and slow > TOO_SLOW_FOR_LOAD_MS:
                    result.note = (
                        f"not run: one request alone takes {slow / 1000:.1f} s (p50), so "
                        f"{clients} clients would only queue and time out"
                    )
                    print(f"   {result.note}", flush=True)
                    continue
                # Fills both workers' caches and lets them settle; not measured. A lone
                # client warms up with a few requests: some of these take seconds.
                load(
                    port,
                    paths,
                    concurrency=clients,
                    requests=max(len(paths), LONE_WARM_UP_REQUESTS) if lone else WARM_UP_REQUESTS,
                    seconds=WARM_UP_SECONDS,
                    timeout=REQUEST_TIMEOUT if lone else 10,
                )
                numbers = load(
                    port,
                    paths,
                    concurrency=clients,
                    requests=min(LATENCY_REQUESTS, config.requests) if lone else config.requests,
                    seconds=config.seconds,
                    at_least=len(paths) if lone else 0,
                    timeout=REQUEST_TIMEOUT if lone else 10,
                )
                for name, value in numbers.items():
                    setattr(result, name, value)
                if lone:
                    lone_p50[scenario.paths] = result.p50_ms
                print(
                    f"   {result.rps:8.1f} req/s  p50 {result.p50_ms:7.1f} ms  "
                    f"p99 {result.p99_ms:7.1f} ms  {result.queries} queries  "
                    f"{result.requests} requests, {result.errors} errors",
                    flush=True,
                )
    return ceiling_bytes


def timed(run: Run, label: str, module: str, *args: str, timeout: float = 900) -> str:
    print(f"\n== {run.database.label}: {label}", flush=True)
    started = time.monotonic()
    output = run_module(module, *args, env=bench_env(WARM, run.database), timeout=timeout)
    run.timings.append((label, time.monotonic() - started))
    return output


def generate(run: Run, count: int, *, setup: bool) -> None:
    label = "migrate and load the demo" if setup and not count else f"generate {count} topic pages"
    args = ["--count", str(count)] + ([] if setup else ["--no-setup"])
    print(timed(run, label, "benchmarks.generate", *args).strip(), flush=True)


def index(run: Run, label: str) -> None:
    output = json.loads(timed(run, label, "benchmarks.index", *SEARCH_QUERIES))
    run.matches = output
    print(
        f"   indexed {output['indexed_topic_pages']} of {output['topic_pages']} live topic "
        f"pages in {output['seconds']:.1f}s ({output['backend']})",
        flush=True,
    )


def run_database(run: Run, config: Config) -> None:
    postgres = run.database is POSTGRES
    total = config.pages + config.more_pages
    generate(run, 0, setup=True)
    index(run, "update_index, demo only")
    run_phase(run, SCENARIOS_DEMO, 0, config, None)

    generate(run, config.pages, setup=False)
    small = SCENARIOS_SMALL_POSTGRES if postgres else SCENARIOS_SMALL
    ceiling_bytes = None
    if not postgres or config.postgres_api:
        ceiling_bytes = run_phase(run, small, config.pages, config, None)

    generate(run, config.more_pages, setup=False)
    index(run, f"update_index, {total} generated pages")
    large = SCENARIOS_LARGE_POSTGRES if postgres else SCENARIOS_LARGE
    if postgres and not config.postgres_api:
        large = [s for s in large if s.paths in (SEARCH, (SUGGEST,))]
    run_phase(run, large, total, config, ceiling_bytes)


# --- Report -----------------------------------------------------------------


def git(*args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.rstrip() if done.returncode == 0 else ""


def source_state() -> str:
    """The commit measured, and whether files outside benchmarks/ differ from it."""
    commit = git("rev-parse", "--short", "HEAD")
    if not commit:  # e.g. an exported tree; the caller may say what it is
        return os.environ.get("BENCH_SOURCE", "unknown (not a git checkout)")
    changed = [
        line[3:]
        for line in git("status", "--porcelain").splitlines()
        if not line[3:].startswith("benchmarks/")
    ]
    if changed:
        return f"{commit} plus uncommitted changes to {', '.join(changed)}"
    return commit


def load_average() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def machine_facts(config: Config) -> list[tuple[str, str]]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return [
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        (
            "machine",
            f"{len(os.sched_getaffinity(0))} CPUs (nproc), {cpu}{memory}, "
            f"{platform.system()} {platform.release()}",
        ),
        ("load average (1, 5, 15 min) before the run", load_average()),
        ("python", platform.python_version()),
        (
            "versions",
            ", ".join(
                f"{name} {version(name)}"
                for name in ("Django", "wagtail", "djangorestframework", "gunicorn")
            )
            + f", SQLite {sqlite3.sqlite_version}",
        ),
        ("source", source_state()),
        ("server", f"gunicorn, {config.workers} sync workers, 127.0.0.1, DEBUG off"),
        (
            "client",
            f"{config.concurrency} threads (1 in the latency rows), one connection per request "
            f"(sync workers close it), at most {config.requests} requests "
            f"({min(LATENCY_REQUESTS, config.requests)} with 1 client) or {config.seconds:g} s "
            f"per scenario after a warm-up of {WARM_UP_REQUESTS} requests or "
            f"{WARM_UP_SECONDS:g} s",
        ),
    ]


def ratio(numerator: Result | None, denominator: Result | None) -> float | None:
    if numerator is None or denominator is None or not denominator.rps:
        return None
    return numerator.rps / denominator.rps


def targets(run: Run, config: Config) -> list[tuple[str, str, str, bool | None]]:
    small, large = config.pages, config.pages + config.more_pages
    rows: list[tuple[str, float | None, str, str, object]] = []

    def add(name, value, target, fmt, check):
        rows.append((name, value, target, fmt, check))

    add(
        "uncached v1 detail / stock v2 detail",
        ratio(run.find("v1_detail_uncached", small), run.find("v2_detail", small)),
        "≥ 2",
        "{:.2f}",
        lambda v: v >= 2,
    )
    add(
        "warm v1 detail / ceiling",
        ratio(run.find("v1_detail_warm", small), run.find("ceiling", small)),
        "≥ 0.7",
        "{:.2f}",
        lambda v: v >= 0.7,
    )
    for pages in (small, large):
        add(
            f"v1 listing / v2 listing, {pages} pages",
            ratio(run.find("v1_list", pages), run.find("v2_list", pages)),
            "≥ 3",
            "{:.2f}",
            lambda v: v >= 3,
        )
    kept = ratio(run.find("v1_list", large), run.find("v1_list", small))
    add(
        f"v1 listing slowdown, {large} vs {small} pages (req/s)",
        None if kept is None else 1 - kept,
        "≤ 10%",
        "{:.0%}",
        lambda v: v <= 0.10,
    )
    for pages, name in ((0, "demo data"), (large, f"{large} generated pages")):
        found = run.find("suggest_1", pages)
        add(
            f"suggest `?q=tru` p50, 1 client, {name}",
            found.p50_ms if found else None,
            f"< {SUGGEST_TARGET_MS} ms",
            "{:.1f} ms",
            lambda v: v < SUGGEST_TARGET_MS,
        )
    return [
        (name, fmt.format(value), target, check(value))
        for name, value, target, fmt, check in rows
        if value is not None
    ]


def table(header: list[str], align: list[str], rows: list[list[object]]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join("---:" if a == "r" else "---" for a in align) + " |",
        *("| " + " | ".join(str(cell) for cell in row) + " |" for row in rows),
    ]


def busy_warning(facts) -> list[str]:
    """A warning when other processes were competing for the CPUs before the run."""
    cpus = len(os.sched_getaffinity(0))
    before = next((value for name, value in facts if name.startswith("load average (")), "")
    if not before or float(before.split(",")[0]) <= cpus / 2:
        return []
    return [
        "",
        f"**Warning: the machine was busy**: a 1-minute load average of "
        f"{float(before.split(',')[0]):.1f} on {cpus} CPUs before the run started. Other "
        "processes took CPU from the server and the client, so absolute numbers are low and "
        "noisy; ratios of rows measured back to back suffer less. Rerun on a quiet machine "
        "for numbers to compare.",
    ]


def render(config: Config, runs: list[Run], facts) -> str:
    lines = [
        "# Delivery API and search benchmark",
        "",
        "Produced by `.venv/bin/python -m benchmarks.run`; see `benchmarks/README.md` for "
        "what each row means. Throughput ratios compare requests per second.",
        "",
        *(f"- **{name}**: {value}" for name, value in facts),
    ]
    for run in runs:
        if run.skipped:
            lines.append(f"- **{run.database.label}**: {run.skipped}")
            if not run.results:
                continue
        conn = run.facts.get("conn_max_age", "?")
        lines.append(
            f"- **{run.database.label}**: {run.facts.get('server', '')} "
            f"{'(file in benchmarks/var/)' if run.database is SQLITE else run.database.url}; "
            f"DATABASE_CONN_MAX_AGE {conn} (the project default) unless a row says otherwise; "
            "search through the database backend (`search.backends`)"
        )
    lines += [*busy_warning(facts), ""]

    for run in runs:
        rows = targets(run, config) if run.results else []
        if not rows:
            continue
        primary = run.database is SQLITE
        lines += [
            f"## Targets, {run.database.label}"
            + ("" if primary else " (for comparison; SQLite is the primary table)"),
            "",
            *table(
                ["ratio or latency", "measured", "target", "met"],
                ["l", "r", "r", "l"],
                [[n, v, t, "yes" if met else "**no**"] for n, v, t, met in rows],
            ),
            "",
        ]

    lines += [
        "## Scenarios",
        "",
        *table(
            [
                "database",
                "scenario",
                "generated pages",
                "request",
                "cache",
                "clients",
                "req/s",
                "p50 ms",
                "p99 ms",
                "SQL queries/request",
                "body bytes",
                "requests",
                "errors",
            ],
            list("lllllrrrrrrrr"),
            [
                [
                    r.database.label,
                    r.scenario.label + (" (informational)" if r.scenario.informational else ""),
                    r.generated_pages,
                    f"`{r.path}`",
                    r.scenario.mode.label,
                    r.clients,
                    *(
                        [f"*{r.note}*", "", ""]
                        if r.note
                        else [f"{r.rps:.1f}", f"{r.p50_ms:.1f}", f"{r.p99_ms:.1f}"]
                    ),
                    r.queries,
                    r.bytes if r.bytes is not None else "",
                    r.requests,
                    r.errors,
                ]
                for run in runs
                for r in run.results
            ],
        ),
    ]
    failed = [r for run in runs for r in run.results if r.errors]
    if failed:
        lines += [
            "",
            "**Warning: some requests failed** ("
            + ", ".join(
                f"{r.database.label} {r.scenario.label}: statuses {r.statuses}" for r in failed
            )
            + "); those rows do not measure what they claim.",
        ]
    lines += [
        "",
        "Generated pages come on top of the demo's 9 topic pages. SQL queries are counted "
        "in-process (django.test.Client, one request after a warm-up) under the same settings "
        "as the server; rotating rows give the range over their queries. Latency includes "
        "connecting: gunicorn's sync workers close every connection, and with "
        f"{config.concurrency} clients on {config.workers} workers most of it is queueing; "
        "the 1-client rows are the latency a lone reader sees. With fewer than 100 "
        "requests, p99 is the slowest request. Rotating rows ask each of their paths at "
        "least once, even past the time limit.",
        "",
    ]

    search_runs = [run for run in runs if run.matches]
    if search_runs:
        total = config.pages + config.more_pages
        header = ["query"]
        for run in search_runs:
            header += [
                f"{run.database.label}: pages with every word",
                "with any word",
                "API `count`",
                "p50 ms, 1 client",
            ]
        rows = []
        for query, path in zip(SEARCH_QUERIES, SEARCH, strict=True):
            row: list[object] = [f"`{query}`"]
            for run in search_runs:
                matched = run.matches["matches"].get(query, {})
                pages = run.matches["topic_pages"] or 1
                latency = run.find("search_1", total)
                row += [
                    f"{matched.get('and', 0)} ({matched.get('and', 0) / pages:.0%})",
                    f"{matched.get('or', 0)} ({matched.get('or', 0) / pages:.0%})",
                    (latency.counts.get(path) if latency else None) or "not counted",
                    f"{latency.per_path_p50_ms.get(path, 0):.1f}" if latency else "",
                ]
            rows.append(row)
        lines += [
            f"## Search queries at {total} generated pages",
            "",
            "Requests rotate through these queries. Matches are live topic pages (of "
            + ", ".join(
                f"{run.matches['topic_pages']} on {run.database.label}" for run in search_runs
            )
            + ") counted through the search backend; the API ranks at most 1,000 "
            "(`search.queries.MAX_MATCHES`) and falls back to any word when no page has "
            "every word. PostgreSQL stems words and drops stop words; SQLite's FTS5 "
            "matches words as written.",
            "",
            *table(header, ["l"] + ["r"] * (len(header) - 1), rows),
            "",
        ]

    timing_rows = [
        [run.database.label, label, f"{seconds:.1f}"]
        for run in runs
        for label, seconds in run.timings
    ]
    if timing_rows:
        lines += [
            "## Setup timings",
            "",
            "Each step is a subprocess (`benchmarks.generate`, `benchmarks.index`); the index "
            "steps run `manage.py update_index`, which rebuilds the whole search index "
            "(all topic pages, not only the new ones), and include Django's start-up "
            "(about a second).",
            "",
            *table(["database", "step", "seconds"], ["l", "l", "r"], timing_rows),
            "",
        ]
    return "\n".join(lines)


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


def sqlite_files() -> list[Path]:
    """The benchmark's SQLite database and its write-ahead log files."""
    return [DATABASE, *(DATABASE.with_name(DATABASE.name + suffix) for suffix in ("-wal", "-shm"))]


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
