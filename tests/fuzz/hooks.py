"""Schemathesis hooks for the schema fuzz test: loaded with SCHEMATHESIS_HOOKS=tests.fuzz.hooks.

Two custom checks, and explicit examples that point the fuzzer at the demo's drafts.
No Django here: this module runs inside the Schemathesis process.
"""

import json
from urllib.parse import unquote, unquote_plus

import schemathesis

from pages.demo.in_review import IN_REVIEW

#: The demo's live "panic-attacks" page has an unpublished draft whose summary starts so.
DRAFT_SUMMARY_PREFIX = "Draft, not yet reviewed"
IN_REVIEW_PATH = f"/topics/{IN_REVIEW['category']}/{IN_REVIEW['slug']}/"

#: Strings that exist only in draft content: no anonymous response may contain any of them.
DRAFT_ONLY = (
    DRAFT_SUMMARY_PREFIX,
    IN_REVIEW["title"],
    "Lonely Together",
    IN_REVIEW["slug"],
    IN_REVIEW["summary"],
    *dict(IN_REVIEW["body"])["hook_checklist"]["items"],
    "Parallel Lives",
    "Quiet Resentment",
)

REVIEW_QUEUE = "/api/v1/review/"

#: Explicit examples per (operation path, parameter): live pages, the page in review, the
#: page with a draft, near misses, and searches for the drafts' own words.
EXAMPLES = {
    ("/api/v1/pages/resolve/", "path"): [
        "/",
        "/topics/",
        "/topics/relationships/",
        "/topics/relationships/trust-issues/",
        "/topics/relationships/trust-issues",
        "/topics/anxiety/panic-attacks/",
        IN_REVIEW_PATH,
        IN_REVIEW_PATH.rstrip("/"),
        IN_REVIEW_PATH.upper(),
        "/topics/relationships/trust-issues/../loneliness-in-relationships/",
        "/home/topics/relationships/trust-issues/",
        "/admin/",
        "/%2e%2e/",
        "/topics/%00/",
        "/" + "a/" * 900,
    ],
    # Every demo page id, the page in review's among them, then past SQLite's and
    # PostgreSQL's 64-bit integers.
    ("/api/v1/topics/{id}/", "id"): [*range(0, 25), 2**63 - 1, 2**63, 2**64],
    ("/api/v1/search/", "q"): [
        "trust",
        "Lonely Together",
        "lonely",
        "loneliness",
        "same couch invisible",
        "Draft, not yet reviewed",
        "draft",
        "panic",
        'trust" OR "lonely',
        "trust*",
        '"trust',
        "NEAR(trust lonely)",
        "'; DROP TABLE wagtailcore_page; --",
        "ä" * 200,
    ],
    ("/api/v1/search/", "category"): ["relationships", "anxiety", "nope"],
    ("/api/v1/search/suggest/", "q"): [
        "Lon",
        "Lonely",
        "Dra",
        "It",
        "I Want",
        "%",
        "_",
        "trust*",
        '"trust',
        'It"',
        '"I want"',
        "(trust",
        "NEAR(",
        "trust OR",
    ],
    ("/api/v1/topics/", "category"): ["relationships", "anxiety", "trauma", "nope"],
    ("/api/v1/topics/", "offset"): [0, 8, 9, 1_000_000],
    ("/api/v1/preview/", "token"): ["x", "a.b.c", "1:2:3"],
}


@schemathesis.hook
def before_load_schema(context, raw_schema):
    """Add the examples above to the served schema's parameters (its responses are untouched)."""
    for (path, name), values in EXAMPLES.items():
        for parameter in raw_schema["paths"][path]["get"].get("parameters", []):
            if parameter["name"] == name:
                parameter["examples"] = {
                    f"example-{index}": {"value": value} for index, value in enumerate(values)
                }


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.items() for text in _strings(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _strings(item)]
    return [] if value is None else [str(value)]


@schemathesis.check
def no_draft_content(ctx, response, case):
    """No response to an anonymous request contains text that only drafts have.

    The request's own words (parameter names and values) are removed first: a 404 that
    repeats the path it was asked for (``No live page at /topics/…/loneliness-in-relationships/``)
    or a 400 naming an unknown parameter leaks nothing.
    """
    try:
        texts = _strings(json.loads(response.text))
    except ValueError:
        texts = [response.text]
    markers = [marker.casefold() for marker in DRAFT_ONLY]
    # Only request strings that contain a marker are removed: removing every short value
    # (q=e) would blind the check.
    echoes = sorted(
        {
            text
            for raw in _strings([case.query, case.path_parameters])
            # Path parameters arrive percent-encoded; the server echoes them decoded.
            for text in {raw.casefold(), unquote(raw).casefold(), unquote_plus(raw).casefold()}
            if any(marker in text for marker in markers)
        },
        key=len,
        reverse=True,
    )
    for text in texts:
        text = text.casefold()
        for echoed in echoes:
            text = text.replace(echoed, " ")
        for marker in markers:
            if marker in text:
                raise AssertionError(
                    f"Draft-only text {marker!r} in a {response.status_code} response: "
                    f"{text[:300]} (asked with query {case.query!r}, path parameters "
                    f"{case.path_parameters!r})"
                )


@schemathesis.check
def review_queue_needs_a_reviewer(ctx, response, case):
    """The fuzzer has no credentials: the review queue must refuse it with 401 or 403."""
    if case.operation.path == REVIEW_QUEUE and response.status_code not in {400, 401, 403}:
        raise AssertionError(
            f"The review queue answered {response.status_code} to a request without credentials"
        )
