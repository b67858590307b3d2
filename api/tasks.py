"""Background work, through Django's tasks framework (django-tasks-db): the tasks, and
the functions that queue them once the caller's transaction commits.

Tasks call services (`api.documents`, `api.webhooks`), which never import this module;
only `api.publishing` and the signal handlers, above them, queue tasks through it.
"""

from collections.abc import Iterable

from django.db import transaction
from django.tasks import task

from api import documents, webhooks
from api.models import WebhookDelivery


@task()
def deliver_webhook(delivery_id: str) -> str:
    """Try one delivery; on failure, enqueue the next try after the backoff."""
    delivery = WebhookDelivery.objects.select_related("frontend").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in {WebhookDelivery.DELIVERED, WebhookDelivery.FAILED}:
        return "skipped"
    if webhooks.attempt_delivery(delivery):
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
    result = documents.rebuild_dependents(page_ids, addresses=addresses)  # in batches
    if delivery_ids:
        with transaction.atomic():
            webhooks.add_rebuilt(delivery_ids, result)
            send_after_commit(delivery_ids)
    return {
        "rebuilt": [doc["id"] for doc in result.documents],
        "changed": sorted(result.changed_paths),
    }


@task()
def rebuild_documents(page_ids: list[int]) -> list[str]:
    """Rebuild these pages' documents (a reviewer's name, crisis resources, a tag changed)."""
    return sorted(documents.rebuild_in_batches(page_ids).changed_paths)


def send_after_commit(delivery_ids: Iterable[str]) -> None:
    """Queue these webhook deliveries once the caller's transaction commits."""
    ids = list(delivery_ids)
    transaction.on_commit(lambda: [deliver_webhook.enqueue(pk) for pk in ids])


def rebuild_dependents_after_commit(
    page_ids: Iterable[int], *, delivery_ids: Iterable[str] = (), addresses: bool = True
) -> None:
    """After the commit, rebuild what shows these pages, then send the deliveries.

    ``addresses``: whether the pages' addresses or liveness changed, so that the
    documents that only link to them must be rebuilt too.
    """
    ids, deliveries = list(page_ids), list(delivery_ids)
    transaction.on_commit(lambda: rebuild_dependents.enqueue(ids, deliveries, addresses=addresses))


def rebuild_after_commit(page_ids: Iterable[int]) -> None:
    """Rebuild these pages' own documents after the commit, in the worker."""
    ids = sorted(set(page_ids))
    if ids:
        transaction.on_commit(lambda: rebuild_documents.enqueue(ids))


def resend(delivery: WebhookDelivery) -> None:
    """Send a failed delivery again, with a fresh set of tries."""
    delivery.status, delivery.attempts, delivery.next_attempt_at = WebhookDelivery.PENDING, 0, None
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    send_after_commit([str(delivery.pk)])
