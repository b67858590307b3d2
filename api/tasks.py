"""Background work, through Django's tasks framework (django-tasks-db): the tasks, and
the functions that queue them once the caller's transaction commits.

Tasks call services (`api.documents`, `api.webhooks`), which never import this module;
only `api.publishing` and the signal handlers, above them, queue tasks through it.
"""

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from api import documents, edge, webhooks
from api.models import WebhookDelivery
from pages import bulk, images

logger = logging.getLogger(__name__)


@task()
def deliver_webhook(delivery_id: str) -> str:
    """Try one delivery; on failure, enqueue the next try after the backoff.

    Skipped unless this worker claims it (`webhooks.claim`): a delivery queued twice
    (a resend, or the scheduler's `resume_deliveries`) is still sent once at a time."""
    delivery = webhooks.claim(delivery_id)
    if delivery is None:
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
    purge_now(edge.for_rebuilt(result))  # before the webhooks: frontends then refetch
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
    result = documents.rebuild_in_batches(page_ids)
    purge_now(edge.for_rebuilt(result))
    return sorted(result.changed_paths)


@task()
def render_images(image_ids: list[int]) -> dict:
    """Make the renditions these images lack (never on a read), then rebuild and purge
    the documents that show them, which left each image out until now."""
    made = sum(images.make_renditions(image) for image in images.images_with_renditions(image_ids))
    if not made:
        return {"made": 0, "rebuilt": []}
    result = documents.rebuild_in_batches(documents.pages_showing_images(image_ids))
    purge_now(edge.for_rebuilt(result))
    return {"made": made, "rebuilt": sorted(result.changed_paths)}


def render_images_after_commit(image_ids: Iterable[int]) -> None:
    """Once the caller's transaction commits, make these images' renditions in the worker."""
    ids = sorted({pk for pk in image_ids if pk is not None})
    if ids:
        transaction.on_commit(lambda: render_images.enqueue(ids))


@task()
def purge_edge(keys: list[str], paths: list[str], attempt: int = 1) -> str:
    """Purge keys the edge did not confirm; try again 2, 4, 8... seconds later."""
    try:
        edge.purge(keys, paths)
    except edge.PurgeFailed as exc:
        if attempt >= settings.EDGE_PURGE_ATTEMPTS or not purge_edge.get_backend().supports_defer:
            logger.error("Gave up purging %d keys after %d tries: %s", len(keys), attempt, exc)
            return f"failed: {exc}"
        later = timezone.now() + timedelta(seconds=2**attempt)
        purge_edge.using(run_after=later).enqueue(keys, paths, attempt + 1)
        return f"retrying: {exc}"
    return "purged"


def purge_now(purge: dict | None) -> None:
    """Purge at once (``edge.for_rebuilt``'s keys and paths); if the edge does not
    confirm, leave the purge to the worker, which tries again."""
    if purge is None or edge.backend() is None:
        return
    try:
        edge.purge(**purge)
    except edge.PurgeFailed as exc:
        logger.warning("Purging the edge failed (%s); the worker will try again.", exc)
        purge_edge.enqueue(purge["keys"], purge["paths"], 2)


def purge_after_commit(result: documents.Rebuilt | None = None) -> None:
    """Once the caller's transaction commits, purge what ``result`` changed from the
    edge (the listings alone when None), in this process: a publish's readers see
    it within one round trip to the edge, not after the worker's next poll."""
    purge = edge.for_listings() if result is None else edge.for_rebuilt(result)
    if purge is not None:
        transaction.on_commit(lambda: purge_now(purge))


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
    ids, deliveries = sorted(set(page_ids)), list(delivery_ids)
    if (batch := bulk.current()) is not None:  # inside `pages.bulk.gathered`: once, at its end

        def flush(pending: tuple[set[int], list[str]]) -> None:
            # A page changed early in the block may show one changed later: the changed
            # pages' own documents are rebuilt too, not only what shows them.
            rebuild_after_commit(pending[0])
            rebuild_dependents_after_commit(
                pending[0], delivery_ids=pending[1], addresses=addresses
            )

        pending_ids, pending_deliveries = batch.gather(
            ("rebuild_dependents", addresses), lambda: (set(), []), flush
        )
        pending_ids.update(ids)
        pending_deliveries.extend(deliveries)
        return
    transaction.on_commit(lambda: rebuild_dependents.enqueue(ids, deliveries, addresses=addresses))


def rebuild_after_commit(page_ids: Iterable[int]) -> None:
    """Rebuild these pages' own documents after the commit, in the worker."""
    ids = sorted(set(page_ids))
    if (batch := bulk.current()) is not None:
        batch.gather("rebuild_documents", set, rebuild_after_commit).update(ids)
    elif ids:
        transaction.on_commit(lambda: rebuild_documents.enqueue(ids))


def resume_deliveries() -> list[str]:
    """Queue again the deliveries a dead worker or a lost task left (the scheduler)."""
    ids = webhooks.abandoned()
    for pk in ids:
        deliver_webhook.enqueue(pk)
    return ids


def resend(delivery: WebhookDelivery) -> None:
    """Send a failed delivery again, with a fresh set of tries."""
    delivery.status, delivery.attempts, delivery.next_attempt_at = WebhookDelivery.PENDING, 0, None
    delivery.claimed_until = None
    delivery.save(update_fields=["status", "attempts", "next_attempt_at", "claimed_until"])
    send_after_commit([str(delivery.pk)])
