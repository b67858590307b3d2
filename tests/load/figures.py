"""The load test's figures: percentiles, staleness, ordering and freshness."""

import bisect
import http.client
import math
import time
from dataclasses import dataclass

from tests.load.client import ENDPOINTS, FRESH_ROUNDS, Publishing, Sample, check, get


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
