"""Background delivery of webhooks, through Django's tasks framework (django-tasks-db)."""

from django.db import transaction
from django.tasks import task

from api.models import WebhookDelivery
from api.webhooks import attempt_delivery


@task()
def deliver_webhook(delivery_id: str) -> str:
    """Try one delivery; on failure, enqueue the next try after the backoff."""
    delivery = WebhookDelivery.objects.select_related("frontend").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in {WebhookDelivery.DELIVERED, WebhookDelivery.FAILED}:
        return "skipped"
    if attempt_delivery(delivery):
        return "delivered"
    if delivery.status == WebhookDelivery.RETRYING and deliver_webhook.get_backend().supports_defer:
        deliver_webhook.using(run_after=delivery.next_attempt_at).enqueue(delivery_id)
    return delivery.status


@task()
def rebuild_dependents(
    page_ids: list[int], delivery_ids: list[str], addresses: bool = True
) -> dict:
    """After a change: rebuild the documents that show the changed pages, then send
    the change's webhooks, which list them (see `api.documents`).

    ``addresses`` is False when the pages kept their addresses and liveness (a
    republish in place): documents that only link to them are left alone."""
    from api import documents, webhooks

    result = documents.rebuild_dependents(page_ids, addresses=addresses)  # in batches
    if delivery_ids:
        with transaction.atomic():
            webhooks.add_rebuilt(delivery_ids, result)
    return {
        "rebuilt": [doc["id"] for doc in result.documents],
        "changed": sorted(result.changed_paths),
    }


@task()
def rebuild_documents(page_ids: list[int]) -> list[str]:
    """Rebuild these pages' documents (a reviewer's name, crisis resources, a tag changed)."""
    from api import documents

    return sorted(documents.rebuild_in_batches(page_ids).changed_paths)
