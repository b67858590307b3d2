"""Admin UI: the frontend registry and the webhook delivery log."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from api import admin_views
from api.forms import FrontendForm
from api.models import Frontend, WebhookDelivery


class FrontendViewSet(SnippetViewSet):
    model = Frontend
    icon = "desktop"
    menu_label = "Frontends"
    add_to_settings_menu = True
    list_display = [
        "name",
        "base_url",
        "enabled",
        Column("deliveries_summary", label="Webhook deliveries"),
        Column("secret_hint", label="Secret (first characters)"),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("enabled"),
            FieldPanel("base_url"),
            FieldPanel("preview_url_template"),
            MultiFieldPanel([FieldPanel("webhook_url"), FieldPanel("events")], heading="Webhooks"),
        ],
        base_form_class=FrontendForm,
    )
    add_view_class = admin_views.FrontendCreateView
    edit_view_class = admin_views.FrontendEditView


class WebhookDeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    icon = "resubmit"
    menu_label = "Webhook deliveries"
    add_to_settings_menu = True
    name = "webhook_deliveries"
    list_display = [
        "event",
        "frontend",
        "status",
        "attempts",
        "last_status_code",
        "last_attempt_at",
        "last_error",
    ]
    list_filter = ["status", "event", "frontend"]
    inspect_view_enabled = True
    inspect_view_class = admin_views.DeliveryInspectView
    inspect_view_fields = [
        "event",
        "frontend",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "last_attempt_at",
        "next_attempt_at",
        "created_at",
        "attempt_log",
        "payload",
    ]
    form_fields = ["status"]


register_snippet(FrontendViewSet)


@hooks.register("register_admin_viewset")
def register_delivery_viewset():
    return WebhookDeliveryViewSet()


@hooks.register("register_admin_urls")
def register_frontend_admin_urls():
    return [
        path(
            "frontends/<int:pk>/rotate-secret/",
            admin_views.rotate_secret,
            name="frontend_rotate_secret",
        ),
        path(
            "webhook-deliveries/<uuid:pk>/resend/",
            admin_views.resend_delivery,
            name="webhook_delivery_resend",
        ),
    ]
