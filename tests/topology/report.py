"""The topology test's figures, and its Markdown report."""

import platform
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tests.topology.readers import Read


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def _version(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError:
        return "?"
    return ((done.stdout or done.stderr).strip().splitlines() or ["?"])[0]


@dataclass
class Figures:
    seconds: int
    clients: int
    pages: int
    elapsed: float = 0.0
    reads: int = 0
    errors: int = 0
    error_samples: list = field(default_factory=list)
    stale: int = 0
    stale_samples: list = field(default_factory=list)
    publishes: int = 0
    purge_p50: float = 0.0
    purge_p99: float = 0.0
    purge_max: float = 0.0
    unaffected_pages: int = 0
    unaffected_reads: int = 0
    unaffected_hit_ratio: float = 0.0
    worker_killed_at: float = 0.0
    node_down: tuple = (0.0, None)
    reads_while_node_down: int = 0
    redis_restart: tuple = (0.0, 0.0)
    reads_during_redis_restart: int = 0
    receiver_down: tuple = (0.0, None)
    deliveries: int = 0
    duplicates: int = 0
    held_arrivals: int = 0
    throttle: list = field(default_factory=list)

    def measure(self, reads: list[Read], publishes: list[dict], unaffected: set[int], began: float):
        self.reads = len(reads)
        failed = [read for read in reads if read.status != 200]
        self.errors, self.error_samples = len(failed), failed[:5]
        self.publishes = len(publishes)
        purges = [line["purged"] - line["committed"] for line in publishes]
        self.purge_p50, self.purge_p99 = percentile(purges, 0.5), percentile(purges, 0.99)
        self.purge_max = max(purges, default=0.0)
        # A read is stale if it began after a purge of its page for a later revision.
        by_page: dict[int, list[tuple[float, int]]] = {}
        for line in publishes:
            by_page.setdefault(line["page"], []).append((line["purged"], line["rev"]))
        stale = [
            read
            for read in reads
            if read.page in by_page
            and read.status == 200
            and any(purged < read.began and rev > read.marker for purged, rev in by_page[read.page])
        ]
        self.stale, self.stale_samples = len(stale), stale[:5]
        unaffected = unaffected - set(by_page)
        quiet = [read for read in reads if read.page in unaffected]
        self.unaffected_pages = len({read.page for read in quiet})
        self.unaffected_reads = len(quiet)
        self.unaffected_hit_ratio = sum(read.hit for read in quiet) / len(quiet) if quiet else 0.0

        def during(start: float, end: float) -> int:
            return sum(began + start <= read.began <= began + end for read in reads)

        self.reads_while_node_down = during(*self.node_down)
        at, away = self.redis_restart
        self.reads_during_redis_restart = during(at, at + away)


def write_report(path: Path, f: Figures) -> None:
    down_at, up_at = f.node_down
    redis_at, redis_away = f.redis_restart
    rx_at, rx_up = f.receiver_down
    rows = [
        ("Edge errors (reads not answered 200)", f"{f.errors} of {f.reads:,}", "0"),
        ("Stale reads begun after their page's purge", f"{f.stale}", "0"),
        (
            "Purge after the publish's commit: p50 / p99 / max",
            f"{f.purge_p50 * 1000:.0f} / {f.purge_p99 * 1000:.0f} / {f.purge_max * 1000:.0f} ms",
            "p99 ≤ 1 s",
        ),
        (
            f"Edge hit ratio, pages no publish rebuilt ({f.unaffected_pages} pages)",
            f"{f.unaffected_hit_ratio:.1%} of {f.unaffected_reads:,} reads",
            "≥ 95%",
        ),
        (
            f"App node 1 killed at {down_at:.0f} s, back at {up_at:.0f} s",
            f"{f.reads_while_node_down:,} reads meanwhile, none failed",
            "the edge answers",
        ),
        (
            f"Redis restarted at {redis_at:.0f} s (away {redis_away:.1f} s)",
            f"{f.reads_during_redis_restart:,} reads meanwhile, none failed",
            "requests succeed",
        ),
        (
            f"A worker killed mid-delivery at {f.worker_killed_at:.0f} s",
            f"the delivery arrived {f.held_arrivals}× (deduplicated by id)",
            "finished by the other worker",
        ),
        (
            f"Webhook receiver down from {rx_at:.0f} s to {rx_up:.0f} s",
            f"{f.deliveries} of {f.deliveries} deliveries arrived; {f.duplicates} repeats",
            "all arrive",
        ),
        ("Throttle, 4/minute, reads alternating nodes", " ".join(map(str, f.throttle)), "5th: 429"),
    ]
    table = "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows)
    path.write_text(
        f"""# Topology test: last run

Written by `tests/topology/test_topology.py` ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC).
Two gunicorn nodes (2 workers each), two `db_worker` processes and a scheduler, on one
PostgreSQL and one Redis, behind Varnish (`cms/deploy/varnish.vcl`, round robin).
{f.clients} readers through the edge for {f.elapsed:.0f} s over {f.pages} topic details and
two listings; one of four untagged topics published each second ({f.publishes} publishes;
a tagged one would enter, and rebuild, most related lists). The task queue is empty
before the run begins, so that what is rebuilt is what the publishes rebuilt.
Machine: {platform.machine()}, {_version(["nproc"])} cores; {_version(["varnishd", "-V"])}.

| Measure | Result | Target |
| --- | ---: | --- |
{table}
"""
    )
