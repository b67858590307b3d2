"""Publish webhooks: what changed, which paths to revalidate, and the signed POST.

Signal handlers (`api.signal_handlers`) call `queue_event`, which records one
`WebhookDelivery` per subscribed frontend in the change's transaction. After the
commit, the worker rebuilds the documents that show the page (`api.tasks`), adds
them to each payload (`add_rebuilt`) and sends it: ``affected_paths`` is exactly
the paths whose documents changed. Nothing here runs a network call inside the
editor's request.
"""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from api.models import Frontend, WebhookDelivery
from pages.richtext import frontend_path

if TYPE_CHECKING:
    from api.documents import Rebuilt

SIGNATURE_HEADER = "X-Topicdesk-Signature"
TIMESTAMP_HEADER = "X-Topicdesk-Timestamp"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=`` + HMAC-SHA256 of ``"{timestamp}." + body`` under the frontend's secret."""
    message = timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def queue_event(event: str, page: Page, *, old_path: str | None, rebuilt: "Rebuilt") -> list[str]:
    """Record the event for each subscribed frontend, in the caller's transaction.

    ``rebuilt`` is what the change rebuilt at once (the page's own documents).
    The deliveries are sent by `api.tasks.rebuild_dependents` once it has
    rebuilt the documents that show the page and added them to
    ``affected_paths`` and ``documents``. Returns the delivery ids.
    """
    frontends = [
        frontend for frontend in Frontend.objects.filter(enabled=True) if frontend.wants(event)
    ]
    if not frontends:
        return []
    page = page.specific
    new_path = frontend_path(page.url_path) if event not in {"delete", "unpublish"} else None
    paths = rebuilt.changed_paths | {path for path in (old_path, new_path) if path}
    payload = {
        "event": event,
        "page": {"id": page.pk, "type": f"{page._meta.app_label}.{type(page).__name__}"},
        "old_path": old_path,
        "new_path": new_path,
        "revision_id": page.live_revision_id,
        "timestamp": timezone.now().isoformat(),
        "affected_paths": sorted(paths),
        "documents": rebuilt.documents,
    }
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(frontend=frontend, event=event, payload=payload) for frontend in frontends
    )
    return [str(delivery.pk) for delivery in deliveries]


def add_rebuilt(delivery_ids: list[str], rebuilt: "Rebuilt") -> None:
    """Add what the worker rebuilt to the deliveries' payloads, then send them."""
    for delivery in WebhookDelivery.objects.filter(pk__in=delivery_ids):
        payload = delivery.payload
        payload["affected_paths"] = sorted(set(payload["affected_paths"]) | rebuilt.changed_paths)
        payload["documents"] = [*payload["documents"], *rebuilt.documents]
        delivery.save(update_fields=["payload"])
    transaction.on_commit(lambda: _enqueue(delivery_ids))


def _enqueue(delivery_ids: list[str]) -> None:
    from api.tasks import deliver_webhook

    for delivery_id in delivery_ids:
        deliver_webhook.enqueue(delivery_id)


def backoff(attempt: int) -> timedelta:
    """Wait before try ``attempt + 1``: 2, 4, 8, 16 minutes by default (about 30 in all)."""
    return timedelta(seconds=settings.WEBHOOK_BACKOFF_SECONDS * 2 ** (attempt - 1))


def attempt_delivery(delivery: WebhookDelivery) -> bool:
    """POST the delivery once, record the attempt, and say whether it succeeded."""
    body = json.dumps(delivery.payload, sort_keys=True, separators=(",", ":")).encode()
    timestamp = str(int(time.time()))
    if not delivery.frontend.webhook_url:  # cleared since the delivery was queued
        return record_attempt(delivery, None, "The frontend has no webhook URL any more.", 0.0)
    request = urllib.request.Request(  # noqa: S310 (the URL is validated as http or https)
        delivery.frontend.webhook_url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Topicdesk-Webhooks/1",
            "X-Topicdesk-Event": delivery.event,
            "X-Topicdesk-Delivery": str(delivery.pk),
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(delivery.frontend.secret, timestamp, body),
        },
    )
    started = time.monotonic()
    status_code, error = None, ""
    try:
        with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:  # noqa: S310
            status_code = response.status
    except urllib.error.HTTPError as exc:
        status_code, error = exc.code, f"HTTP {exc.code} {exc.reason}"
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        error = f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"
    return record_attempt(delivery, status_code, error, time.monotonic() - started)


def record_attempt(
    delivery: WebhookDelivery, status_code: int | None, error: str, seconds: float
) -> bool:
    """Save one attempt's outcome, and the next try or the final status."""
    succeeded = status_code is not None and 200 <= status_code < 300
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_status_code = status_code
    delivery.last_error = error
    delivery.last_attempt_at = now
    delivery.attempt_log = [
        *delivery.attempt_log,
        {
            "attempt": delivery.attempts,
            "at": now.isoformat(),
            "status_code": status_code,
            "error": error,
            "duration_ms": round(seconds * 1000),
        },
    ]
    if succeeded:
        delivery.status, delivery.next_attempt_at = WebhookDelivery.DELIVERED, None
    elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = WebhookDelivery.FAILED, None
    else:
        delivery.status = WebhookDelivery.RETRYING
        delivery.next_attempt_at = now + backoff(delivery.attempts)
    delivery.save()
    return succeeded


def resend(delivery: WebhookDelivery) -> None:
    """Send a failed delivery again, with a fresh set of tries."""
    delivery.status, delivery.attempts, delivery.next_attempt_at = WebhookDelivery.PENDING, 0, None
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    transaction.on_commit(lambda: _enqueue([str(delivery.pk)]))
