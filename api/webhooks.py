"""Publish webhooks: what changed, which paths to revalidate, and the signed POST.

Signal handlers (`api.signal_handlers`) call `queue_event`, which records one
`WebhookDelivery` per subscribed frontend and enqueues the delivery task once the
transaction commits. Nothing here runs a network call inside the editor's request.
"""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex

from api.models import Frontend, WebhookDelivery
from pages.models import TopicPage, TopicPageRelatedPin, TopicPageTag
from pages.richtext import frontend_path

SIGNATURE_HEADER = "X-Topicdesk-Signature"
TIMESTAMP_HEADER = "X-Topicdesk-Timestamp"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=`` + HMAC-SHA256 of ``"{timestamp}." + body`` under the frontend's secret."""
    message = timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def affected_paths(page: Page, *, old_path: str | None = None) -> list[str]:
    """Every frontend path whose rendering may change when ``page`` changes.

    The page itself (and where it was), its category and the topic index above
    it, the topics whose related links include it (they share a tag or pin it), and
    the pages that link to it (Wagtail's reference index).
    """
    paths = {old_path, frontend_path(page.url_path)}
    # The topic listings above the page; the home page lists no topics.
    ancestors = Page.objects.ancestor_of(page).filter(depth__gt=2)
    paths |= {frontend_path(url_path) for url_path in ancestors.values_list("url_path", flat=True)}
    if isinstance(page.specific, TopicPage):
        tags = TopicPageTag.objects.filter(content_object_id=page.pk).values("tag_id")
        related = TopicPage.objects.live().filter(
            Q(tagged_items__tag_id__in=tags)
            | Q(pk__in=TopicPageRelatedPin.objects.filter(related_page=page).values("page_id"))
        )
        paths |= {
            frontend_path(p) for p in related.exclude(pk=page.pk).values_list("url_path", flat=True)
        }
    linking_ids = [
        int(ref.object_id)
        for ref in ReferenceIndex.get_references_to(page)
        if ref.base_content_type.model == "page"
    ]
    linking = Page.objects.live().filter(pk__in=linking_ids).values_list("url_path", flat=True)
    paths |= {frontend_path(url_path) for url_path in linking}
    return sorted(path for path in paths if path)


def queue_event(event: str, page: Page, *, old_path: str | None = None) -> None:
    """Record the event for each subscribed frontend; deliver after the commit."""
    frontends = [
        frontend for frontend in Frontend.objects.filter(enabled=True) if frontend.wants(event)
    ]
    if not frontends:
        return
    page = page.specific
    new_path = frontend_path(page.url_path) if event != "delete" else None
    payload = {
        "event": event,
        "page": {"id": page.pk, "type": f"{page._meta.app_label}.{type(page).__name__}"},
        "old_path": old_path,
        "new_path": new_path,
        "revision_id": page.live_revision_id,
        "timestamp": timezone.now().isoformat(),
        "affected_paths": affected_paths(page, old_path=old_path),
    }
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(frontend=frontend, event=event, payload=payload) for frontend in frontends
    )
    ids = [str(delivery.pk) for delivery in deliveries]
    transaction.on_commit(lambda: _enqueue(ids))


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
            "duration_ms": round((time.monotonic() - started) * 1000),
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
