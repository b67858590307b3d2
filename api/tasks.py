"""Background delivery of webhooks, through Django's tasks framework (django-tasks-db)."""

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
