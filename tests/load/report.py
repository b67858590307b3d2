"""The load test's result and its Markdown report."""

import importlib.metadata
import os
import platform
import shutil
import sqlite3
import subprocess
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from tests.live_server import (
    BASE_DIR,
)
from tests.load.client import ARTICLE_PATH
from tests.load.figures import EndpointFigures


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
