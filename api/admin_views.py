"""Admin views for frontends and webhook deliveries."""

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.admin.views.generic import InspectView
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views.snippets import CreateView, EditView

from api.models import Frontend, WebhookDelivery
from api.tasks import resend

SHOWN_ONCE = (
    "Webhook secret for “{name}”: {secret} — copy it now into the frontend's settings; "
    "it will not be shown again."
)


class FrontendCreateView(CreateView):
    def save_instance(self):
        self.form.instance.rotate_secret()
        instance = super().save_instance()
        messages.warning(
            self.request, SHOWN_ONCE.format(name=instance.name, secret=instance.secret)
        )
        return instance


class FrontendEditView(EditView):
    @property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            HeaderButton(
                "Rotate webhook secret",
                url=reverse("frontend_rotate_secret", args=(quote(self.object.pk),)),
                icon_name="key",
            ),
        ]


def rotate_secret(request, pk):
    frontend = get_object_or_404(Frontend, pk=pk)
    if not request.user.has_perm("api.change_frontend"):
        raise PermissionDenied
    if request.method == "POST":
        secret = frontend.rotate_secret()
        messages.warning(request, SHOWN_ONCE.format(name=frontend.name, secret=secret))
        return redirect(reverse("wagtailsnippets_api_frontend:edit", args=(quote(frontend.pk),)))
    return TemplateResponse(request, "api/rotate_secret_confirm.html", {"frontend": frontend})


def resend_delivery(request, pk):
    delivery = get_object_or_404(WebhookDelivery, pk=pk)
    if not request.user.has_perm("api.change_webhookdelivery"):
        raise PermissionDenied
    if request.method == "POST":
        resend(delivery)
        messages.success(request, f"Sending “{delivery.event}” to {delivery.frontend} again.")
        return redirect(reverse("webhook_deliveries:inspect", args=(quote(delivery.pk),)))
    return TemplateResponse(request, "api/resend_delivery_confirm.html", {"delivery": delivery})


class DeliveryInspectView(InspectView):
    @property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            HeaderButton(
                "Send again",
                url=reverse("webhook_delivery_resend", args=(quote(self.object.pk),)),
                icon_name="resubmit",
            ),
        ]
