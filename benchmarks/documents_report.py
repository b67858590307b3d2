"""The published documents' report, benchmarks/DOCUMENTS.md, from ``benchmarks.documents``."""

from benchmarks.documents_measure import READ_SECONDS, UNAFFECTED_SAMPLE, Size
from benchmarks.load import WRK_CONNECTIONS
from benchmarks.report import table


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
