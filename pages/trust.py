"""Trust signals a publisher sets once: who publishes, and where to turn in a crisis.

`PublisherSettings` is a per-site setting (Settings → Publisher in the admin): the
organisation named in every page's structured data, the public base URL that
canonical links use, and the crisis resources every topic page shows by default.
`CrisisResources` is a snippet, so a page can show a different set (a topic for
young people, say) and the site keeps one default.

Models only: what reads them lives in `pages.selectors` and `pages.head`.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.snippets.models import register_snippet

from pages.blocks import TextLine
from pages.streams import stream_error_messages
from pages.text import safe_link_target, validate_link_target, validate_plain_text

_PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{1,30}$")


class CrisisLineBlock(blocks.StructBlock):
    """API value: ``{"label": "…", "kind": "phone", "value": "988", "href": "tel:988"}``."""

    KINDS = [("phone", "Call"), ("sms", "Text (SMS)"), ("url", "Website or chat")]

    label = TextLine(
        max_length=120,
        help_text="What the reader is offered, e.g. “988 Suicide & Crisis Lifeline”.",
    )
    kind = blocks.ChoiceBlock(choices=KINDS, default="phone", help_text="How to reach it.")
    value = TextLine(
        max_length=200,
        help_text="A phone number (“988”, “+1 800 273 8255”) for Call and Text, or an https:// "
        "address for Website or chat.",
    )

    class Meta:
        icon = "mobile-alt"
        label = "Crisis line"

    def clean(self, value):
        value = super().clean(value)
        number_or_url = value.get("value", "")
        if value.get("kind") == "url":
            try:
                validate_link_target(number_or_url)
            except ValidationError as error:
                raise blocks.StructBlockValidationError({"value": error}) from error
        elif not _PHONE.match(number_or_url):
            raise blocks.StructBlockValidationError(
                {"value": ValidationError("Enter a phone number: digits, spaces, + ( ) . - only.")}
            )
        return value

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context)
        data["href"] = crisis_href(data["kind"], data["value"])
        return data


def crisis_href(kind: str, value: str) -> str:
    """The link a reader follows: ``tel:``, ``sms:`` or the checked URL; ``""`` if unsafe."""
    if kind == "url":
        return safe_link_target(value)
    if not _PHONE.match(value or ""):
        return ""
    digits = re.sub(r"[^0-9+]", "", value)
    return f"{'sms' if kind == 'sms' else 'tel'}:{digits}"


@register_snippet
class CrisisResources(models.Model):
    """Where to turn in an emergency, shown prominently on topic pages."""

    name = models.CharField(
        max_length=80, unique=True, help_text="For editors only, e.g. “United States (988)”."
    )
    heading = models.CharField(max_length=120, default="If you are in crisis")
    text = models.TextField(
        max_length=400,
        help_text="One or two sentences shown above the lines (400 characters).",
    )
    lines = StreamField(
        [("line", CrisisLineBlock())],
        min_num=1,
        help_text="At least one way to get help now.",
    )

    panels = [FieldPanel("name"), FieldPanel("heading"), FieldPanel("text"), FieldPanel("lines")]

    class Meta:
        ordering = ["name"]
        verbose_name = "crisis resources"
        verbose_name_plural = "crisis resources"

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        for name in ("heading", "text"):
            try:
                validate_plain_text(getattr(self, name))
            except ValidationError as error:
                errors[name] = error.messages
        # Blocks validate in the admin form; code and imports get the same checks here.
        try:
            self.lines.stream_block.clean(self.lines)
        except ValidationError as error:
            errors["lines"] = stream_error_messages(error, self.lines, "lines")
        if errors:
            raise ValidationError(errors)


@register_setting(icon="site")
class PublisherSettings(BaseSiteSetting):
    """The organisation behind a site, as search engines and frontends see it."""

    organization_name = models.CharField(
        max_length=120, default="Topicdesk", help_text="Named as the publisher of every page."
    )
    public_base_url = models.URLField(
        blank=True,
        help_text="Where readers find this site, e.g. https://topics.example.org. Canonical "
        "links and structured data use it; left blank, the Wagtail site's own address.",
    )
    logo_url = models.URLField(
        blank=True, help_text="An https:// address of the organisation's logo (at least 112 px)."
    )
    default_crisis_resources = models.ForeignKey(
        CrisisResources,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown on every topic page that does not choose its own.",
    )

    panels = [
        FieldPanel("organization_name"),
        FieldPanel("public_base_url"),
        FieldPanel("logo_url"),
        FieldPanel("default_crisis_resources"),
    ]

    class Meta:
        verbose_name = "publisher"
