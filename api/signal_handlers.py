"""Signal handlers for published documents, webhooks and CORS: each calls one function.

A change to published content goes to `api.publishing`, which rebuilds exactly
what shows it and queues the change's webhooks. Draft saves and workflow steps
send none of these signals, so they rebuild and invalidate nothing.
"""

from corsheaders.signals import check_request_enabled
from django.db.models.signals import post_delete, post_save, pre_delete
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, get_page_models
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from api import documents, publishing, tasks
from api.models import Frontend
from pages.models import ReviewerProfile
from pages.richtext import frontend_path
from pages.trust import CrisisResources, PublisherSettings


def on_publish(sender, instance, **kwargs):
    publishing.page_changed(instance, event="publish")


def on_unpublish(sender, instance, **kwargs):
    publishing.page_changed(
        instance, event="unpublish", old_path=frontend_path(instance.url_path), moved=False
    )


def on_delete(sender, instance, **kwargs):
    # Deleting a page sends pre_delete for each table of it; act once, for the specific one.
    if isinstance(instance, Page) and type(instance) is instance.specific_class:
        publishing.page_deleted(instance, event="delete" if instance.live else None)


def on_move(sender, instance, url_path_before, url_path_after, **kwargs):
    if url_path_before != url_path_after:
        publishing.page_changed(
            instance,
            event="move" if instance.live else None,
            old_path=frontend_path(url_path_before),
            moved=True,
        )


def on_slug_change(sender, instance, instance_before, **kwargs):
    publishing.page_changed(
        instance,
        event="slug_change" if instance.live else None,
        old_path=frontend_path(instance_before.url_path),
        moved=True,
    )


def on_restriction_change(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        publishing.page_changed(page, moved=True)


def on_redirect_change(sender, **kwargs):
    documents.bump_version()
    tasks.purge_after_commit()


def on_reviewer_profile_change(sender, instance, **kwargs):
    tasks.rebuild_after_commit(documents.pages_reviewed_by(instance.user_id))


def on_crisis_resources_change(sender, instance, **kwargs):
    tasks.rebuild_after_commit(documents.pages_showing_crisis_resources(instance.pk))


def on_publisher_settings_change(sender, instance, **kwargs):
    tasks.rebuild_after_commit(documents.pages_of_site(instance.site_id))


def on_tag_change(sender, instance, **kwargs):
    tasks.rebuild_after_commit(documents.pages_tagged(instance.pk))
    documents.bump_version()
    tasks.purge_after_commit()


def on_image_save(sender, instance, **kwargs):
    # A new file or focal point needs new renditions (their names carry the focal point).
    tasks.render_images_after_commit([instance.pk])


def on_image_delete(sender, instance, **kwargs):
    # Before the delete, while the pages that show it still point at it.
    tasks.rebuild_after_commit(documents.pages_showing_images([instance.pk]))


def allow_registered_frontends(sender, request, **kwargs):
    """CORS: the origins of enabled frontends may call the API, beside CORS_ALLOWED_ORIGINS."""
    origin = request.headers.get("Origin")
    return bool(origin) and any(
        frontend.origin == origin for frontend in Frontend.objects.filter(enabled=True)
    )


def register_signal_handlers():
    page_published.connect(on_publish, dispatch_uid="topicdesk-webhook-publish")
    page_unpublished.connect(on_unpublish, dispatch_uid="topicdesk-webhook-unpublish")
    # Per page model, so that other models keep Django's fast (signal-free) deletes.
    for model in get_page_models():
        pre_delete.connect(
            on_delete, sender=model, dispatch_uid=f"topicdesk-webhook-delete-{model._meta.label}"
        )
    post_page_move.connect(on_move, dispatch_uid="topicdesk-webhook-move")
    page_slug_changed.connect(on_slug_change, dispatch_uid="topicdesk-webhook-slug")
    for signal in (post_save, post_delete):
        name = "save" if signal is post_save else "delete"
        signal.connect(
            on_restriction_change,
            sender=PageViewRestriction,
            dispatch_uid=f"topicdesk-documents-restriction-{name}",
        )
        signal.connect(
            on_redirect_change, sender=Redirect, dispatch_uid=f"topicdesk-documents-redirect-{name}"
        )
        signal.connect(
            on_reviewer_profile_change,
            sender=ReviewerProfile,
            dispatch_uid=f"topicdesk-documents-reviewer-{name}",
        )
        signal.connect(
            on_publisher_settings_change,
            sender=PublisherSettings,
            dispatch_uid=f"topicdesk-documents-publisher-{name}",
        )
        signal.connect(on_tag_change, sender=Tag, dispatch_uid=f"topicdesk-documents-tag-{name}")
    image_model = get_image_model()
    post_save.connect(on_image_save, sender=image_model, dispatch_uid="topicdesk-images-save")
    pre_delete.connect(on_image_delete, sender=image_model, dispatch_uid="topicdesk-images-delete")
    # Before a delete, while the pages that show them still point at them.
    for signal, name in ((post_save, "save"), (pre_delete, "delete")):
        signal.connect(
            on_crisis_resources_change,
            sender=CrisisResources,
            dispatch_uid=f"topicdesk-documents-crisis-{name}",
        )
    check_request_enabled.connect(allow_registered_frontends, dispatch_uid="topicdesk-cors")
