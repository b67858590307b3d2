"""Template filters for the reference rendering."""

from django import template

from pages.blocks import safe_link_target

register = template.Library()


@register.filter
def link_target(value: str | None) -> str:
    """A stored URL or path if it is safe in an ``href`` now, else ``""`` (no link)."""
    return safe_link_target(value)
