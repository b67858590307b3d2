"""Importing plain-text articles: the seed article, whole files, nothing dropped.

The seed test compares the body blocks and the title only: the SEO title, search
description, summary and tags of `TRUST_ISSUES` are editorial choices the text
does not contain. The rules one by one are in `test_grammar`, the writes in
`test_service`.
"""

import html
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pages.blocks import TopicBodyBlock
from pages.demo.trust_issues import TRUST_ISSUES
from pages.importing import ArticleError, import_article, parse_article
from pages.models import TopicPage
from tests.pages.importing.articles import ANXIETY, SEED, only
from tests.snapshots import snapshot


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
