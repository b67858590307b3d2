"""What a change tells the frontends: one `WebhookDelivery` per subscribed frontend.

``affected_paths`` is exactly the paths whose documents changed, and
``documents`` lists each document rebuilt: the page's own at once
(`queue_event`), those that show it once the worker has rebuilt them
(`add_rebuilt`).
"""

from django.utils import timezone
from wagtail.models import Page

from api.documents import Rebuilt
from api.models import Frontend, WebhookDelivery
from pages.richtext import frontend_path


def queue_event(event: str, page: Page, *, old_path: str | None, rebuilt: Rebuilt) -> list[str]:
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


def add_rebuilt(delivery_ids: list[str], rebuilt: Rebuilt) -> None:
    """Add what the worker rebuilt to the deliveries' payloads (`api.tasks` then sends them)."""
    for delivery in WebhookDelivery.objects.filter(pk__in=delivery_ids):
        payload = delivery.payload
        payload["affected_paths"] = sorted(set(payload["affected_paths"]) | rebuilt.changed_paths)
        payload["documents"] = [*payload["documents"], *rebuilt.documents]
        delivery.save(update_fields=["payload"])
