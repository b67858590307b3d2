"""Publish one page every ``--interval`` seconds and time both halves of each publish.

    python -m benchmarks.publisher publish --page-id 16 --port 8123 --seconds 60
    python -m benchmarks.publisher pages --sample 400      # the seed page, a random sample
    python -m benchmarks.publisher dependents --page-id 16 # documents a publish rebuilds
    python -m benchmarks.publisher rebuild-sample --count 1000   # timed, for large sites

Run with the benchmark's environment (``DJANGO_SETTINGS_MODULE=benchmarks.settings``,
``BENCH_TASKS=db``) while gunicorn serves the same database on ``--port`` and a
``db_worker`` runs. Each publish is a new revision with a new title, published by the
demo's reviewer (as the admin's approval publishes). For each one it measures:

- **own**: from the call until ``GET /api/v1/topics/<id>/`` on 127.0.0.1 serves the new
  title. The first GET is made the moment ``publish()`` returns; if it shows the old
  title, that is a stale read.
- **dependents**: from the call until the worker finished the publish's
  ``rebuild_dependents`` task (its ``finished_at``), and how many documents it rebuilt.

Prints one JSON object: the samples and the stale reads. Every wait is bounded.
"""

import argparse
import http.client
import json
import sys
import time
from datetime import datetime

HOST = "127.0.0.1"
#: How long a publish's own document, or its dependents' task, may take before it
#: counts as missing rather than slow.
WAIT_SECONDS = 30
DEPENDENTS_TASK = "api.tasks.rebuild_dependents"


def served_title(port: int, page_id: int) -> str | None:
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request("GET", f"/api/v1/topics/{page_id}/")
        response = connection.getresponse()
        body = response.read()
        return json.loads(body)["title"] if response.status == 200 else None
    finally:
        connection.close()


def publish_loop(page_id: int, port: int, seconds: float, interval: float) -> dict:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import OperationalError
    from django_tasks_db.models import DBTaskResult

    from pages.models import TopicPage

    reviewer = get_user_model().objects.get(username="reviewer")
    original = TopicPage.objects.get(pk=page_id).title
    samples, stale, missing, locked = [], 0, 0, 0
    started = time.monotonic()
    for number in range(1, int(seconds / interval) + 1):
        time.sleep(max(0.0, started + (number - 1) * interval - time.monotonic()))
        title = f"{original} (Publish {number})"
        called_at, called = datetime.now().astimezone(), time.monotonic()
        try:
            page = TopicPage.objects.get(pk=page_id)
            page.title = title
            page.save_revision(user=reviewer, log_action=True).publish(user=reviewer)
        except OperationalError as error:  # SQLite's one writer: the lock wait timed out
            if "locked" not in str(error):
                raise
            locked += 1
            continue
        took = time.monotonic() - called
        seen = served_title(port, page_id)
        if seen != title:
            stale += 1
            deadline = time.monotonic() + WAIT_SECONDS
            while seen != title and time.monotonic() < deadline:
                time.sleep(0.01)
                seen = served_title(port, page_id)
        own = time.monotonic() - called if seen == title else None
        samples.append({"number": number, "called_at": called_at, "publish": took, "own": own})

    # The worker's half: each publish's rebuild_dependents task, in the order enqueued.
    if not samples:
        return {"samples": [], "stale": 0, "missing_tasks": 0, "locked": locked}
    first = samples[0]["called_at"]
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        tasks = list(
            DBTaskResult.objects.filter(task_path=DEPENDENTS_TASK, enqueued_at__gte=first)
            .order_by("enqueued_at")
            .values("enqueued_at", "finished_at", "status", "return_value")
        )
        if len(tasks) >= len(samples) and all(task["finished_at"] for task in tasks):
            break
        time.sleep(0.2)
    for sample in samples:
        ahead = [task for task in tasks if task["enqueued_at"] >= sample["called_at"]]
        task = ahead[0] if ahead else None
        if task and task["finished_at"] and task["status"] == "SUCCESSFUL":
            sample["dependents"] = (task["finished_at"] - sample["called_at"]).total_seconds()
            sample["rebuilt"] = len(task["return_value"]["rebuilt"])
            sample["changed"] = len(task["return_value"]["changed"])
        else:
            sample["dependents"] = None
            missing += 1
        sample["called_at"] = sample["called_at"].isoformat()
    TopicPage.objects.get(pk=page_id)  # the page is still there
    return {"samples": samples, "stale": stale, "missing_tasks": missing, "locked": locked}


def pages(sample: int, seed: int) -> dict:
    """The seed article's id and a seeded random sample of other live topic pages."""
    import random

    import django

    django.setup()
    from pages.models import TopicPage

    ids = sorted(TopicPage.objects.live().values_list("pk", flat=True))
    seed_id = TopicPage.objects.get(slug="trust-issues").pk
    others = [pk for pk in ids if pk != seed_id]
    chosen = random.Random(seed).sample(others, min(sample, len(others)))  # noqa: S311 (not secret)
    return {"seed": seed_id, "sample": chosen}


def dependents(page_id: int) -> list[int]:
    """The stored documents that a republish of this page in place rebuilds (`api.documents`)."""
    import django

    django.setup()
    from api.documents.dependencies import dependents

    return sorted(dependents([page_id], addresses=False))


def rebuild_sample(count: int, seed: int) -> dict:
    """Rebuild the documents of ``count`` random live pages, 100 per transaction, timed
    (what ``rebuild_documents`` does for all of them)."""
    import random

    import django

    django.setup()
    from api import documents
    from api.management.commands.rebuild_documents import BATCH

    ids = documents.all_page_ids()
    chosen = sorted(random.Random(seed).sample(ids, min(count, len(ids))))  # noqa: S311
    started = time.monotonic()
    documents.rebuild_in_batches(chosen, batch=BATCH)
    return {"rebuilt": len(chosen), "of": len(ids), "seconds": time.monotonic() - started}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    publish = commands.add_parser("publish")
    publish.add_argument("--page-id", type=int, required=True)
    publish.add_argument("--port", type=int, required=True)
    publish.add_argument("--seconds", type=float, default=60)
    publish.add_argument("--interval", type=float, default=1.0)
    sample = commands.add_parser("pages")
    sample.add_argument("--sample", type=int, required=True)
    sample.add_argument("--seed", type=int, default=20261206)
    shows = commands.add_parser("dependents")
    shows.add_argument("--page-id", type=int, required=True)
    some = commands.add_parser("rebuild-sample")
    some.add_argument("--count", type=int, required=True)
    some.add_argument("--seed", type=int, default=20261206)
    args = parser.parse_args(argv)
    if args.command == "publish":
        result = publish_loop(args.page_id, args.port, args.seconds, args.interval)
    elif args.command == "pages":
        result = pages(args.sample, args.seed)
    elif args.command == "rebuild-sample":
        result = rebuild_sample(args.count, args.seed)
    else:
        result = dependents(args.page_id)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
