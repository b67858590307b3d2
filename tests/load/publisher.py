"""Publish a new revision of the trust-issues page every second, as a separate process.

    python -m tests.load.publisher --seconds 60 --interval 1

Run with the server's environment (DJANGO_SETTINGS_MODULE, DATABASE_URL, ...). Revision
``n`` carries the marker ``n`` twice: at the end of the title (``… (Rev 17)``) and at the
end of the first rich text block (``…<p>Revision marker rev-17</p>``), so a reader can
tell whether a response is one revision or a mix of two. Each publish is reported on
stdout as one JSON line, the moment it has committed; right after the last publish (at
about ``--seconds`` after the first) comes ``{"done": true, "last": n, "errors": k}``.

The marker helpers at the top import nothing from Django, so the load test can use them.
"""

import argparse
import copy
import itertools
import json
import re
import sys
import time
import traceback

SLUG = "trust-issues"
TITLE_MARKER = re.compile(r" \(Rev (\d+)\)$")
BODY_MARKER = re.compile(r"<p>Revision marker rev-(\d+)</p>$")


def title_for(original: str, rev: int) -> str:
    return f"{original} (Rev {rev})"


def body_for(original: str, rev: int) -> str:
    return f"{original}<p>Revision marker rev-{rev}</p>"


def title_revision(title: str) -> int:
    """The revision a title marks; 0 for the demo's own."""
    found = TITLE_MARKER.search(title)
    return int(found.group(1)) if found else 0


def revision_of(detail: dict) -> tuple[int, int]:
    """(title marker, body marker) of a page detail; 0 for the demo's own revision."""
    rich_text = next(block for block in detail["body"] if block["type"] == "rich_text")
    body = BODY_MARKER.search(rich_text["value"]["body"])
    return title_revision(detail["title"]), int(body.group(1)) if body else 0


def report(**fields) -> None:
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


def publish_loop(seconds: float, interval: float) -> int:
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from pages.models import TopicPage

    reviewer = get_user_model().objects.get(username="reviewer")

    page = TopicPage.objects.get(slug=SLUG)
    original_title = page.title
    original_body = page.body.get_prep_value()
    first = next(i for i, block in enumerate(original_body) if block["type"] == "rich_text")

    errors = last_ok = 0
    started = time.monotonic()
    for rev in itertools.count(1):
        due = started + (rev - 1) * interval
        if due - started >= seconds:
            break
        time.sleep(max(0.0, due - time.monotonic()))
        body = copy.deepcopy(original_body)
        body[first]["value"]["body"] = body_for(body[first]["value"]["body"], rev)
        began = time.monotonic()
        try:
            page = TopicPage.objects.get(pk=page.pk)
            page.title = title_for(original_title, rev)
            page.body = body
            page.save_revision(log_action=True).publish(user=reviewer)
        except Exception as exc:  # Reported and counted; the loop goes on.
            errors += 1
            report(rev=rev, error=f"{type(exc).__name__}: {exc}", trace=traceback.format_exc())
        else:
            last_ok = rev
            # Taken once publish() has returned: a request that starts later must see it.
            report(rev=rev, published_at=time.time(), took=time.monotonic() - began)
    report(done=True, last=last_ok, errors=errors)
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--interval", type=float, default=1.0)
    args = parser.parse_args(argv)
    return publish_loop(args.seconds, args.interval)


if __name__ == "__main__":
    sys.exit(main())
