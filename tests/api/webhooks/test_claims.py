"""Several workers, one truth: a delivery is sent by one worker at a time, and one a
dead worker left is queued again; a document is built by one transaction at a time."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from api import tasks, webhooks
from api.documents.build import Busy, lock_documents
from api.models import WebhookDelivery
from tests.api.receiver import Receiver
from tests.api.webhooks.test_webhooks import make_frontend
from tests.live_server import free_port

pytestmark = pytest.mark.django_db


def queued(frontend, **fields) -> WebhookDelivery:
    return WebhookDelivery.objects.create(
        frontend=frontend, event="publish", payload={"event": "publish"}, **fields
    )


def test_a_delivery_is_claimed_by_one_worker_until_its_outcome_is_recorded():
    delivery = queued(make_frontend())
    claimed = webhooks.claim(str(delivery.pk))
    assert claimed is not None and claimed.claimed_until > timezone.now()
    assert webhooks.claim(str(delivery.pk)) is None  # a second worker leaves it
    webhooks.record_attempt(claimed, 503, "HTTP 503", 0.1)
    claimed.refresh_from_db()
    assert claimed.status == WebhookDelivery.RETRYING and claimed.claimed_until is None
    assert webhooks.claim(str(delivery.pk)) is None  # not due before its backoff
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert webhooks.claim(str(delivery.pk)) is not None


def test_a_delivery_queued_twice_reaches_the_receiver_once():
    receiver = Receiver(free_port()).start()
    try:
        delivery = queued(make_frontend(url=receiver.url))
        assert tasks.deliver_webhook.call(str(delivery.pk)) == "delivered"
        assert tasks.deliver_webhook.call(str(delivery.pk)) == "skipped"
    finally:
        receiver.stop()
    assert len(receiver.received) == 1


def test_a_lapsed_claim_and_a_forgotten_delivery_are_queued_again_once():
    frontend = make_frontend()
    now = timezone.now()
    lapsed = queued(frontend, claimed_until=now - timedelta(seconds=1))
    held = queued(frontend, claimed_until=now + timedelta(minutes=1))
    forgotten = queued(frontend)
    WebhookDelivery.objects.filter(pk=forgotten.pk).update(created_at=now - timedelta(hours=1))
    queued(frontend)  # just queued: its task is on its way
    queued(frontend, status=WebhookDelivery.DELIVERED, claimed_until=now - timedelta(1))
    assert set(webhooks.abandoned()) == {str(lapsed.pk), str(forgotten.pk)}
    assert webhooks.abandoned() == []
    assert WebhookDelivery.objects.get(pk=lapsed.pk).claimed_until is None
    assert WebhookDelivery.objects.get(pk=held.pk).claimed_until is not None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's")
def test_a_document_another_transaction_builds_is_busy_until_it_commits():
    holding, release = threading.Event(), threading.Event()

    def other_worker():
        from django.db import connection as own

        with transaction.atomic():
            lock_documents([41, 42])
            holding.set()
            release.wait(10)
        own.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    assert holding.wait(10)
    try:
        with transaction.atomic(), pytest.raises(Busy):
            lock_documents([40, 42], wait=False)
        with transaction.atomic():
            lock_documents([43], wait=False)  # another document is free
    finally:
        release.set()
        thread.join(10)
    with transaction.atomic():
        lock_documents([40, 42], wait=False)
