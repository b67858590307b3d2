"""Publish one of a few topic pages every second, as a separate process.

    python -m tests.topology.publisher --seconds 60 --pages 3,4,5 --receiver URL

Run with the cluster's environment. It first subscribes a frontend to publish
webhooks at ``--receiver``. Publish ``n`` marks its page's title `` (Rev n)``.
Each publish is one JSON line on stdout: the page, the marker, and on this
machine's monotonic clock (shared by every process) when the commit happened and
when the edge had confirmed the page's purge (Topicdesk purges once the publish
commits, in the publishing process: `api.tasks.purge_after_commit`). Last comes
``{"done": true, "errors": k}``.
"""

import argparse
import json
import re
import sys
import time
import traceback

MARKER = re.compile(rb' \(Rev (\d+)\)"')


def marker_of(body: bytes) -> int:
    """The marker in a detail's title; 0 for a page not published during the run."""
    found = MARKER.search(body)
    return int(found.group(1)) if found else 0


def report(**fields) -> None:
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


def main(seconds: float, ids: list[int], receiver: str) -> int:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from api.models import Frontend
    from pages.models import TopicPage

    frontend = Frontend(
        name="Topology receiver",
        base_url="https://www.example.org",
        preview_url_template="https://www.example.org/preview?token={token}&path={path}",
        webhook_url=receiver,
        events=["publish"],
    )
    frontend.rotate_secret()
    frontend.full_clean()
    frontend.save()
    reviewer = get_user_model().objects.get(username="reviewer")
    titles = {pk: TopicPage.objects.get(pk=pk).title for pk in ids}
    errors, started = 0, time.monotonic()
    for rev in range(1, int(seconds) + 1):
        time.sleep(max(0.0, started + rev - 1 - time.monotonic()))
        pk = ids[rev % len(ids)]
        page = TopicPage.objects.get(pk=pk)
        page.title = f"{titles[pk]} (Rev {rev})"
        committed: list[float] = []
        try:
            with transaction.atomic():
                # Runs first of the commit's callbacks, before the edge's purge.
                transaction.on_commit(lambda stamps=committed: stamps.append(time.monotonic()))
                page.save_revision(user=reviewer).publish(user=reviewer)
            purged = time.monotonic()  # every callback, the purge among them, has run
        except Exception:  # noqa: BLE001 (counted and shown, the run goes on)
            errors += 1
            traceback.print_exc()
            continue
        report(page=page.pk, rev=rev, committed=committed[0], purged=purged)
    report(done=True, errors=errors)
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--pages", required=True, help="Comma-separated page ids.")
    parser.add_argument("--receiver", required=True)
    args = parser.parse_args()
    sys.exit(main(args.seconds, [int(pk) for pk in args.pages.split(",")], args.receiver))
