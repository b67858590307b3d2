"""One signed POST of a delivery, its recorded outcome and the backoff before the next try."""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from api.models import WebhookDelivery

SIGNATURE_HEADER = "X-Topicdesk-Signature"

TIMESTAMP_HEADER = "X-Topicdesk-Timestamp"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=`` + HMAC-SHA256 of ``"{timestamp}." + body`` under the frontend's secret."""
    message = timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def backoff(attempt: int) -> timedelta:
    """Wait before try ``attempt + 1``: 2, 4, 8, 16 minutes by default (about 30 in all)."""
    return timedelta(seconds=settings.WEBHOOK_BACKOFF_SECONDS * 2 ** (attempt - 1))


def lease() -> timedelta:
    """How long a claim lasts: the POST's timeout, and time to record its outcome."""
    return timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS + 10)


def claim(delivery_id: str) -> WebhookDelivery | None:
    """Claim a due delivery for this worker, or None if it is not due, finished, or
    another worker holds it: one UPDATE, so two workers never both send it."""
    now = timezone.now()
    claimed = (
        WebhookDelivery.objects.filter(
            pk=delivery_id, status__in=[WebhookDelivery.PENDING, WebhookDelivery.RETRYING]
        )
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + lease())
    )
    if not claimed:
        return None
    return WebhookDelivery.objects.select_related("frontend").get(pk=delivery_id)


def abandoned() -> list[str]:
    """Deliveries to queue again: a claim that lapsed (its worker died mid-send), or
    a due delivery that no worker took for `WEBHOOK_RESUME_AFTER_SECONDS` (its task
    was lost). Each is released, or its due time moved on, so that it is queued once."""
    now = timezone.now()
    open_ = WebhookDelivery.objects.filter(
        status__in=[WebhookDelivery.PENDING, WebhookDelivery.RETRYING]
    )
    lapsed = list(open_.filter(claimed_until__lt=now).values_list("pk", flat=True))
    open_.filter(pk__in=lapsed, claimed_until__lt=now).update(claimed_until=None)
    overdue = now - timedelta(seconds=settings.WEBHOOK_RESUME_AFTER_SECONDS)
    forgotten = list(
        open_.filter(claimed_until__isnull=True)
        .filter(
            Q(next_attempt_at__lt=overdue) | Q(next_attempt_at__isnull=True, created_at__lt=overdue)
        )
        .exclude(pk__in=lapsed)
        .values_list("pk", flat=True)
    )
    open_.filter(pk__in=forgotten).update(next_attempt_at=now)
    return [str(pk) for pk in lapsed + forgotten]


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
    delivery.claimed_until = None
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
