"""Published documents at one size: reads under wrk, and publishes under load.

For ``benchmarks.documents``: ``measure_size`` rebuilds the documents (timed),
reads the v1 detail, stock v2's, the listing and the ceiling under gunicorn and
wrk, and then ``measure_publishes`` publishes the seed article once a second with
the task worker running while wrk sends conditional GETs; both fill in a ``Size``.
"""

import json
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from benchmarks.load import HOST, WRK, WRK_CONNECTIONS, Wrk, get, wrk, wrk_ms
from benchmarks.scenarios import V1_DETAIL, V1_LIST, V2_DETAIL
from benchmarks.servers import (
    CEILING,
    UNCACHED,
    Database,
    bench_env,
    gunicorn,
    manage,
    run_module,
    worker,
)

READ_SECONDS = 10
UNAFFECTED_SAMPLE = 200
#: Above this size, `rebuild_documents` (hours at 100,000 pages on this machine) is
#: replaced by a timed rebuild of a random sample of documents.
REBUILD_ALL_UP_TO = 10_000
REBUILD_SAMPLE = 1_000

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
        p50_ms=wrk_ms(re.search(r"^\s+50%\s+(\S+)$", output, re.MULTILINE).group(1)),
        p99_ms=wrk_ms(re.search(r"^\s+99%\s+(\S+)$", output, re.MULTILINE).group(1)),
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
