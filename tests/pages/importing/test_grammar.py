"""The format's rules (`pages.importing.grammar`), one by one, through `parse_article`."""

import html
import re

import pytest

from pages.importing import (
    DEFAULT_BUTTON_LABEL,
    DEFAULT_TARGET_URL,
    ArticleError,
    import_article,
    parse_article,
)
from pages.models import TopicPage
from tests.factories import TopicPageFactory, publish
from tests.pages.importing.articles import blocks_of, only, parse

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
