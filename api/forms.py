"""The admin form for a registered frontend."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from api.models import EVENT_HELP, EVENTS


class FrontendForm(WagtailAdminModelForm):
    """Events are checkboxes of the real event names, each with what it means."""

    events = forms.MultipleChoiceField(
        choices=[(name, f"{label}: {EVENT_HELP[name]}") for name, label in EVENTS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The events delivered to the webhook URL.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("events") and not cleaned.get("webhook_url"):
            self.add_error(
                "webhook_url",
                "Enter a webhook URL to receive the chosen events, or clear the events.",
            )
        return cleaned
