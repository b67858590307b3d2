"""Near-duplicate pages: does a new page's title or slug look like an existing one's?

The comparison is deliberately simple, so that an editor can predict it. Both
strings are *normalised*: accents dropped (``é`` → ``e``), case folded, and
everything but letters and digits turned into single spaces, so "Trust Issues",
"trust-issues" and "TRUST ISSUES!" are the same. Two normalised strings are
*near* when they are equal or when `difflib.SequenceMatcher` rates them at least
`NEAR` alike (a letter or two apart in a title: "Trust issue" and "Trust issues").
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass

from pages.models import TopicPage

#: SequenceMatcher's ratio from which two normalised titles or slugs count as near.
NEAR = 0.9


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.split(r"[\W_]+", plain.casefold())).strip()


def is_near(a: str, b: str) -> bool:
    a, b = normalise(a), normalise(b)
    if not a or not b:
        return False
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= NEAR


@dataclass(frozen=True)
class Similar:
    title: str
    url_path: str
    live: bool
    same: str  # "title" or "slug"


def similar_topics(*, title: str, slug: str, exclude_pk: int | None = None) -> list[Similar]:
    """Topic pages, anywhere in the tree, whose title or slug is near these."""
    rows = TopicPage.objects.exclude(pk=exclude_pk).values_list("title", "slug", "url_path", "live")
    found = []
    for other_title, other_slug, url_path, live in rows:
        if is_near(title, other_title):
            found.append(Similar(other_title, url_path, live, "title"))
        elif is_near(slug, other_slug):
            found.append(Similar(other_title, url_path, live, "slug"))
    return found
