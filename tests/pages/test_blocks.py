"""Each block accepts good values and refuses bad ones with an error that names the field."""

import pytest
from django.core.exceptions import ValidationError

from pages.blocks import TopicBodyBlock
from pages.streams import block_error_messages

BODY = TopicBodyBlock()

GOOD = {
    "hook_checklist": {"items": ["I'm constantly checking their phone"], "affirmation": ""},
    "stat_callout": {
        "figure": "over 40 percent",
        "statement": "of couples seeking therapy cite trust ruptures.",
        "source": "relationship research",
        "source_url": "https://example.org/study",
        "reassurance": "You're not alone in this.",
    },
    "rich_text": {"heading": "", "body": "<p>Prose.</p>"},
    "signs_list": {
        "heading": "Signs",
        "signs": [
            {"title": "The Scan Never Stops", "description": "You check phones."},
            {"title": "Your Body Remembers", "description": "Tones trigger a freeze."},
        ],
    },
    "exercise": {
        "kicker": "Something to try",
        "name": "The Transparency Window",
        "subtitle": "Trust Repair Protocol",
        "duration_minutes": 10,
        "instructions": "<p>For 10 minutes, ask one question.</p>",
        "citation": "APA, 2023",
        "closing_note": "",
    },
    "therapy_expectations": {
        "heading": "What to expect in therapy",
        "body": "<p>Therapy focuses on repair.</p>",
        "approaches": [{"name": "EFCT", "addresses": "emotional safety"}],
        "outcome": "What becomes possible is felt safety.",
    },
    "cta": {
        "heading": "Ready for support that fits?",
        "body": "We match you to a specialist.",
        "button_label": "Get matched",
        "target_page": None,
        "target_url": "/get-matched/",
    },
}


def clean(name: str, value: dict):
    block = BODY.child_blocks[name]
    return block.clean(block.to_python(value))


def errors_for(name: str, value: dict) -> list[str]:
    with pytest.raises(ValidationError) as excinfo:
        clean(name, value)
    return block_error_messages(excinfo.value)


def changed(block_name: str, /, **fields) -> dict:
    return {**GOOD[block_name], **fields}


def test_every_block_type_is_offered():
    assert list(BODY.child_blocks) == [
        "hook_checklist",
        "stat_callout",
        "rich_text",
        "signs_list",
        "exercise",
        "therapy_expectations",
        "cta",
    ]


@pytest.mark.parametrize("name", list(GOOD))
def test_good_values_are_accepted(name):
    clean(name, GOOD[name])


@pytest.mark.parametrize("name", list(GOOD))
def test_every_block_has_admin_label_icon_help_and_template(name):
    meta = BODY.child_blocks[name].meta
    assert meta.label and meta.help_text
    assert meta.icon != "placeholder"
    assert meta.template == f"blocks/{name}.html"


@pytest.mark.parametrize("name", list(GOOD))
def test_every_block_preview_value_is_valid(name):
    block = BODY.child_blocks[name]
    block.clean(block.get_preview_value())


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("hook_checklist", changed("hook_checklist", items=[]), "items: The minimum number"),
        (
            "hook_checklist",
            changed("hook_checklist", items=[f"I feel {n}" for n in range(7)]),
            "items: The maximum number of items is 6",
        ),
        ("hook_checklist", changed("hook_checklist", items=["x" * 161]), "items.0: Ensure"),
        ("stat_callout", changed("stat_callout", source=""), "source: This field is required"),
        ("stat_callout", changed("stat_callout", figure=""), "figure: This field is required"),
        (
            "stat_callout",
            changed("stat_callout", source_url="javascript:alert(1)"),
            "source_url: Enter a full http(s) URL",
        ),
        ("rich_text", changed("rich_text", body=""), "body: This field is required"),
        (
            "signs_list",
            changed("signs_list", signs=GOOD["signs_list"]["signs"][:1]),
            "signs: The minimum number of items is 2",
        ),
        (
            "signs_list",
            changed("signs_list", signs=GOOD["signs_list"]["signs"] * 6),
            "signs: The maximum number of items is 10",
        ),
        (
            "signs_list",
            changed(
                "signs_list",
                signs=[{"title": "", "description": "d"}, {"title": "t", "description": "d"}],
            ),
            "signs.0.title: This field is required",
        ),
        ("exercise", changed("exercise", duration_minutes=0), "duration_minutes: Ensure"),
        ("exercise", changed("exercise", duration_minutes=121), "duration_minutes: Ensure"),
        ("exercise", changed("exercise", name=""), "name: This field is required"),
        ("exercise", changed("exercise", instructions=""), "instructions: This field is required"),
        (
            "therapy_expectations",
            changed("therapy_expectations", approaches=[{"name": "EFCT", "addresses": ""}]),
            "approaches.0.addresses: This field is required",
        ),
        (
            "therapy_expectations",
            changed("therapy_expectations", outcome=""),
            "outcome: This field is required",
        ),
        ("cta", changed("cta", target_url=""), "target_url: The button needs a target"),
        ("cta", changed("cta", target_url="javascript:alert(1)"), "target_url: Enter a full"),
        ("cta", changed("cta", target_url="//evil.example/"), "target_url: Enter a full"),
        ("cta", changed("cta", button_label=""), "button_label: This field is required"),
    ],
)
def test_bad_values_are_refused_naming_the_field(name, value, expected):
    messages = errors_for(name, value)
    assert any(message.startswith(expected) for message in messages), messages


@pytest.mark.django_db
def test_cta_refuses_both_a_page_and_a_url(home):
    messages = errors_for("cta", changed("cta", target_page=home.pk))
    assert "target_page: Choose a target page or enter a target URL, not both." in messages


@pytest.mark.django_db
def test_cta_accepts_a_page_target(home):
    value = clean("cta", changed("cta", target_page=home.pk, target_url=""))
    assert value["target_page"].pk == home.pk


@pytest.mark.parametrize(
    "url", ["https://example.org/a?b=c", "http://example.org", "/get-matched/"]
)
def test_link_targets_accept_http_urls_and_site_paths(url):
    clean("cta", changed("cta", target_url=url))


@pytest.mark.django_db
def test_body_allows_only_one_cta():
    value = BODY.to_python([{"type": "cta", "value": GOOD["cta"]}] * 2)
    with pytest.raises(ValidationError) as excinfo:
        BODY.clean(value)
    assert block_error_messages(excinfo.value) == [
        "Call to action: The maximum number of items is 1"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(GOOD))
def test_every_block_shows_a_preview_and_a_description_in_the_block_picker(name, admin_client):
    from pages.models import TopicPage

    block = TopicPage._meta.get_field("body").stream_block.child_blocks[name]
    assert block.is_previewable
    assert block.get_description()
    response = admin_client.get("/admin/block-preview/", {"id": block.definition_prefix})
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/css/site.css" in html, "styled as on the site"
    rendered = block.render(block.get_preview_value())
    assert rendered.strip() and rendered in html, "the reference template, with the preview value"
