"""Signal handlers for publish webhooks and CORS: each calls one function."""

from corsheaders.signals import check_request_enabled
from django.db.models.signals import pre_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from api import webhooks
from api.models import Frontend
from pages.richtext import frontend_path


def on_publish(sender, instance, **kwargs):
    webhooks.queue_event("publish", instance)


def on_unpublish(sender, instance, **kwargs):
    webhooks.queue_event("unpublish", instance, old_path=frontend_path(instance.url_path))


def on_delete(sender, instance, **kwargs):
    # Deleting a page sends pre_delete for each table of it; act once, for the specific one.
    if isinstance(instance, Page) and instance.live and type(instance) is instance.specific_class:
        webhooks.queue_event("delete", instance, old_path=frontend_path(instance.url_path))


def on_move(sender, instance, url_path_before, url_path_after, **kwargs):
    if url_path_before != url_path_after and instance.live:
        webhooks.queue_event("move", instance, old_path=frontend_path(url_path_before))


def on_slug_change(sender, instance, instance_before, **kwargs):
    if instance.live:
        webhooks.queue_event(
            "slug_change", instance, old_path=frontend_path(instance_before.url_path)
        )


def allow_registered_frontends(sender, request, **kwargs):
    """CORS: the origins of enabled frontends may call the API, beside CORS_ALLOWED_ORIGINS."""
    origin = request.headers.get("Origin")
    return bool(origin) and any(
        frontend.origin == origin for frontend in Frontend.objects.filter(enabled=True)
    )


def register_signal_handlers():
    page_published.connect(on_publish, dispatch_uid="topicdesk-webhook-publish")
    page_unpublished.connect(on_unpublish, dispatch_uid="topicdesk-webhook-unpublish")
    pre_delete.connect(on_delete, dispatch_uid="topicdesk-webhook-delete")
    post_page_move.connect(on_move, dispatch_uid="topicdesk-webhook-move")
    page_slug_changed.connect(on_slug_change, dispatch_uid="topicdesk-webhook-slug")
    check_request_enabled.connect(allow_registered_frontends, dispatch_uid="topicdesk-cors")
