"""Hostile content, pushed through every way a topic page is written, never reaches a reader.

Each write path either refuses a payload with an error naming the field, or
stores it neutralised. And whatever is stored, by whatever means, the API JSON,
the reference HTML, search snippets and the preview endpoint carry no active
markup beyond the editor's features.
"""

import json
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from api.preview import token_for_revision
from pages.importing import import_article
from pages.models import TopicPage
from tests.factories import TopicPageFactory, clinical_reviewer, publish, sample_body
from tests.pages import admin_actions

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent.parent / "fixtures"

#: (name, rich text as stored, the reason the write paths give)
RICH_TEXT_PAYLOADS = [
    ("script", "<p>Safe<script>alert(1)</script></p>", "script elements are not allowed"),
    ("image handler", "<p><img src=x onerror=alert(2)></p>", "img elements are not allowed"),
    (
        "handler on a feature",
        '<p onclick="alert(1)">Safe</p>',
        "onclick attributes are not allowed",
    ),
    (
        "javascript: link",
        '<p><a href="javascript:alert(3)">Safe</a></p>',
        "javascript: links are not allowed",
    ),
    (
        "data: link",
        '<p><a href="data:text/html;base64,PHNjcmlwdD4=">Safe</a></p>',
        "data: links are not allowed",
    ),
    ("iframe", '<iframe src="https://evil.example/"></iframe>', "iframe elements are not allowed"),
    ("svg with script", "<svg><script>alert(1)</script></svg>", "svg elements are not allowed"),
    (
        "entity-encoded scheme",
        '<p><a href="&#106;avascript:alert(1)">Safe</a></p>',
        "javascript: links are not allowed",
    ),
    (
        "scheme split by a tab",
        '<p><a href="java&#9;script:alert(1)">Safe</a></p>',
        "javascript: links are not allowed",
    ),
    ("mixed case", "<p><ScRiPt>alert(1)</ScRiPt></p>", "script elements are not allowed"),
    ("style", "<p style=\"background:url('javascript:1')\">Safe</p>", "style attributes"),
]

#: (name, block, field, value, the reason given)
PLAIN_FIELD_PAYLOADS = [
    ("markup in plain text", "stat_callout", "figure", "<b>40%</b>", "Enter plain text"),
    ("script in plain text", "cta", "heading", "<script>alert(1)</script>", "Enter plain text"),
    ("javascript: target", "cta", "target_url", "javascript:alert(3)", "Enter a full http(s) URL"),
    ("data: source", "stat_callout", "source_url", "data:text/html,x", "Enter a full http(s) URL"),
    ("over-long value", "stat_callout", "figure", "9" * 61, "at most 60 characters"),
]

STAT = {
    "figure": "over 40 percent",
    "statement": "of couples say so.",
    "source": "relationship research",
    "source_url": "",
    "reassurance": "",
}
CTA = {
    "heading": "Ready?",
    "body": "We can help.",
    "button_label": "Get matched",
    "target_page": None,
    "target_url": "/get-matched/",
}


def block_with(kind: str, field: str, value: str) -> tuple[str, dict]:
    return kind, {**{"stat_callout": STAT, "cta": CTA}[kind], field: value}


def rich_body(html: str) -> list[tuple[str, dict]]:
    return [("rich_text", {"heading": "Why", "body": html})]


class _ActiveMarkup(HTMLParser):
    """Finds what would run or load in a browser: scripts, frames, handlers, unsafe URLs."""

    DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "img", "style", "form"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._in_json_ld = tag == "script" and ("type", "application/ld+json") in attrs
        if tag in self.DANGEROUS_TAGS and not self._in_json_ld:
            self.found.append(f"<{tag}>")  # structured data is never run: allowed, checked below
        for name, value in attrs:
            compact = "".join((value or "").split()).lower()
            if name.startswith("on") or name == "style":
                self.found.append(f"{name}=")
            if name in {"href", "src", "action"} and compact.startswith(("javascript:", "data:")):
                self.found.append(f"{name}={compact[:15]}")

    def handle_data(self, data):
        # Stored text inside JSON-LD must be escaped, or it could close the element.
        if getattr(self, "_in_json_ld", False) and "<" in data:
            self.found.append("< in JSON-LD")

    def handle_endtag(self, tag):
        self._in_json_ld = False


def active_markup(html: str) -> list[str]:
    parser = _ActiveMarkup()
    parser.feed(html)
    return parser.found


def html_strings(data) -> list[str]:
    """Every string in an API response: rich text is HTML, and plain text must be harmless too."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [text for value in data.values() for text in html_strings(value)]
    if isinstance(data, list):
        return [text for value in data for text in html_strings(value)]
    return []


def assert_nothing_active(client, page: TopicPage) -> None:
    client = Client()  # a reader: signed-in editors also get Wagtail's userbar scripts
    detail = client.get("/api/v1/pages/resolve/", {"path": page.url})
    assert detail.status_code == 200
    for text in html_strings(detail.json()):
        assert active_markup(text) == [], text
    reference = client.get(page.url)
    assert reference.status_code == 200
    assert active_markup(reference.content.decode()) == []


# --- Refused, with the field named ------------------------------------------------


@pytest.mark.parametrize(("name", "html", "reason"), RICH_TEXT_PAYLOADS, ids=lambda v: str(v)[:20])
def test_code_saving_hostile_rich_text_is_refused_naming_the_block(category, name, html, reason):
    page = publish(TopicPageFactory(parent=category, slug="target"))
    revisions = page.revisions.count()
    page.body = sample_body() + rich_body(html)
    with pytest.raises(ValidationError) as refused:
        page.save_revision(user=clinical_reviewer())
    [message] = refused.value.message_dict["body"]
    assert message.startswith("body[2] rich_text.body: ")
    assert reason in message
    assert page.revisions.count() == revisions


@pytest.mark.parametrize(
    ("name", "kind", "field", "value", "reason"), PLAIN_FIELD_PAYLOADS, ids=lambda v: str(v)[:20]
)
def test_code_saving_hostile_plain_fields_is_refused(category, name, kind, field, value, reason):
    page = TopicPageFactory(parent=category, slug="target")
    page.body = [block_with(kind, field, value)]
    with pytest.raises(ValidationError) as refused:
        page.save_revision()
    messages = refused.value.message_dict["body"]
    assert any(m.startswith(f"body[0] {kind}.{field}: ") and reason in m for m in messages), (
        messages
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "<img src=x onerror=alert(1)>"), ("summary", "<b>bold</b>"), ("summary", "s" * 301)],
)
def test_page_fields_are_plain_text_of_bounded_length(category, field, value):
    page = TopicPageFactory(parent=category, slug="target")
    setattr(page, field, value)
    with pytest.raises(ValidationError) as refused:
        page.save_revision()
    assert field in refused.value.message_dict


@pytest.mark.parametrize(
    ("name", "kind", "field", "value", "reason"), PLAIN_FIELD_PAYLOADS, ids=lambda v: str(v)[:20]
)
def test_the_admin_form_refuses_hostile_fields_at_the_field(
    client, category, people, name, kind, field, value, reason
):
    page = publish(TopicPageFactory(parent=category, slug="target"))
    client.force_login(people["reviewer"])
    url = f"/admin/pages/{page.pk}/edit/"
    data = admin_actions.form_data(client, url, "page-edit-form")
    kind, block = block_with(kind, field, value)
    block = {name: "" if item is None else item for name, item in block.items()}
    data |= nested_form_data({"body": streamfield([(kind, block)])})
    data["action-publish"] = "1"
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert reason.encode() in response.content
    page.refresh_from_db()
    assert page.live_revision == page.latest_revision
    assert value not in json.dumps(list(page.body.raw_data))


def test_the_admin_editor_stores_only_its_features(client, category, people):
    """Draftail turns what is posted into its features; the rest never reaches the database."""
    page = publish(TopicPageFactory(parent=category, slug="target"))
    client.force_login(people["reviewer"])
    url = f"/admin/pages/{page.pk}/edit/"
    data = admin_actions.form_data(client, url, "page-edit-form")
    hostile = (
        '<p onclick="alert(1)">Safe<script>alert(1)</script> <a href="javascript:alert(3)">a</a>'
        ' <a href="data:text/html,x">b</a> <b style="x">c</b></p>'
    )
    data |= nested_form_data(
        {"body": streamfield([("rich_text", {"heading": "", "body": rich_text(hostile)})])}
    )
    data["action-publish"] = "1"
    client.post(url, data)
    page.refresh_from_db()
    assert active_markup(page.body.raw_data[0]["value"]["body"]) == []
    assert_nothing_active(client, page)


def test_import_topic_stores_markup_in_an_article_as_text(client, category):
    """Article files are plain text: markup in them is kept as text, and bad links as text."""
    text = (FIXTURES / "generalized-anxiety.txt").read_text(encoding="utf-8")
    text = text.replace(
        "Worry feels useful:",
        "Worry <script>alert(1)</script> feels <img src=x onerror=alert(2)> useful "
        "[click](javascript:alert(3)) [data](data:text/html,x) <iframe src=//evil></iframe>:",
    )
    report = import_article(data=text.encode(), category=category, source="hostile.txt")
    page = TopicPage.objects.get(pk=report.page_id)
    stored = json.dumps(list(page.get_latest_revision_as_object().body.raw_data))
    assert "<script" not in stored and "<img" not in stored and "<iframe" not in stored
    assert 'href=\\"javascript:' not in stored and 'href=\\"data:' not in stored
    assert "&lt;script&gt;" in stored  # kept, as text a reader can see
    publish(page.get_latest_revision_as_object())
    assert_nothing_active(client, TopicPage.objects.get(pk=page.pk))


# --- Stored anyway: neutralised on the way out ---------------------------------------


@pytest.fixture
def hostile_live_page(category):
    """A live page whose stored body bypassed validation (a script, a migration, a bug)."""
    page = publish(TopicPageFactory(parent=category, slug="stored"))
    hostile = "".join(html for _, html, _ in RICH_TEXT_PAYLOADS)
    page.body = [
        ("rich_text", {"heading": "<script>alert(1)</script>", "body": f"<p>panic</p>{hostile}"}),
        block_with("stat_callout", "source_url", "javascript:alert(3)"),
        block_with("cta", "target_url", "javascript:alert(3)"),
    ]
    page.save(clean=False)  # raw stream data is stored exactly as given
    # A write that bypasses publishing is followed by a rebuild, as the README says.
    call_command("rebuild_documents", stdout=StringIO(), stderr=StringIO())
    return TopicPage.objects.get(pk=page.pk)


def test_stored_hostile_content_is_served_neutralised(client, hostile_live_page):
    stored = json.dumps(list(hostile_live_page.body.raw_data))
    assert "<script>" in stored and "javascript:" in stored  # the bypass really stored it
    assert_nothing_active(client, hostile_live_page)
    body = client.get("/api/v1/pages/resolve/", {"path": hostile_live_page.url}).json()["body"]
    assert body[0]["value"]["heading"] == "alert(1)"  # plain text stays text, markup dropped
    assert body[1]["value"]["source_url"] == ""
    assert body[2]["value"]["target"] is None


def test_search_snippets_of_stored_hostile_content_are_text(client, hostile_live_page):
    results = client.get("/api/v1/search/", {"q": "panic"}).json()["results"]
    assert [result["id"] for result in results] == [hostile_live_page.pk]
    assert active_markup(results[0]["snippet"]) == []


def test_a_preview_of_a_hostile_draft_is_neutralised(client, category):
    page = publish(TopicPageFactory(parent=category, slug="previewed"))
    page.body = rich_body("".join(html for _, html, _ in RICH_TEXT_PAYLOADS))
    revision = page.save_revision(clean=False)
    response = client.get("/api/v1/preview/", {"token": token_for_revision(revision)})
    assert response.status_code == 200
    for text in html_strings(response.json()):
        assert active_markup(text) == [], text
