"""The rules for text that ends up in a page: plain text stays plain, link targets stay safe.

Every way in (the admin, the importer, export files, code) validates with these,
and every way out (the API, the reference templates) applies them again, so that
stored data that predates a rule or bypassed validation is never served unsafe.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.html import strip_tags


def validate_link_target(value: str) -> None:
    """Accept an absolute http(s) URL or a site-relative path such as ``/get-matched/``.

    Anything else (``javascript:``, ``data:``, protocol-relative ``//host``)
    is refused, because the value ends up in an ``href``.
    """
    if value.startswith("/") and not value.startswith("//"):
        if any(ord(char) < 32 or char.isspace() for char in value):
            raise ValidationError("A path must not contain spaces or control characters.")
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            "Enter a full http(s) URL (https://example.org/page) or a path starting with /."
        ) from None


def safe_link_target(value: str | None) -> str:
    """``value`` if it may go in an ``href`` now, else ``""``: checked again on the way out.

    Stored data can predate a rule or bypass validation; a reader never gets an
    unsafe target, whatever is stored.
    """
    if not value:
        return ""
    try:
        validate_link_target(value)
    except ValidationError:
        return ""
    return value


_MARKUP = re.compile(r"<\s*[a-zA-Z/!?]")


def validate_plain_text(value: str) -> None:
    """Plain-text fields are served as text; markup in them is a mistake or an attack."""
    if value and _MARKUP.search(value):
        raise ValidationError("Enter plain text: HTML tags are not allowed here.")


def plain_text(value: str | None) -> str:
    """Plain text on its way out: markup that got past validation is dropped, not served."""
    if value and _MARKUP.search(value):
        return strip_tags(value)
    return value or ""
