"""Template filters and tags for the reference rendering: the queries a page's template
needs are made here, through the selectors, not in the page model's ``get_context``."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from pages import head
from pages.selectors import preview_detail, related_topics
from pages.text import safe_link_target

register = template.Library()

#: As Django's json_script escapes, so stored text cannot close the script element.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(value) -> str:
    """``value`` as a ``<script type="application/ld+json">`` element, safely escaped."""
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))  # noqa: S308


@register.filter
def link_target(value: str | None) -> str:
    """A stored URL or path if it is safe in an ``href`` now, else ``""`` (no link)."""
    return safe_link_target(value)


@register.simple_tag(name="related_topics")
def related_topics_tag(page) -> list:
    """Up to six live related topics of a topic page, as the API's ``related`` lists them."""
    return related_topics(page=page)


@register.simple_tag(takes_context=True)
def page_head(context, page) -> dict:
    """The page's ``seo``, ``structured_data``, ``crisis_resources``, ``references`` and
    ``hero_image``.

    The same functions build them as build the API detail, from the same bundle,
    so the reference page and the JSON agree. Read once per render.
    """
    cached = getattr(page, "_topicdesk_head", None)
    if cached is not None:
        return cached
    bundle = preview_detail(page=page)
    request = context.get("request")
    bundle.preview = bool(getattr(request, "is_preview", False))
    values = {
        "seo": head.seo(bundle),
        "structured_data": head.structured_data(bundle),
        "crisis_resources": head.crisis_resources(bundle),
        "references": head.references(bundle),
        "hero_image": bundle.hero_image,
    }
    page._topicdesk_head = values
    return values
