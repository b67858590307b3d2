"""The production topology under load and faults (issue: several machines, one truth).

Two gunicorn nodes, two task workers and a scheduler share PostgreSQL and Redis behind
Varnish. 16 readers read through the edge while a page is published every second for
60 s, and meanwhile: a worker is killed in the middle of a webhook delivery, a node is
killed and started again, Redis restarts, and the webhook receiver is down for 20 s.
The figures go to ``tests/topology/last-run.md``.

Needs PostgreSQL (DATABASE_URL) and Debian's varnish, varnish-modules and
redis-server, which ``.ci/run`` installs; without them it skips, unless
TOPICDESK_REQUIRE_TOPOLOGY is set (as ``.ci/run`` sets it), when it fails.
"""

import json
import os
import signal
import threading
import time
import urllib.request
from pathlib import Path

import psycopg
import pytest

from tests.live_server import PYTHON, background, free_port, gunicorn
from tests.topology.cluster import cluster, missing_binaries, wait_until
from tests.topology.readers import start_readers
from tests.topology.receiver import WebhookReceiver
from tests.topology.report import Figures, write_report

pytestmark = pytest.mark.topology

SECONDS, CLIENTS = 60, 16
#: Generated topics beside the demo's nine, so that most pages are read, not published.
PAGES = 200
REPORT = Path(__file__).resolve().parent / "last-run.md"
DATABASE_URL = os.environ.get("DATABASE_URL", "")
SETTINGS = {
    "WEBHOOK_TIMEOUT_SECONDS": "3",
    "WEBHOOK_BACKOFF_SECONDS": "2",
    "WEBHOOK_MAX_ATTEMPTS": "8",
    "WEBHOOK_RESUME_AFTER_SECONDS": "20",
}


def _unavailable() -> str | None:
    if not DATABASE_URL.startswith("postgres"):
        return "needs DATABASE_URL to name a PostgreSQL server"
    if missing := missing_binaries():
        return f"needs {', '.join(missing)} (Debian: varnish, varnish-modules, redis-server)"
    return None


@pytest.fixture
def topology(tmp_path):
    if reason := _unavailable():
        if os.environ.get("TOPICDESK_REQUIRE_TOPOLOGY"):
            pytest.fail(reason)
        pytest.skip(reason)
    receiver = WebhookReceiver(free_port()).start()
    logs = tmp_path / "logs"
    with cluster(logs, DATABASE_URL, extra_pages=PAGES, **SETTINGS) as running:
        yield running, receiver
    receiver.stop()


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (127.0.0.1)
        return json.loads(response.read())


def documents_built(url: str) -> dict[int, object]:
    with psycopg.connect(url) as connection:
        return dict(connection.execute("SELECT page_id, built_at FROM api_pagedocument"))


def untag(ids: list[int], url: str) -> None:
    """Take the tags off these topics (before any document showing them is built)."""
    with psycopg.connect(url) as connection:
        connection.execute(
            "DELETE FROM pages_topicpagetag WHERE content_object_id = ANY(%s)", [ids]
        )


def deliveries(url: str) -> dict[str, str]:
    with psycopg.connect(url) as connection:
        rows = connection.execute("SELECT id::text, status FROM api_webhookdelivery")
        return dict(rows.fetchall())


def test_the_edge_and_the_workers_stay_correct_under_load_and_faults(topology):
    cluster_, receiver = topology
    url = cluster_.env["DATABASE_URL"]
    node = cluster_.nodes[1].base_url
    topics = [
        topic
        for offset in range(0, PAGES + 100, 100)
        for topic in get_json(f"{node}/api/v1/topics/?limit=100&offset={offset}")["results"]
    ]
    paths = [(f"/api/v1/topics/{topic['id']}/", topic["id"]) for topic in topics]
    paths += [("/api/v1/topics/", None), ("/api/v1/navigation/", None)]
    # A publish moves its topic to the top of every related list that shares a tag with
    # it (related topics rank by shared tags, then the latest publish), so the four
    # published in turn are generated ones without tags: what no publish rebuilds is
    # then most of the site, for the hit ratio of unaffected pages.
    rotation = sorted(topic["id"] for topic in topics)[-4:]
    untag(rotation, url)
    for path, _ in paths:  # the edge starts warm
        urllib.request.urlopen(f"{cluster_.edge}{path}", timeout=10).read()  # noqa: S310
    cluster_.wait_for_idle_queue()  # anything the warm-up's first reads queued
    built_before = documents_built(url)
    figures = Figures(seconds=SECONDS, clients=CLIENTS, pages=len(topics))

    publisher_out = cluster_.logs / "publisher.jsonl"
    with (
        publisher_out.open("w") as out,
        background(
            [
                PYTHON,
                "-m",
                "tests.topology.publisher",
                "--seconds",
                str(SECONDS),
                "--pages",
                ",".join(map(str, rotation)),
                "--receiver",
                receiver.url,
            ],
            cluster_.env,
            cluster_.logs / "publisher.log",
            stdout=out,
        ) as publisher,
    ):
        stop, threads, reads = start_readers(cluster_.edge_port, paths, CLIENTS, 1_000_000)
        began = time.monotonic()

        # A worker dies in the middle of a delivery (the receiver holds the next one),
        # whenever the first one comes; the other faults keep their times meanwhile.
        killed: dict = {}
        killer = threading.Thread(target=kill_the_sender, args=(cluster_, receiver, killed))
        killer.start()

        time.sleep(max(0.0, began + 10 - time.monotonic()))
        cluster_.kill_node(0)
        figures.node_down = (time.monotonic() - began, None)
        time.sleep(10)
        cluster_.start_node(0)
        figures.node_down = (figures.node_down[0], time.monotonic() - began)

        time.sleep(max(0.0, began + 25 - time.monotonic()))
        redis_at = time.monotonic() - began
        figures.redis_restart = (redis_at, cluster_.restart_redis())

        time.sleep(max(0.0, began + 30 - time.monotonic()))
        figures.receiver_down = (time.monotonic() - began, None)
        receiver.down_for(20)
        figures.receiver_down = (figures.receiver_down[0], time.monotonic() - began)

        killer.join(SECONDS)
        assert "delivery" in killed, killed.get("error", "the sender was never killed")
        held = killed["delivery"]
        figures.worker_killed_at = killed["at"] - began
        publisher.wait(SECONDS + 60)
        stop.set()
        for thread in threads:
            thread.join(30)
    figures.elapsed = time.monotonic() - began
    lines = [json.loads(line) for line in publisher_out.read_text().splitlines() if line]
    publishes = [line for line in lines if "rev" in line]
    assert lines and lines[-1] == {"done": True, "errors": 0}, lines[-1:]

    # Every delivery arrives, once as far as the receiver's deduplication goes.
    wait_until(
        lambda: (
            set(deliveries(url)) <= receiver.delivered
            and set(deliveries(url).values()) == {"delivered"}
        ),
        time.monotonic() + 120,
        "every webhook delivery arriving",
    )
    figures.deliveries = len(deliveries(url))
    figures.duplicates = sum(count - 1 for count in receiver.arrivals.values())
    figures.held_arrivals = receiver.arrivals[held]

    built_after = documents_built(url)
    unaffected = {pk for pk, at in built_before.items() if built_after.get(pk) == at}
    figures.measure(reads, publishes, unaffected, began)
    figures.throttle = shared_throttle(cluster_)
    write_report(REPORT, figures)

    assert figures.errors == 0, figures.error_samples
    assert figures.stale == 0, figures.stale_samples
    assert figures.purge_p99 <= 1.0
    assert figures.unaffected_hit_ratio >= 0.95
    assert figures.reads_while_node_down > 0 and figures.reads_during_redis_restart > 0
    assert figures.held_arrivals >= 1  # the killed worker's delivery was finished
    assert figures.throttle == [200, 200, 200, 200, 429]


def kill_the_sender(cluster_, receiver, killed: dict) -> None:
    """Hold the next webhook, SIGKILL the worker sending it, start another worker."""
    receiver.hold_next.set()
    try:
        if not receiver.holding.wait(SECONDS):
            raise RuntimeError("no webhook was sent")
        wait_until(
            lambda: cluster_.worker_connected_to(receiver.port) is not None,
            time.monotonic() + 5,
            "finding the worker sending it",
        )
        sender = cluster_.worker_connected_to(receiver.port)
        killed["delivery"] = next(iter(receiver.arrivals))
        os.kill(sender.pid, signal.SIGKILL)
        sender.wait(10)
        killed["at"] = time.monotonic()
        cluster_.start_worker("worker3")  # the fleet is back to two
    except Exception as exc:  # noqa: BLE001 (reported by the test's assertion)
        killed["error"] = repr(exc)
    finally:
        receiver.release.set()


def shared_throttle(cluster_) -> list[int]:
    """Two more nodes allowing 4 reads a minute per client: the fifth read is refused,
    whichever node counted the first four (the counts are in Redis)."""
    env = cluster_.env | {"API_ANON_THROTTLE_RATE": "4/minute"}
    statuses = []
    with (
        gunicorn(env, cluster_.logs / "throttle-a.log", workers=1) as a,
        gunicorn(env, cluster_.logs / "throttle-b.log", workers=1) as b,
    ):
        client = {"X-Forwarded-For": "203.0.113.9"}  # as the edge would pass it on
        for base in (a, b, a, b, a):
            request = urllib.request.Request(f"{base.base_url}/api/v1/tags/", headers=client)  # noqa: S310
            try:
                with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                    statuses.append(response.status)
            except urllib.error.HTTPError as exc:
                statuses.append(exc.code)
    return statuses
