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
"""

import argparse
import http.client
import json
import re
import sqlite3
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

from benchmarks.run import (
    BENCH_DIR,
    CEILING,
    HOST,
    POSTGRES,
    PYTHON,
    ROOT,
    SQLITE,
    UNCACHED,
    V1_DETAIL,
    V1_LIST,
    V2_DETAIL,
    VAR,
    Database,
    bench_env,
    gunicorn,
    load_average,
    machine_facts,
    postgres_database,
    run_module,
    sqlite_files,
    stop,
    table,
)

SIZES = (1_000, 10_000, 100_000)
WRK = "/usr/bin/wrk"
WRK_CONNECTIONS = 8
READ_SECONDS = 10
PUBLISH_SECONDS = 20
PUBLISH_SECONDS_LARGEST = 60
UNAFFECTED_SAMPLE = 200
#: Above this size, `rebuild_documents` (hours at 100,000 pages on this machine) is
#: replaced by a timed rebuild of a random sample of documents.
REBUILD_ALL_UP_TO = 10_000
REBUILD_SAMPLE = 1_000
WORKER_INTERVAL = "0.05"

#: Counts a conditional GET's answer: 304 is a hit, 200 a miss (by page id, from the body).
HIT_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  paths, tags, ids, i, other, hit, missed = {}, {}, {}, 0, 0, {}, {}
  for line in io.lines(args[1]) do
    local path, id, tag = line:match("^(%S+) (%d+) (.+)$")
    table.insert(paths, path); table.insert(tags, tag); ids[tag] = id
  end
end
function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], {["If-None-Match"] = tags[i]})
end
function response(status, headers, body)
  if status == 304 then
    local id = ids[headers["ETag"]] or "?"
    hit[id] = (hit[id] or 0) + 1
  elseif status == 200 then
    local id = body:match('"id":(%d+)') or "?"
    missed[id] = (missed[id] or 0) + 1
  else other = other + 1 end
end
function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    io.write(string.format("OTHER %d\\n", t:get("other")))
    for id, count in pairs(t:get("hit")) do io.write(string.format("HIT %s %d\\n", id, count)) end
    for id, count in pairs(t:get("missed")) do
      io.write(string.format("MISSED %s %d\\n", id, count))
    end
  end
end
"""


@dataclass
class Wrk:
    path: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


@dataclass
class Size:
    database: Database
    pages: int
    generate_s: float = 0.0
    documents: int = 0
    rebuild_of: int = 0
    rebuild_s: float = 0.0
    detail_bytes: int = 0
    reads: dict[str, Wrk] = field(default_factory=dict)
    publishes: list[dict] = field(default_factory=list)
    stale: int = 0
    missing_tasks: int = 0
    #: Publishes refused because SQLite's write lock stayed taken past its timeout.
    locked: int = 0
    dependents: int = 0
    #: Conditional GETs of sampled pages: (304s and 200s of pages whose documents
    #: did not change, other statuses), and their throughput.
    hit_counts: tuple[int, int, int] = (0, 0, 0)
    conditional: Wrk | None = None
    sampled: int = 0
    changed_in_sample: int = 0


# --- Measuring --------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(port: int, path: str, seconds: float, *, script: Path | None = None, args=()) -> Wrk:
    command = [WRK, "-t1", f"-c{WRK_CONNECTIONS}", f"-d{seconds:g}s", "--latency", "--timeout=10s"]
    if script:
        command += ["-s", str(script)]
    command += [f"http://{HOST}:{port}{path}", *(["--", *args] if args else [])]
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=True
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.MULTILINE))
    errors = sum(map(int, re.findall(r"(?:connect|read|write|timeout) (\d+)", output)))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Wrk(
        path=path,
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=_ms(latency["50"]),
        p99_ms=_ms(latency["99"]),
        requests=int(re.search(r"(\d+) requests in", output).group(1)),
        errors=errors + (int(non_2xx.group(1)) if non_2xx else 0),
    )


def get(port: int, path: str) -> tuple[int, bytes, dict[str, str]]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


def manage(database: Database, *args: str, timeout: float = 3600) -> tuple[float, str]:
    """Run a management command on the benchmark's database: (seconds, stdout)."""
    started = time.monotonic()
    done = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=bench_env(UNCACHED, database),
        timeout=timeout,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return time.monotonic() - started, done.stdout


@contextmanager
def worker(database: Database):
    log = (VAR / f"worker-{database.key}.log").open("ab")
    process = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
        + [f"--interval={WORKER_INTERVAL}"],
        cwd=ROOT,
        env=bench_env(UNCACHED, database, BENCH_TASKS="db"),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        stop(process)
        log.close()


def measure_size(size: Size, publish_seconds: float) -> None:
    database, server = size.database, SimpleNamespace(workers=2)
    print(f"\n== {database.label}, {size.pages} generated pages", flush=True)
    if size.pages <= REBUILD_ALL_UP_TO:
        size.rebuild_s, output = manage(database, "rebuild_documents")
        size.documents = int(re.search(r"Rebuilt (\d+) documents", output).group(1))
        size.rebuild_of = size.documents
    else:
        # Documents of the pages generated since are built by the reads that find them
        # missing; a sample of rebuilds gives the full rebuild's cost per document.
        sample = json.loads(
            run_module(
                "benchmarks.publisher", "rebuild-sample", "--count", str(REBUILD_SAMPLE),
                env=bench_env(UNCACHED, database), timeout=3600,
            )
        )  # fmt: skip
        size.rebuild_s, size.documents, size.rebuild_of = (
            sample["seconds"],
            sample["rebuilt"],
            sample["of"],
        )
    print(
        f"   rebuilt {size.documents} of {size.rebuild_of} documents in {size.rebuild_s:.1f}s",
        flush=True,
    )
    pages = json.loads(
        run_module(
            "benchmarks.publisher", "pages", "--sample", str(UNAFFECTED_SAMPLE * 2),
            env=bench_env(UNCACHED, database), timeout=300,
        )
    )  # fmt: skip
    seed = pages["seed"]
    with gunicorn(UNCACHED, database, server, None) as port:
        status, body, _ = get(port, V1_DETAIL.format(trust_id=seed))
        assert status == 200, status
        size.detail_bytes = len(body)
        for key, template in (("v1", V1_DETAIL), ("v2", V2_DETAIL), ("list", V1_LIST)):
            path = template.format(trust_id=seed)
            wrk(port, path, 2)  # warm-up
            size.reads[key] = wrk(port, path, READ_SECONDS)
            print(f"   {key:8} {size.reads[key]}", flush=True)
    with gunicorn(UNCACHED, database, server, size.detail_bytes) as port:
        wrk(port, CEILING, 2)
        size.reads["ceiling"] = wrk(port, CEILING, READ_SECONDS)
        print(f"   ceiling  {size.reads['ceiling']}", flush=True)
    measure_publishes(size, seed, pages["sample"], publish_seconds)


def measure_publishes(size: Size, seed: int, sample: list[int], seconds: float) -> None:
    database, server = size.database, SimpleNamespace(workers=2)
    env = bench_env(UNCACHED, database, BENCH_TASKS="db")
    with gunicorn(UNCACHED, database, server, None) as port:
        # Read each sampled page once, as a CDN would (this also builds any missing
        # document), then keep those the publish does not affect, with their ETags.
        tags = {}
        for pk in sample:
            status, _, headers = get(port, V1_DETAIL.format(trust_id=pk))
            if status == 200:
                tags[pk] = headers["ETag"]
        affected = set(
            json.loads(
                run_module(
                    "benchmarks.publisher", "dependents", "--page-id", str(seed),
                    env=env, timeout=300,
                )
            )
        )  # fmt: skip
        size.dependents = len(affected)
        unaffected = [pk for pk in tags if pk not in affected][:UNAFFECTED_SAMPLE]
        with tempfile.TemporaryDirectory() as scratch:
            script, listing = Path(scratch) / "hits.lua", Path(scratch) / "etags.txt"
            script.write_text(HIT_SCRIPT)
            listing.write_text(
                "".join(f"{V1_DETAIL.format(trust_id=pk)} {pk} {tags[pk]}\n" for pk in unaffected)
            )
            with worker(database):
                loader = subprocess.Popen(
                    [WRK, "-t1", f"-c{WRK_CONNECTIONS}", f"-d{seconds + 5:g}s", "--latency"]
                    + ["-s", str(script), f"http://{HOST}:{port}/", "--", str(listing)],
                    stdout=subprocess.PIPE,
                    text=True,
                )
                try:
                    published = json.loads(
                        run_module(
                            "benchmarks.publisher", "publish", "--page-id", str(seed),
                            "--port", str(port), "--seconds", str(seconds),
                            env=env, timeout=seconds + 120,
                        )
                    )  # fmt: skip
                    output, _ = loader.communicate(timeout=seconds + 60)
                finally:
                    if loader.poll() is None:
                        loader.kill()
        # The sampled pages whose documents the publishes changed after all (a page the
        # publish newly ranks into a related list): their misses are expected.
        changed = {
            pk
            for pk in unaffected
            if get(port, V1_DETAIL.format(trust_id=pk))[2].get("ETag") != tags[pk]
        }
    counts = {"HIT": {}, "MISSED": {}}
    for kind, pk, count in re.findall(r"^(HIT|MISSED) (\S+) (\d+)$", output, re.MULTILINE):
        counts[kind][pk] = int(count)
    kept = {str(pk) for pk in unaffected if pk not in changed}
    size.hit_counts = (
        sum(count for pk, count in counts["HIT"].items() if pk in kept),
        sum(count for pk, count in counts["MISSED"].items() if pk in kept),
        int(re.search(r"^OTHER (\d+)$", output, re.MULTILINE).group(1)),
    )
    size.sampled, size.changed_in_sample = len(unaffected), len(changed)
    size.conditional = Wrk(
        path="conditional GETs",
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=_ms(re.search(r"^\s+50%\s+(\S+)$", output, re.MULTILINE).group(1)),
        p99_ms=_ms(re.search(r"^\s+99%\s+(\S+)$", output, re.MULTILINE).group(1)),
        requests=int(re.search(r"(\d+) requests in", output).group(1)),
        errors=0,
    )
    size.publishes = published["samples"]
    size.stale = published["stale"]
    size.missing_tasks = published["missing_tasks"]
    size.locked = published["locked"]
    print(
        f"   publishes {len(size.publishes)}, locked {size.locked}, stale {size.stale}, "
        f"hits {size.hit_counts}, "
        f"dependents {size.dependents}, changed in sample {size.changed_in_sample}",
        flush=True,
    )


# --- Report -----------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float | None:
    ordered = sorted(v for v in values if v is not None)
    if not ordered:
        return None
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def seconds_text(value: float | None) -> str:
    return "–" if value is None else f"{value * 1000:.0f} ms"


def hit_ratio(size: Size) -> float | None:
    hits, misses, other = size.hit_counts
    return hits / (hits + misses + other) if hits + misses + other else None


def read_rows(sizes: list[Size]) -> list[list[object]]:
    rows = []
    for size in sizes:
        reads = size.reads
        v1, v2, ceiling, listing = reads["v1"], reads["v2"], reads["ceiling"], reads["list"]
        rows.append(
            [
                size.database.label,
                f"{size.pages:,}",
                f"{size.documents:,} of {size.rebuild_of:,}: {size.rebuild_s:.0f} s "
                f"({size.rebuild_s / size.documents * 1000:.1f} ms each)",
                f"{v1.rps:,.0f} ({v1.p50_ms:.1f} / {v1.p99_ms:.1f})",
                f"{v2.rps:,.0f} ({v2.p50_ms:.1f} / {v2.p99_ms:.1f})",
                f"{ceiling.rps:,.0f}",
                f"{listing.rps:,.0f} ({listing.p50_ms:.1f} / {listing.p99_ms:.1f})",
                f"{v1.rps / ceiling.rps:.2f}",
                f"{v1.rps / v2.rps:.1f}",
                sum(read.errors for read in reads.values()),
            ]
        )
    return rows


def publish_rows(sizes: list[Size]) -> list[list[object]]:
    rows = []
    for size in sizes:
        own = [sample["own"] for sample in size.publishes]
        after = [sample["dependents"] for sample in size.publishes]
        rebuilt = sorted(sample.get("rebuilt", 0) for sample in size.publishes)
        ratio = hit_ratio(size)
        rows.append(
            [
                size.database.label,
                f"{size.pages:,}",
                f"{len(size.publishes)}" + (f" ({size.locked} locked out)" if size.locked else ""),
                f"{seconds_text(percentile(own, 0.5))} / {seconds_text(percentile(own, 0.99))}",
                f"{seconds_text(percentile(after, 0.5))} / {seconds_text(percentile(after, 0.99))}",
                f"{rebuilt[len(rebuilt) // 2] if rebuilt else 0} of {size.dependents}",
                size.stale,
                size.missing_tasks,
                f"{size.changed_in_sample} of {size.sampled}",
                f"{size.hit_counts[0]:,} / {sum(size.hit_counts):,}",
                "–" if ratio is None else f"{ratio:.1%}",
            ]
        )
    return rows


def targets(sizes: list[Size]) -> list[str]:
    lines = []
    for database in {size.database.label: size.database for size in sizes}.values():
        mine = [size for size in sizes if size.database is database]
        checks = []
        for size in mine:
            v1 = size.reads["v1"].rps
            checks.append(
                (f"{size.pages:,}: v1 / ceiling ≥ 0.6", v1 / size.reads["ceiling"].rps >= 0.6)
            )
            checks.append((f"{size.pages:,}: v1 / v2 ≥ 5", v1 / size.reads["v2"].rps >= 5))
        if len(mine) > 1:
            drop = 1 - mine[-1].reads["v1"].rps / mine[0].reads["v1"].rps
            checks.append(
                (f"v1 drop {mine[0].pages:,} → {mine[-1].pages:,} ≤ 10% ({drop:.0%})", drop <= 0.1)
            )
        for size in mine:
            p99 = percentile([sample["dependents"] for sample in size.publishes], 0.99)
            ratio = hit_ratio(size)
            checks.append(
                (
                    f"{size.pages:,}: dependents p99 ≤ 2 s",
                    p99 is not None and p99 <= 2 and not size.missing_tasks and not size.locked,
                )
            )
            checks.append((f"{size.pages:,}: 0 stale reads", size.stale == 0))
            checks.append((f"{size.pages:,}: hit ratio ≥ 95%", ratio is not None and ratio >= 0.95))
        met = [name for name, ok in checks if ok]
        missed = [name for name, ok in checks if not ok]
        lines.append(
            f"- **{database.label}**: {len(met)} of {len(checks)} met."
            + (f" Missed: {'; '.join(missed)}." if missed else "")
        )
    return lines


def render(sizes: list[Size], facts: list[tuple[str, str]], publish_seconds: dict) -> str:
    lines = [
        "# Published documents: benchmark results",
        "",
        "Written by `python -m benchmarks.documents` (see `benchmarks/README.md`). "
        "Load from Debian's `wrk` (1 thread, "
        f"{WRK_CONNECTIONS} connections, {READ_SECONDS} s per row after a 2 s warm-up), "
        "against gunicorn with 2 sync workers on 127.0.0.1, with the API's response cache "
        "bypassed. The seed article is the page read and published.",
        "",
        "## Reads",
        "",
        "Requests per second (p50 / p99 latency in ms). The ceiling is the cheapest Django "
        "response of the v1 detail's size on the same server.",
        "",
        *table(
            [
                "database",
                "generated pages",
                "documents rebuilt",
                "v1 detail",
                "stock v2 detail",
                "ceiling",
                "v1 listing",
                "v1 / ceiling",
                "v1 / v2",
                "errors",
            ],
            ["l", "r", "r", "r", "r", "r", "r", "r", "r", "r"],
            read_rows(sizes),
        ),
        "",
        "## Publishes, under load",
        "",
        "The seed article is published once a second "
        f"({publish_seconds['largest']:g} s at the largest size, {publish_seconds['other']:g} s "
        "below it) with `db_worker` running, while wrk sends conditional GETs "
        f"(`If-None-Match`) for up to {UNAFFECTED_SAMPLE} sampled pages the publish does "
        "not affect. *Own*: from the publish call until the API serves the new title. "
        "*Dependents*: from the call until the worker's `rebuild_dependents` task finished. "
        "*Rebuilt*: documents that task rebuilt (median), of the page's dependents. "
        "*Stale*: first reads after `publish()` returned that showed the old title. "
        "*Hits*: 304 answers of all the conditional GETs. A publish *locked out* waited "
        "longer than SQLite's 20 s lock timeout for the one writer's lock and was refused "
        "(nothing changed); it is not in the latencies.",
        "",
        *table(
            [
                "database",
                "generated pages",
                "publishes",
                "own p50 / p99",
                "dependents p50 / p99",
                "rebuilt",
                "stale",
                "tasks missing",
                "sampled pages changed",
                "hits",
                "hit ratio",
            ],
            ["l", "r", "r", "r", "r", "r", "r", "r", "r", "r", "r"],
            publish_rows(sizes),
        ),
        "",
        "## Targets",
        "",
        *targets(sizes),
        "",
        "## Machine",
        "",
        *table(["", ""], ["l", "l"], [[name, value] for name, value in facts]),
        "",
    ]
    return "\n".join(lines)


# --- Running ----------------------------------------------------------------


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
