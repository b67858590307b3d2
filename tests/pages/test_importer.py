"""Importing plain-text articles: recognition rules, the seed article, all-or-nothing writes.

The seed test compares the body blocks and the title only: the SEO title, search
description, summary and tags of `TRUST_ISSUES` are editorial choices the text
does not contain.
"""

import html
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import PageLogEntry

from pages.blocks import TopicBodyBlock
from pages.demo.trust_issues import TRUST_ISSUES
from pages.importer import (
    DEFAULT_BUTTON_LABEL,
    DEFAULT_TARGET_URL,
    ArticleError,
    clean_tags,
    decode_article,
    import_article,
    parse_article,
    slug_for_file,
)
from pages.models import TopicCategoryPage, TopicPage
from tests.factories import TopicPageFactory, publish
from tests.snapshots import snapshot

FIXTURES = Path(__file__).parent.parent / "fixtures"
SEED = FIXTURES / "trust-issues.txt"
ANXIETY = FIXTURES / "generalized-anxiety.txt"


def parse(*lines: str, title: str = "A Title"):
    return parse_article("\n".join([title, *lines]), source="test.txt")


def blocks_of(parsed, kind: str) -> list[dict]:
    return [value for block_type, value in parsed.blocks if block_type == kind]


def only(parsed, kind: str) -> dict:
    values = blocks_of(parsed, kind)
    assert len(values) == 1, f"expected one {kind}, got {[b for b, _ in parsed.blocks]}"
    return values[0]


def without_ids(data):
    """Raw stream data minus Wagtail's generated block and list-item ids."""
    if isinstance(data, dict):
        return {key: without_ids(value) for key, value in data.items() if key != "id"}
    if isinstance(data, list):
        return [without_ids(item) for item in data]
    return data


# --------------------------------------------------------------------------- the seed


def test_seed_parses_into_the_hand_built_blocks_field_by_field():
    parsed = parse_article(SEED.read_text(encoding="utf-8"), source=SEED.name)
    assert parsed.title == TRUST_ISSUES["title"]
    expected = TRUST_ISSUES["body"]
    assert [kind for kind, _ in parsed.blocks] == [kind for kind, _ in expected]
    for index, ((kind, value), (_, wanted)) in enumerate(zip(parsed.blocks, expected, strict=True)):
        assert set(value) == set(wanted), f"block {index} ({kind}) fields"
        for name in wanted:
            assert value[name] == wanted[name], f"block {index} ({kind}).{name}"
    assert parsed.unplaced == []
    assert parsed.warnings == []


def test_seed_import_stores_what_load_demo_stores(demo):
    """Same blocks, same page links, once stored; the live page stays as it was."""
    live = TopicPage.objects.get(slug="trust-issues")
    category = live.get_parent().specific
    before = live.body.raw_data
    live_revision = live.live_revision_id

    report = import_article(data=SEED, category=category, slug="trust-issues")

    assert not report.created and report.page_id == live.pk
    assert report.warnings == [] and report.unplaced == []
    page = TopicPage.objects.get(pk=live.pk)
    draft = page.get_latest_revision_as_object()
    assert draft.title == TRUST_ISSUES["title"]
    imported = without_ids(list(draft.body.raw_data))
    hand_built = without_ids(list(before))
    assert len(imported) == len(hand_built)
    for index, (mine, theirs) in enumerate(zip(imported, hand_built, strict=True)):
        assert mine["type"] == theirs["type"], index
        for name in theirs["value"]:
            assert mine["value"][name] == theirs["value"][name], f"{mine['type']}.{name}"
    assert page.live and page.has_unpublished_changes
    assert page.live_revision_id == live_revision
    assert without_ids(list(page.body.raw_data)) == hand_built


def test_another_article_in_the_format(category):
    parsed = parse_article(ANXIETY.read_text(encoding="utf-8"), source=ANXIETY.name)
    assert parsed.title == "Why Can't I Stop Worrying? Therapy for Generalized Anxiety"
    assert [kind for kind, _ in parsed.blocks] == [
        "hook_checklist",
        "stat_callout",
        "rich_text",
        "signs_list",
        "exercise",
        "therapy_expectations",
        "cta",
    ]
    assert only(parsed, "stat_callout") == {
        "figure": "about 1 in 3",
        "statement": "adults will have an anxiety disorder at some point in their lives.",
        "source": "the National Institute of Mental Health",
        "source_url": "https://www.nimh.nih.gov/health/statistics/any-anxiety-disorder",
        "reassurance": "Help works, and it is available.",
    }
    exercise = only(parsed, "exercise")
    assert (exercise["kicker"], exercise["name"], exercise["subtitle"]) == (
        "Try this",
        "Worry Postponement",
        "Scheduled Worry Time",
    )
    assert exercise["duration_minutes"] == 15
    assert exercise["citation"] == "Borkovec et al., 1983"
    assert "(Borkovec" not in exercise["instructions"]
    assert exercise["closing_note"].startswith("Postponing is not ignoring")
    assert only(parsed, "therapy_expectations")["approaches"] == [
        {"name": "CBT", "addresses": "the thinking patterns that feed worry"},
        {"name": "ACT", "addresses": "living alongside uncertainty"},
    ]
    cta = only(parsed, "cta")
    assert (cta["button_label"], cta["target_url"]) == (
        "Book a free consultation",
        "/get-matched/anxiety/",
    )
    report = import_article(data=ANXIETY, category=category, slug="worry")
    assert report.created
    assert "line 10: no page at /topics/anxiety/panic-attacks/; kept as a plain link" in (
        report.warnings
    )
    assert "line 31: no page at /get-matched/anxiety/; the button links to it" in report.warnings


# --------------------------------------------------------------------------- rules: title


def test_title_is_the_first_non_blank_line_and_may_be_a_markdown_heading():
    parsed = parse_article("\n\n# Lonely Together\nA paragraph.", source="t.txt")
    assert parsed.title == "Lonely Together"
    assert parsed.slug == "lonely-together"


@pytest.mark.parametrize(
    ("first_line", "why"),
    [
        ("✓ I keep checking my phone", "list item"),
        ("- Something", "list item"),
        ("**Sign:** a description", "list item"),
        ("-----", "no words"),
        ("x" * 256, "256 characters"),
        ("This is a paragraph. It has two sentences.", "several sentences"),
    ],
)
def test_no_title(first_line, why):
    with pytest.raises(ArticleError) as error:
        parse_article(f"\n{first_line}\nText.", source="t.txt")
    assert error.value.line == 2
    assert str(error.value).startswith("t.txt, line 2: the file has no title")
    assert why in str(error.value)


def test_a_title_alone_is_not_an_article():
    with pytest.raises(ArticleError, match=r"t.txt, line 2: the file has a title but no article"):
        parse_article("Only a title\n\n", source="t.txt")


# --------------------------------------------------------------------------- rules: checklist


def test_checklist_lines_and_their_affirmation():
    parsed = parse(
        "✓ I check their phone",
        "✔ I freeze",
        "- ✓ I hate myself for it",
        "• ✓I can't stop",
        "You're not broken.",
        "More text. In two sentences.",
    )
    assert only(parsed, "hook_checklist") == {
        "items": ["I check their phone", "I freeze", "I hate myself for it", "I can't stop"],
        "affirmation": "You're not broken.",
    }
    assert parsed.summary == "More text. In two sentences.", "not the affirmation, shown above it"


def test_checklist_bad_examples():
    parsed = parse("✓ One item", "This follows. It has two sentences, so it is a paragraph.")
    assert only(parsed, "hook_checklist")["affirmation"] == ""
    assert only(parsed, "rich_text")["body"].startswith("<p>This follows.")
    parsed = parse("I ✓ this in the middle of a line.")
    assert blocks_of(parsed, "hook_checklist") == []


# --------------------------------------------------------------------------- rules: statistic


@pytest.mark.parametrize(
    ("line", "figure", "statement"),
    [
        ("over 40 percent of couples cite trust.", "over 40 percent", "of couples cite trust."),
        ("12% of adults worry daily.", "12%", "of adults worry daily."),
        ("1 in 3 adults will have an anxiety disorder.", "1 in 3", "adults will have an …"),
        ("one in five teens feel lonely.", "one in five", "teens feel lonely."),
        ("3 out of 4 people recover.", "3 out of 4", "people recover."),
        ("about half of adults feel it.", "about half", "of adults feel it."),
        ("nearly two-thirds of parents agree.", "nearly two-thirds", "of parents agree."),
        ("1.5 million people live with PTSD.", "1.5 million", "people live with PTSD."),
        ("more than 40,000 people called.", "more than 40,000", "people called."),
    ],
)
def test_statistic_figures(line, figure, statement):
    parsed = parse(f"According to a 2023 survey, {line} You're not alone.")
    stat = only(parsed, "stat_callout")
    assert stat["source"] == "a 2023 survey"
    assert stat["figure"] == figure
    if not statement.endswith("…"):
        assert stat["statement"] == statement
    assert stat["reassurance"] == "You're not alone."


def test_statistic_source_link_and_text_after_the_reassurance():
    parsed = parse(
        "According to [the APA](https://www.apa.org/stress), 1 in 4 adults say stress "
        "disrupts sleep. You're not alone. This third sentence has no field."
    )
    stat = only(parsed, "stat_callout")
    assert (stat["source"], stat["source_url"]) == ("the APA", "https://www.apa.org/stress")
    assert stat["reassurance"] == "You're not alone."
    assert [item.text for item in parsed.unplaced] == ["This third sentence has no field."]
    assert "<p>This third sentence has no field.</p>" in only(parsed, "rich_text")["body"]


@pytest.mark.parametrize(
    "line",
    [
        "According to experts, many people worry about this.",
        "According to a 2023 study, people worry less in summer.",
        "Research shows that 40 percent of couples cite trust ruptures.",
        "According to research 40 percent of people agree.",
    ],
)
def test_not_a_statistic(line):
    parsed = parse(line)
    assert blocks_of(parsed, "stat_callout") == []
    assert html.unescape(only(parsed, "rich_text")["body"]) == f"<p>{line}</p>"
    assert parsed.unplaced == []


# --------------------------------------------------------------------------- rules: text sections


def test_text_sections_with_short_line_headings():
    parsed = parse(
        "An opening paragraph.",
        "Why It Happens",
        "First paragraph with **bold** & a [link](/topics/x/).",
        "- a list item",
        "* another",
        "## A Markdown Heading.",
        "Second section.",
        "**Bold Heading**",
        "Third section.",
        "In short:",
        "Fourth section.",
    )
    assert blocks_of(parsed, "rich_text") == [
        {"heading": "", "body": "<p>An opening paragraph.</p>"},
        {
            "heading": "Why It Happens",
            "body": '<p>First paragraph with <b>bold</b> &amp; a <a href="/topics/x/">link</a>.</p>'
            "<ul><li>a list item</li><li>another</li></ul>",
        },
        {"heading": "A Markdown Heading.", "body": "<p>Second section.</p>"},
        {"heading": "Bold Heading", "body": "<p>Third section.</p>"},
        {"heading": "In short", "body": "<p>Fourth section.</p>"},
    ]
    assert parsed.summary == "An opening paragraph."


def test_lines_that_are_not_headings():
    long_line = "A" + " word" * 30  # 151 characters, no full stop
    parsed = parse(
        "This short line ends with a full stop.",
        "See [this](/topics/x/) too",
        long_line,
    )
    assert blocks_of(parsed, "rich_text") == [
        {
            "heading": "",
            "body": "<p>This short line ends with a full stop.</p>"
            '<p>See <a href="/topics/x/">this</a> too</p>'
            f"<p>{long_line}</p>",
        }
    ]


def test_a_heading_with_nothing_under_it_is_kept_and_reported():
    parsed = parse("Some text.", "Orphan Heading", "Next Heading", "Text under it.")
    assert [item.text for item in parsed.unplaced] == ["Orphan Heading"]
    assert parsed.unplaced[0].line == 3
    assert parsed.blocks[1] == ("rich_text", {"heading": "", "body": "<p>Orphan Heading</p>"})
    assert parsed.blocks[2][1]["heading"] == "Next Heading"


def test_a_line_with_no_words_is_kept_and_reported():
    parsed = parse("Text.", "* * *", "More text.")
    assert [(item.line, item.text) for item in parsed.unplaced] == [(3, "* * *")]
    assert [value["body"] for value in blocks_of(parsed, "rich_text")] == [
        "<p>Text.</p>",
        "<p>* * *</p>",
        "<p>More text.</p>",
    ]


# --------------------------------------------------------------------------- rules: signs


@pytest.mark.parametrize(
    "heading", ["Signs You're Burning Out", "5 Signs of Burnout", "Warning signs to notice"]
)
def test_signs_list(heading):
    parsed = parse(
        heading,
        "- •**Always Tired:** Sleep doesn't help.",
        "- **Short Fuse**: Small things set you off.",
        "**No Joy:** Hobbies feel like chores.",
        "A paragraph after the list.",
    )
    assert only(parsed, "signs_list") == {
        "heading": heading,
        "signs": [
            {"title": "Always Tired", "description": "Sleep doesn't help."},
            {"title": "Short Fuse", "description": "Small things set you off."},
            {"title": "No Joy", "description": "Hobbies feel like chores."},
        ],
    }
    assert only(parsed, "rich_text") == {
        "heading": "",
        "body": "<p>A paragraph after the list.</p>",
    }


def test_signs_bad_examples():
    plain_bullets = parse("Signs of Burnout", "- Always tired", "- Short fuse")
    assert blocks_of(plain_bullets, "signs_list") == []
    assert [item.line for item in plain_bullets.unplaced] == [2, 3, 4]
    assert "“**Title:** description”" in plain_bullets.unplaced[0].reason

    not_signs = parse("What Helps", "- **Sleep:** Keep regular hours.", "- **Move:** Walk daily.")
    assert blocks_of(not_signs, "signs_list") == []
    assert only(not_signs, "rich_text") == {
        "heading": "What Helps",
        "body": "<ul><li><b>Sleep:</b> Keep regular hours.</li>"
        "<li><b>Move:</b> Walk daily.</li></ul>",
    }
    assert not_signs.unplaced == []


# --------------------------------------------------------------------------- rules: exercise


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("For 10 minutes, breathe slowly.", 10),
        ("Take a 5-minute walk.", 5),
        ("Spend 5–10 minutes writing.", 10),
        ("Spend 5 to 10 minutes writing.", 10),
        ("Sit quietly for ten minutes.", 10),
        ("Set a timer: 1 min.", 1),
    ],
)
def test_exercise_duration_comes_from_the_text(text, minutes):
    parsed = parse("Something to try", "Box Breathing", text)
    exercise = only(parsed, "exercise")
    assert exercise["duration_minutes"] == minutes
    assert exercise["name"] == "Box Breathing"
    assert exercise["subtitle"] == ""
    assert exercise["instructions"] == f"<p>{text}</p>"
    assert exercise["closing_note"] == ""


def test_exercise_name_subtitle_citation_and_closing_note():
    parsed = parse(
        "An exercise to try",
        "### The Pause Button (Anger Protocol)",
        "When anger rises above a 6, say “pause” and leave for 20 minutes (Gottman, 1999).",
        "Come back and finish the conversation (Johnson, 2004a).",
        "Every pause you keep makes the next one easier.",
    )
    assert only(parsed, "exercise") == {
        "kicker": "An exercise to try",
        "name": "The Pause Button",
        "subtitle": "Anger Protocol",
        "duration_minutes": 20,
        "instructions": "<p>When anger rises above a 6, say “pause” and leave for 20 minutes "
        "(Gottman, 1999).</p><p>Come back and finish the conversation.</p>",
        "citation": "Johnson, 2004a",
        "closing_note": "Every pause you keep makes the next one easier.",
    }


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        (["Box Breathing", "Breathe slowly until you feel calm."], "duration"),
        (["Breathe in for four counts for 5 minutes."], "name"),
        (["Box Breathing"], "instructions"),
        (["Box Breathing", "✓ For 5 minutes"], "paragraphs and lists"),
    ],
)
def test_exercise_bad_examples_are_kept_as_text_and_reported(lines, reason):
    parsed = parse("Some text.", "Something to try", *lines)
    assert blocks_of(parsed, "exercise") == []
    assert [item.line for item in parsed.unplaced] == list(range(3, 4 + len(lines)))
    assert reason in parsed.unplaced[0].reason
    body = blocks_of(parsed, "rich_text")[-1]["body"]
    assert "<p>Something to try</p>" in body


# --------------------------------------------------------------------------- rules: therapy


def test_therapy_expectations_with_approaches_and_outcome():
    parsed = parse(
        "What to expect in therapy",
        "Trauma therapy often uses EMDR for traumatic memories, DBT for emotion regulation "
        "and IFS (Internal Family Systems) for inner conflict. It is gentle, and cbt for x "
        "or Therapy for you are not approaches.",
        "What becomes possible is a life that feels like yours again.",
        "Sessions are weekly.",
    )
    assert only(parsed, "therapy_expectations") == {
        "heading": "What to expect in therapy",
        "body": "<p>Trauma therapy often uses EMDR for traumatic memories, DBT for emotion "
        "regulation and IFS (Internal Family Systems) for inner conflict. It is gentle, and "
        "cbt for x or Therapy for you are not approaches.</p><p>Sessions are weekly.</p>",
        "approaches": [
            {"name": "EMDR", "addresses": "traumatic memories"},
            {"name": "DBT", "addresses": "emotion regulation"},
            {"name": "IFS", "addresses": "inner conflict"},
        ],
        "outcome": "What becomes possible is a life that feels like yours again.",
    }


def test_therapy_outcome_falls_back_to_a_closing_sentence():
    parsed = parse(
        "What to expect from therapy", "CBT for worry helps.", "You can feel calm again."
    )
    therapy = only(parsed, "therapy_expectations")
    assert therapy["outcome"] == "You can feel calm again."
    assert therapy["approaches"] == [{"name": "CBT", "addresses": "worry helps"}]


@pytest.mark.parametrize(
    "lines",
    [
        ["Therapy helps. It takes time and it is worth it."],
        ["What becomes possible is calm."],
        ["- **Sign:** not allowed here", "What becomes possible is calm."],
    ],
)
def test_therapy_bad_examples_are_kept_as_text_and_reported(lines):
    parsed = parse("What to expect in therapy", *lines)
    assert blocks_of(parsed, "therapy_expectations") == []
    assert [item.line for item in parsed.unplaced] == list(range(2, 3 + len(lines)))


# --------------------------------------------------------------------------- rules: call to action


def test_closing_question_is_the_call_to_action():
    parsed = parse("Intro.", "Ready to Talk?", "We can help.", "Really, we can.")
    assert only(parsed, "cta") == {
        "heading": "Ready to Talk?",
        "body": "We can help.\n\nReally, we can.",
        "button_label": DEFAULT_BUTTON_LABEL,
        "target_page": "",
        "target_url": DEFAULT_TARGET_URL,
    }


def test_call_to_action_button_from_a_link_line():
    parsed = parse("Ready to Talk?", "We can help.", "[Book a call](https://example.org/book)")
    cta = only(parsed, "cta")
    assert (cta["button_label"], cta["target_url"]) == ("Book a call", "https://example.org/book")


def test_call_to_action_bad_examples():
    not_last = parse("Ready to Talk?", "We can help.", "Afterword", "More text.")
    assert blocks_of(not_last, "cta") == []
    assert blocks_of(not_last, "rich_text")[0]["heading"] == "Ready to Talk?"
    not_a_question = parse("Get Support", "We can help.")
    assert blocks_of(not_a_question, "cta") == []
    assert not_a_question.unplaced == []

    for lines in (["[Book](/a/)"], ["Text.", "[A](/a/)", "[B](/b/)"], ["Text.", "- a list"]):
        parsed = parse("Ready to Talk?", *lines)
        assert blocks_of(parsed, "cta") == [], lines
        assert parsed.unplaced[0].text == "Ready to Talk?"


# --------------------------------------------------------------------------- rules: links


def test_only_safe_links_become_links():
    parsed = parse(
        "See [ours](/topics/a/), [theirs](https://example.org/x?a=1&b=2), "
        "[mail](mailto:help@example.org) and [bad](javascript:alert(1)) or [worse](//evil.test/)."
    )
    body = only(parsed, "rich_text")["body"]
    assert '<a href="/topics/a/">ours</a>' in body
    assert '<a href="https://example.org/x?a=1&amp;b=2">theirs</a>' in body
    assert '<a href="mailto:help@example.org">mail</a>' in body
    assert "javascript" not in re.findall(r'href="([^"]*)"', body)
    assert "[worse](//evil.test/)" in body
    assert any("'//evil.test/' is not a web address" in warning for warning in parsed.warnings)


def test_links_in_plain_text_fields_keep_their_text_and_are_reported():
    parsed = parse("✓ I read [this](/topics/a/)")
    assert only(parsed, "hook_checklist")["items"] == ["I read this"]
    assert parsed.warnings == [
        "line 2: a checklist item is plain text, so the link to /topics/a/ is kept as its "
        "text “this”"
    ]


def test_site_links_become_page_links_where_a_page_exists(category):
    target = publish(TopicPageFactory(parent=category, slug="conflict-cycles"))
    text = (
        "Linking\n"
        "See [cycles](/topics/relationships/conflict-cycles/) and [missing](/topics/nope/).\n"
        "Ready?\nGo.\n[Button](/topics/relationships/conflict-cycles/)"
    )
    report = import_article(data=text.encode(), source="links.txt", category=category)
    page = TopicPage.objects.get(pk=report.page_id)
    rich, cta = page.body.raw_data[0]["value"], page.body.raw_data[1]["value"]
    assert f'<a id="{target.pk}" linktype="page">cycles</a>' in rich["body"]
    assert '<a href="/topics/nope/">missing</a>' in rich["body"]
    assert report.warnings == ["line 2: no page at /topics/nope/; kept as a plain link"]
    assert (cta["target_page"], cta["target_url"]) == (target.pk, "")


# --------------------------------------------------------------------------- decoding errors


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty.txt, line 1: the file is empty"),
        (b" \n\t\n\r\n", "empty.txt, line 1: the file is empty"),
        (b"Title\nText\x00more", "empty.txt, line 2: the file contains NUL bytes"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "empty.txt, line 3: the file contains NUL bytes"),
        (b"Title\n\nCaf\xe9 au lait.", "empty.txt, line 3: the file is not UTF-8 text (byte 0xe9)"),
        (b"Title\nBell \x07 here.", "empty.txt, line 2: the file contains the control character"),
        (b"x" * 1_000_001, "empty.txt: the file is 1,000,001 bytes"),
    ],
)
def test_unreadable_files(data, message):
    with pytest.raises(ArticleError) as error:
        decode_article(data, source="empty.txt")
    assert str(error.value).startswith(message)


def test_utf8_bom_and_windows_line_endings_are_fine():
    text = decode_article("\ufeffTitle\r\nText.\r\n".encode(), source="t.txt")
    assert parse_article(text, source="t.txt").title == "Title"


def test_slugs_and_tags():
    assert slug_for_file("trust-issues.txt") == "trust-issues"
    assert slug_for_file("My Article (1).txt") == "my-article-1"
    assert slug_for_file("!!!.txt") is None
    assert clean_tags(" trust, couples,,trust , nervous  system") == [
        "trust",
        "couples",
        "nervous system",
    ]
    with pytest.raises(ValueError, match="longer than 100"):
        clean_tags("x" * 101)


# --------------------------------------------------------------------------- the service


def test_import_creates_a_draft_and_never_publishes(category):
    report = import_article(data=SEED, category=category, tags=["trust", "couples"])
    assert report.created and not report.submitted
    assert (
        report.path == "/topics/relationships/i-want-to-trust-but-i-cant-therapy-for-trust-issues/"
    )
    page = TopicPage.objects.get(pk=report.page_id)
    assert not page.live and page.live_revision is None
    assert page.revisions.count() == 1
    assert page.summary.startswith("Your nervous system is doing exactly what it should")
    assert page.summary != TRUST_ISSUES["body"][0][1]["affirmation"]
    assert sorted(tag.name for tag in page.tags.all()) == ["couples", "trust"]
    assert [kind for kind, _ in TRUST_ISSUES["body"]] == report.block_types
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").count() == 0


def test_importing_again_updates_the_same_page_with_a_new_revision(category):
    first = import_article(data=SEED, category=category, slug="trust-issues", tags=["trust"])
    page = TopicPage.objects.get(pk=first.page_id)
    page.summary = "An editor's better summary."
    page.save_revision()
    changed = SEED.read_text(encoding="utf-8").replace("over 40 percent", "nearly 45 percent")
    second = import_article(
        data=changed.encode(), source="trust-issues.txt", category=category,
        slug="trust-issues", tags=["couples"],
    )  # fmt: skip
    assert not second.created and second.page_id == first.page_id
    assert TopicPage.objects.filter(slug="trust-issues").count() == 1
    page = TopicPage.objects.get(pk=first.page_id)
    assert page.revisions.count() == 3 and not page.live
    draft = page.get_latest_revision_as_object()
    assert draft.body[1].value["figure"] == "nearly 45 percent"
    assert draft.summary == "An editor's better summary."
    assert sorted(tag.name for tag in draft.tags.all()) == ["couples", "trust"]


def test_submit_starts_the_review_workflow_once(category, people):
    report = import_article(
        data=SEED, category=category, slug="trust-issues", submit=True, user=people["editor"]
    )
    page = TopicPage.objects.get(pk=report.page_id)
    assert report.submitted and page.workflow_in_progress and not page.live
    assert page.current_workflow_state.requested_by == people["editor"]
    assert page.owner == people["editor"]
    before = snapshot()
    with pytest.raises(ArticleError, match="already in review"):
        import_article(data=SEED, category=category, slug="trust-issues", submit=True)
    assert snapshot() == before


def test_invalid_blocks_name_the_line_and_write_nothing(category):
    seven = "\n".join(f"✓ Item {n}" for n in range(7))
    before = snapshot()
    with pytest.raises(ArticleError) as error:
        import_article(data=f"Title\nIntro.\n{seven}".encode(), source="a.txt", category=category)
    assert str(error.value) == (
        "a.txt, line 3: hook_checklist: items: The maximum number of items is 6"
    )
    assert snapshot() == before


def test_exercise_out_of_range_and_too_long_values(category):
    with pytest.raises(ArticleError, match=r"line 2: exercise: duration_minutes: .*120"):
        import_article(
            data=b"T\nSomething to try\nName\nFor 200 minutes, sit.", source="a.txt",
            category=category,
        )  # fmt: skip
    with pytest.raises(ArticleError, match=r"line 2: hook_checklist: items.0: .*160"):
        import_article(data=("T\n✓ " + "x" * 161).encode(), source="a.txt", category=category)


def test_a_failure_while_writing_leaves_nothing_behind(category, monkeypatch):
    def broken_save_revision(self, **kwargs):
        raise RuntimeError("disk full")

    before = snapshot()
    monkeypatch.setattr(TopicPage, "save_revision", broken_save_revision)
    with pytest.raises(RuntimeError):
        import_article(data=SEED, category=category)
    assert snapshot() == before


def test_users_need_the_right_to_add_or_edit(category, people):
    nobody = get_user_model().objects.create_user(username="nobody", password="x")
    before = snapshot()
    with pytest.raises(ArticleError, match="you cannot add pages under “Relationships”"):
        import_article(data=SEED, category=category, user=nobody)
    assert snapshot() == before


def test_a_non_topic_page_at_the_slug_is_refused(category):
    other = TopicCategoryPage(title="Odd", slug="odd")
    category.add_child(instance=other)  # the tree rules forbid it; the importer must not trust them
    with pytest.raises(ArticleError, match="is not a topic page"):
        import_article(data=SEED, category=category, slug="odd")


def test_unreadable_path(category, tmp_path):
    with pytest.raises(ArticleError, match=r"missing.txt: cannot read the file"):
        import_article(data=tmp_path / "missing.txt", category=category)


# --------------------------------------------------------------------------- nothing dropped

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8)
SENTENCE = st.lists(WORD, min_size=1, max_size=8).map(lambda words: " ".join(words).capitalize())
LINE = st.one_of(
    SENTENCE.map(lambda s: s + "."),
    SENTENCE,  # a heading
    SENTENCE.map(lambda s: s + "?"),
    SENTENCE.map(lambda s: f"✓ {s}"),
    SENTENCE.map(lambda s: f"- {s}"),
    st.tuples(SENTENCE, SENTENCE).map(lambda p: f"- **{p[0]}:** {p[1]}."),
    st.tuples(SENTENCE, SENTENCE, SENTENCE).map(
        lambda p: f"According to {p[0]}, over 40 percent {p[1]}. {p[2]}."
    ),
    st.sampled_from(
        ["Signs of it", "Something to try", "What to expect in therapy", "----", "For 5 minutes."]
    ),
    st.tuples(SENTENCE, SENTENCE).map(lambda p: f"{p[0]} ({p[1]})"),
)
STRUCTURAL = {"according", "to", "percent", "over", "40"}


def strings(data):
    """Every string in nested block values."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict | list | tuple):
        for item in data.values() if isinstance(data, dict) else data:
            yield from strings(item)


@settings(max_examples=200, deadline=None)
@given(title=SENTENCE, lines=st.lists(LINE, min_size=1, max_size=20))
def test_every_word_of_the_text_ends_up_in_some_block(title, lines):
    parsed = parse_article("\n".join([title, *lines]), source="gen.txt")
    stored = html.unescape(" ".join([parsed.title, *strings(parsed.blocks)])).lower()
    stored_words = set(re.findall(r"[a-z0-9]+", stored))
    for line in lines:
        words = set(re.findall(r"[a-z0-9]+", line.lower())) - STRUCTURAL
        assert words <= stored_words, line


# --------------------------------------------------------------------------- malformed input

SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")
TITLED = st.lists(
    st.one_of(st.sampled_from(SEED_LINES[1:]), LINE, st.text(max_size=60)), max_size=25
).map(lambda lines: "\n".join([SEED_LINES[0], *lines]))
SEED_MUTATIONS = st.one_of(
    st.permutations(SEED_LINES).map("\n".join),
    st.lists(st.sampled_from(SEED_LINES[1:]), max_size=30).map(
        lambda lines: "\n".join([SEED_LINES[0], *lines])
    ),
    TITLED,
)
MALFORMED_BYTES = st.one_of(
    SEED_MUTATIONS.map(str.encode),
    st.tuples(st.one_of(SEED_MUTATIONS, st.text(max_size=400)), st.binary(max_size=4)).map(
        lambda pair: pair[0].encode() + pair[1]
    ),
    st.binary(max_size=300),
)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=600))
def test_the_parser_only_ever_raises_article_errors(text):
    try:
        parsed = parse_article(text, source="fuzz.txt")
    except ArticleError as error:
        assert str(error).startswith("fuzz.txt")
    else:
        assert parsed.title and parsed.slug and parsed.blocks
        assert len(parsed.blocks) == len(parsed.block_lines)


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=MALFORMED_BYTES)
def test_malformed_files_import_whole_or_not_at_all(category, data):
    before = snapshot()
    try:
        report = import_article(data=data, source="fuzz.txt", category=category, slug="fuzz")
    except ArticleError as error:
        assert str(error).startswith("fuzz.txt")
        assert snapshot() == before, "a failed import wrote something"
        return
    pages, revisions = snapshot()[:2]
    assert pages - before[0] in (0, 1) and revisions == before[1] + 1
    page = TopicPage.objects.get(pk=report.page_id)
    assert not page.live
    draft = page.get_latest_revision_as_object()
    TopicBodyBlock().clean(draft.body)  # what was written is valid
    assert draft.title and draft.summary and len(draft.summary) <= 300
