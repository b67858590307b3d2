"""StreamField validation errors as text that names the field: ``body[3] rich_text.body: …``.

Wagtail's admin shows block errors beside each field; the importer, the export
files' import and the page model's own validation report them as lines instead.
"""

from django.core.exceptions import ValidationError


def block_error_messages(error: ValidationError, prefix: str = "") -> list[str]:
    """Flatten a (nested) block validation error into ``"field.path: message"`` lines.

    Wagtail's admin shows errors beside each field; importers and commands
    need the same information as text that names the field.
    """
    messages: list[str] = []
    block_errors = getattr(error, "block_errors", None) or {}
    non_block_errors = getattr(error, "non_block_errors", None)
    non_block = non_block_errors.as_data() if non_block_errors else []
    for key, child in block_errors.items():
        messages.extend(block_error_messages(child, f"{prefix}.{key}" if prefix else str(key)))
    if not block_errors and not non_block:
        non_block = [error]
    for child in non_block:
        for message in child.messages:
            messages.append(f"{prefix}: {message}" if prefix else message)
    return messages


def stream_error_messages(error: ValidationError, stream, field: str = "body") -> list[str]:
    """A stream's validation errors, each naming its block: ``body[3] rich_text.body: …``.

    ``stream`` is the StreamValue that was validated and ``field`` its name;
    indexes count from 0, as in the stored JSON and in export files.
    """
    messages: list[str] = []
    for index, child in (getattr(error, "block_errors", None) or {}).items():
        kind = stream[index].block_type if index < len(stream) else "block"
        messages.extend(f"{field}[{index}] {line}" for line in block_error_messages(child, kind))
    non_block = getattr(error, "non_block_errors", None)
    for child in non_block.as_data() if non_block else []:
        messages.extend(f"{field}: {message}" for message in child.messages)
    if not messages:
        messages = [f"{field}: {message}" for message in error.messages]
    return messages
