"""The write service (`pages.importing.service`): decoding, slugs, tags, all-or-nothing writes."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import PageLogEntry

from pages.demo.trust_issues import TRUST_ISSUES
from pages.importing import (
    ArticleError,
    clean_tags,
    decode_article,
    import_article,
    parse_article,
    slug_for_file,
)
from pages.models import TopicCategoryPage, TopicPage
from tests.pages.importing.articles import SEED
from tests.snapshots import snapshot

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
