"""Profile reads in-process: where a request's time goes, grouped by package.

    .venv/bin/python -m benchmarks.profile --pages 1000                # fresh SQLite file
    .venv/bin/python -m benchmarks.profile --pages 1000 --postgres     # fresh PostgreSQL db
    .venv/bin/python -m benchmarks.profile --reuse                     # the last SQLite file

Sets up a database as ``benchmarks.documents`` does (migrate, the demo, N
generated pages, ``rebuild_documents``), then, in one process with the benchmark
settings and the response cache bypassed, calls Django's ``WSGIHandler``
directly for the v1 detail of the seed article, stock Wagtail's v2 detail and
the constant-bytes ceiling (sized to the v1 detail), with no HTTP server and no
network in between:

1. timed: ``--requests`` requests each, without the profiler (µs per request);
2. profiled: as many again under cProfile, each function's own time summed by
   package (Django, DRF, Wagtail, the project, the database driver, the standard
   library), per request.

What the ceiling spends is what every request spends (middleware, URL
resolution, the WSGI handler); what the v1 detail spends beyond it is the read
itself. Together with the wrk numbers in DOCUMENTS.md (where gunicorn's own
cost per request comes on top of both), this shows what stands between the
stored-document read and the ceiling. Only this process and the database are
involved; every loop is bounded. It measures and asserts nothing.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.postgres import POSTGRES, postgres_database
from benchmarks.scenarios import V1_DETAIL, V2_DETAIL
from benchmarks.servers import (
    CEILING,
    ROOT,
    UNCACHED,
    VAR,
    Database,
    bench_env,
    manage,
    run_module,
)

PROFILE_SQLITE = Database("profile", "SQLite", f"sqlite:///{VAR / 'profile.sqlite3'}")
#: The reads profiled, by key; the seed article's id fills in ``{trust_id}``.
READS = {"v1": V1_DETAIL, "v2": V2_DETAIL, "ceiling": CEILING}
TOP_FUNCTIONS = 12


# --- In the measuring process (benchmark settings, Django set up) --------------------


def _environ(path: str) -> dict:
    from wsgiref.util import setup_testing_defaults

    route, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": route,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
    }
    setup_testing_defaults(environ)
    return environ


def _call(handler, path: str) -> tuple[str, bytes]:
    answered = []
    response = handler(_environ(path), lambda status, _headers, _exc=None: answered.append(status))
    try:
        body = b"".join(response)
    finally:
        response.close()
    return answered[0], body


_SITE = re.compile(r"site-packages/([^/]+)/")
_PROJECT = ("api", "pages", "search", "cms", "benchmarks", "templates")


def _package(filename: str, function: str) -> str:
    """The package a profiled function belongs to."""
    if filename == "~":  # a built-in: C code, named by its type or module
        for driver in ("sqlite3", "psycopg"):
            if driver in function:
                return f"{driver} (C)"
        return "built-ins (C)"
    found = _SITE.search(filename)
    if found:
        name = found.group(1)
        return {"rest_framework": "djangorestframework", "_pytest": "pytest"}.get(name, name)
    relative = Path(filename).resolve()
    try:
        top = relative.relative_to(ROOT).parts[0]
    except ValueError:
        return "Python standard library"
    return f"topicdesk ({top}/)" if top in _PROJECT else "Python standard library"


def measure(seed: int, requests: int) -> dict:
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    import benchmarks.urls
    from pages.models import TopicPage

    handler = WSGIHandler()
    paths = {key: template.format(trust_id=seed) for key, template in READS.items()}
    status, body = _call(handler, paths["v1"])
    assert status.startswith("200"), status
    benchmarks.urls.CEILING_BODY = benchmarks.urls.ceiling_body(len(body))
    results = {"detail_bytes": len(body), "topic_pages": TopicPage.objects.live().count()}
    for key, path in paths.items():
        for _ in range(min(requests, 200)):  # warm-up: connections, caches, imports
            _call(handler, path)
        started = time.perf_counter()
        for _ in range(requests):
            _call(handler, path)
        per_request_us = (time.perf_counter() - started) / requests * 1e6

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(requests):
            _call(handler, path)
        profiler.disable()
        stats = pstats.Stats(profiler, stream=io.StringIO())
        by_package: dict[str, float] = defaultdict(float)
        functions = []
        for (filename, line, function), (_, calls, own, _, _) in stats.stats.items():
            by_package[_package(filename, function)] += own
            functions.append((own, calls, f"{Path(filename).name}:{line}({function})"))
        functions.sort(reverse=True)
        results[key] = {
            "path": path,
            "us": per_request_us,
            "profiled_us": sum(by_package.values()) / requests * 1e6,
            "packages": {
                name: own / requests * 1e6
                for name, own in sorted(by_package.items(), key=lambda item: -item[1])
            },
            "functions": [
                [name, own / requests * 1e6, calls / requests]
                for own, calls, name in functions[:TOP_FUNCTIONS]
            ],
        }
    return results


# --- In the driving process ---------------------------------------------------------------


def set_up(database: Database, pages: int) -> None:
    print(f"== {database.label}: migrate, the demo and {pages} generated pages", flush=True)
    run_module("benchmarks.generate", "--count", str(pages),
               env=bench_env(UNCACHED, database), timeout=3600)  # fmt: skip
    manage(database, "rebuild_documents")


def seed_id(database: Database) -> int:
    output = run_module("benchmarks.publisher", "pages", "--sample", "1",
                        env=bench_env(UNCACHED, database), timeout=300)  # fmt: skip
    return json.loads(output)["seed"]


def profile(database: Database, requests: int) -> dict:
    output = run_module(
        "benchmarks.profile", "--measure", str(seed_id(database)), "--requests", str(requests),
        env=bench_env(UNCACHED, database), timeout=3600,
    )  # fmt: skip
    return json.loads(output.strip().splitlines()[-1])


def render(label: str, results: dict) -> str:
    keys = list(READS)
    lines = [
        f"### {label}, {results['topic_pages']:,} live topic pages "
        f"(detail {results['detail_bytes']:,} bytes)",
        "",
        "In-process µs per request (WSGIHandler, no HTTP server), and, under cProfile, "
        "each package's own time per request:",
        "",
        "| | " + " | ".join(keys) + " |",
        "| --- | " + " | ".join("---:" for _ in keys) + " |",
        "| timed, µs | " + " | ".join(f"{results[key]['us']:,.0f}" for key in keys) + " |",
        "| profiled, µs | "
        + " | ".join(f"{results[key]['profiled_us']:,.0f}" for key in keys)
        + " |",
    ]
    packages = sorted(
        {name for key in keys for name in results[key]["packages"]},
        key=lambda name: -results["v1"]["packages"].get(name, 0),
    )
    for name in packages:
        cells = [results[key]["packages"].get(name, 0) for key in keys]
        if max(cells) >= 1:
            lines.append(f"| {name} | " + " | ".join(f"{cell:,.0f}" for cell in cells) + " |")
    lines += ["", "The v1 detail's costliest functions (own time, µs per request; calls):", ""]
    lines += ["| function | µs | calls |", "| --- | ---: | ---: |"]
    for name, own, calls in results["v1"]["functions"]:
        lines.append(f"| `{name}` | {own:,.0f} | {calls:g} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1000, help="generated pages (default 1000)")
    parser.add_argument("--requests", type=int, default=2000, help="requests per read timed")
    parser.add_argument("--postgres", action="store_true", help="a fresh PostgreSQL database")
    parser.add_argument("--reuse", action="store_true", help="the SQLite file of the last run")
    parser.add_argument("--measure", type=int, metavar="SEED_ID", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure is not None:  # the measuring process, started below
        print(json.dumps(measure(args.measure, args.requests)))
        return
    if args.postgres:
        with postgres_database():
            set_up(POSTGRES, args.pages)
            print(render("PostgreSQL", profile(POSTGRES, args.requests)))
        return
    sqlite_file = VAR / "profile.sqlite3"
    if not args.reuse:
        sqlite_file.unlink(missing_ok=True)
        set_up(PROFILE_SQLITE, args.pages)
    elif not sqlite_file.exists():
        sys.exit(f"{sqlite_file} is missing: run without --reuse first.")
    print(render("SQLite", profile(PROFILE_SQLITE, args.requests)))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    main()
