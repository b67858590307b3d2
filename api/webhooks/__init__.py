"""Publish webhooks: what changed, which paths to revalidate, and the signed POST.

- `events`: `queue_event` records one `WebhookDelivery` per subscribed frontend
  in the change's transaction (called by `api.publishing`); `add_rebuilt` adds
  what the worker rebuilt to the payloads.
- `delivery`: the signed POST (`sign`, `attempt_delivery`), each attempt's record
  and the backoff.

Sending happens in the task worker (`api.tasks.deliver_webhook`), never inside an
editor's request. May import `api.models` and `api.documents`; never `api.tasks`.
"""

from api.webhooks.delivery import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    abandoned,
    attempt_delivery,
    backoff,
    claim,
    record_attempt,
    sign,
)
from api.webhooks.events import add_rebuilt, queue_event

__all__ = [
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "abandoned",
    "add_rebuilt",
    "attempt_delivery",
    "backoff",
    "claim",
    "queue_event",
    "record_attempt",
    "sign",
]
