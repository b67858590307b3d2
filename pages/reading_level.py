"""How hard a topic page is to read, as a US school grade (Flesch–Kincaid, via textstat).

Patient materials aim at about grade 6 to 8. The target is
``settings.TOPICDESK_READING_GRADE_TARGET`` (env ``READING_GRADE_TARGET``, 8 by
default); a page above it is flagged to its editor and reviewer, never blocked.

Only what a reader reads counts: the summary and every text value in the body,
with rich-text markup dropped. Link targets, URLs and choice values do not.
"""

from dataclasses import dataclass

import textstat
from django.conf import settings
from django.utils.html import strip_tags

#: Struct fields that hold addresses or settings, not prose.
NOT_READ = frozenset({"target_page", "target_url", "source_url", "citation"})


@dataclass(frozen=True)
class ReadingLevel:
    grade: float
    target: float
    words: int

    @property
    def above_target(self) -> bool:
        return self.grade > self.target


def reader_text(page) -> str:
    """The summary and the body's text, one paragraph per value, without markup."""
    parts = [page.summary or ""]
    _collect(list(page.body.raw_data), parts)
    return "\n".join(part.strip() for part in parts if part and part.strip())


def _collect(value, parts: list[str]) -> None:
    if isinstance(value, str):
        text = strip_tags(value).replace("&nbsp;", " ")
        if text.strip():
            parts.append(text if text.rstrip()[-1:] in ".!?:" else f"{text.rstrip()}.")
    elif isinstance(value, dict):
        if "type" in value and "value" in value:  # a stream child
            _collect(value["value"], parts)
            return
        for key, item in value.items():
            if key not in NOT_READ and key != "id":
                _collect(item, parts)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _collect(item, parts)
    # numbers (duration_minutes…) and None are not read


def reading_level(page) -> ReadingLevel | None:
    """The page's grade level, or None when it has no text yet."""
    text = reader_text(page)
    if not text:
        return None
    return ReadingLevel(
        grade=round(textstat.flesch_kincaid_grade(text), 1),
        target=float(settings.TOPICDESK_READING_GRADE_TARGET),
        words=textstat.lexicon_count(text),
    )
