"""The report: benchmarks/RESULTS.md from a run's results, and what every report shares.

``machine_facts`` (the machine, the versions, the source measured), ``load_average``
and ``table`` serve ``benchmarks.documents``' report too.
"""

import os
import platform
import sqlite3
import subprocess
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from benchmarks.scenarios import (
    LATENCY_REQUESTS,
    SEARCH,
    SEARCH_QUERIES,
    SUGGEST_TARGET_MS,
    WARM_UP_REQUESTS,
    WARM_UP_SECONDS,
    Config,
    Result,
    Run,
)
from benchmarks.servers import ROOT, SQLITE


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
