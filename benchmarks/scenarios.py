"""What the delivery API and search benchmark (``benchmarks.run``) measures, and measuring it.

The requests (``V1_DETAIL``, ``V2_DETAIL``, ``CEILING``, the listings, search and
suggestions), the scenarios of each phase, the run's configuration and results,
and the phases: SQL queries counted in-process (``benchmarks.queries``), then each
scenario loaded against gunicorn; the setup steps between them
(``benchmarks.generate``, ``benchmarks.index``), timed.
"""

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote_plus

from benchmarks.load import load
from benchmarks.postgres import POSTGRES
from benchmarks.servers import (
    CEILING,
    DUMMY,
    REQUEST_TIMEOUT,
    UNCACHED,
    WARM,
    WARM_NEW_CONNECTIONS,
    Database,
    Mode,
    bench_env,
    gunicorn,
    run_module,
)

WARM_UP_REQUESTS = 300
WARM_UP_SECONDS = 3
LONE_WARM_UP_REQUESTS = 50
#: Latency rows (one client) stop after this many requests, or the time limit, but
#: not before each of their paths has been asked once (within SLOWEST seconds).
LATENCY_REQUESTS = 500
#: Seconds for counting a server configuration's SQL queries; paths left uncounted
#: after that (slow searches) say so.
QUERY_COUNT_BUDGET = 45
#: A throughput row is not run when its 1-client p50 is above this: N clients would
#: only queue behind the workers, time out, and leave them busy for the next row.
TOO_SLOW_FOR_LOAD_MS = 1000

V1_DETAIL = "/api/v1/topics/{trust_id}/"
V2_DETAIL = "/api/v2/pages/{trust_id}/?fields=*"
V1_LIST = "/api/v1/topics/?limit=20"
V2_LIST = "/api/v2/pages/?type=pages.TopicPage&fields=*&limit=20"
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
