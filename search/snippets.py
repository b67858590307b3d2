"""Plain text of a topic page's blocks, and a snippet around the words a reader searched for."""

import html
import re
from typing import Any

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+", re.UNICODE)

SNIPPET_CHARS = 180


def block_text(raw: Any) -> list[str]:
    """Every piece of text in raw StreamField data, rich text stripped of its markup.

    Walking the stored JSON needs no database query, unlike converting blocks to
    Python values (page choosers look their pages up).
    """
    if isinstance(raw, str):
        text = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", raw))).strip()
        looks_like_text = text and not text.isdigit() and not _is_uuid(text)
        return [text] if looks_like_text else []
    if isinstance(raw, dict):
        return [
            piece
            for key, value in raw.items()
            if key not in {"id", "type"}
            for piece in block_text(value)
        ]
    if isinstance(raw, (list, tuple)):
        return [piece for value in raw for piece in block_text(value)]
    return []


def _is_uuid(text: str) -> bool:
    return len(text) == 36 and text.count("-") == 4


def query_words(query: str) -> list[str]:
    """The words of a query, lower-cased, in order, without punctuation or syntax."""
    return [word.lower() for word in _WORD.findall(query)]


def query_terms(query: str) -> list[str]:
    """The words of a query, lower-cased, longest first (so the longest match is marked)."""
    return sorted({word.lower() for word in _WORD.findall(query)}, key=len, reverse=True)


def terms_pattern(terms: list[str]) -> re.Pattern:
    """Whole words equal to any of ``terms``, ignoring case."""
    alternatives = "|".join(re.escape(term) for term in terms)
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


def snippet(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> str:
    """Escaped HTML: a window of ``text`` around the first match, matches in ``<mark>``."""
    if not terms:
        return html.escape(text[:width])
    pattern = terms_pattern(terms)
    match = pattern.search(text)
    start = 0 if match is None else max(match.start() - width // 3, 0)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < (match.start() if match else start + 20) else start
    end = min(start + width, len(text))
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    window = text[start:end]
    marked = []
    position = 0
    for found in pattern.finditer(window):
        marked.append(html.escape(window[position : found.start()]))
        marked.append(f"<mark>{html.escape(found.group(0))}</mark>")
        position = found.end()
    marked.append(html.escape(window[position:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + "".join(marked) + suffix
