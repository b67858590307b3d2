"""`manage.py load_demo` builds the demo site once, and a second run changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, PageLogEntry, Revision, Site

from pages.models import HomePage, TopicCategoryPage, TopicIndexPage, TopicPage
from tests.factories import clinical_reviewer

pytestmark = pytest.mark.django_db

ARTICLE_URL = "/topics/relationships/trust-issues/"


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def site_urls() -> set[str]:
    return {page.url for page in Page.objects.live().specific() if page.depth > 1}


def test_builds_the_page_tree():
    load()
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    index = TopicIndexPage.objects.get()
    assert index.url == "/topics/"
    assert index.get_parent().specific == home
    categories = TopicCategoryPage.objects.live()
    assert len(categories) >= 2
    assert {category.get_parent().pk for category in categories} == {index.pk}


def test_replaces_wagtails_welcome_page():
    load()
    assert not Page.objects.filter(depth=2).exclude(content_type__model="homepage").exists()


def test_publishes_the_article_and_at_least_eight_other_topics_in_two_categories():
    load()
    article = TopicPage.objects.get(slug="trust-issues")
    assert article.live and not article.has_unpublished_changes
    assert article.url == ARTICLE_URL
    others = TopicPage.objects.live().exclude(pk=article.pk)
    assert others.count() >= 8
    assert len({page.get_parent().pk for page in others}) >= 2
    assert {
        "/topics/relationships/conflict-cycles/",
        "/topics/relationships/attachment-anxiety/",
    } <= {page.url for page in others}


def test_topics_share_tags_with_each_other():
    load()
    pages = list(TopicPage.objects.live().prefetch_related("tags"))
    tag_sets = {page.pk: {tag.slug for tag in page.tags.all()} for page in pages}
    for page in pages:
        assert tag_sets[page.pk], f"{page.url} has no tags"
        sharing = [
            other
            for other in pages
            if other.pk != page.pk and tag_sets[page.pk] & tag_sets[other.pk]
        ]
        assert sharing, f"{page.url} shares no tag with any other page"


def test_article_has_every_part_in_its_own_block():
    load()
    article = TopicPage.objects.get(slug="trust-issues")
    assert [block.block_type for block in article.body] == [
        "hook_checklist",
        "stat_callout",
        "rich_text",
        "rich_text",
        "signs_list",
        "exercise",
        "therapy_expectations",
        "cta",
    ]
    blocks = {block.block_type: block.value for block in article.body}
    assert len(blocks["hook_checklist"]["items"]) == 3
    assert blocks["stat_callout"]["figure"] == "over 40 percent"
    assert blocks["stat_callout"]["source"] == "relationship research"
    assert len(blocks["signs_list"]["signs"]) == 4
    assert blocks["exercise"]["name"] == "The Transparency Window"
    assert blocks["exercise"]["duration_minutes"] == 10
    assert [a["name"] for a in blocks["therapy_expectations"]["approaches"]] == ["EFCT", "CBCT"]
    assert blocks["cta"]["heading"] == "Ready for support that fits?"


def test_article_links_are_page_links_to_real_pages():
    load()
    article = TopicPage.objects.get(slug="trust-issues")
    raw = article.body.raw_data
    stored_html = "".join(
        block["value"].get("body", "") + block["value"].get("instructions", "") for block in raw
    )
    assert stored_html.count('linktype="page"') == 4
    assert "href=" not in stored_html
    conflict = TopicPage.objects.get(slug="conflict-cycles")
    anxiety = TopicPage.objects.get(slug="attachment-anxiety")
    assert f'id="{conflict.pk}"' in stored_html
    assert f'id="{anxiety.pk}"' in stored_html


def test_creates_demo_users_and_prints_generated_passwords_once(monkeypatch):
    monkeypatch.setenv("DEMO_EDITOR_PASSWORD", "editor-password-from-env")
    output = load()
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    editor = users.get(username="editor")
    reviewer = users.get(username="reviewer")
    assert editor.check_password("editor-password-from-env")
    assert "Created user 'editor' with password (from the environment)" in output
    assert "editor-password-from-env" not in output
    assert editor.has_perm("wagtailadmin.access_admin")
    assert reviewer.has_perm("wagtailadmin.access_admin")
    for username in ("admin", "reviewer"):
        line = next(line for line in output.splitlines() if f"user {username!r}" in line)
        password = line.rsplit(" ", 1)[-1]
        assert users.get(username=username).check_password(password)
    second = load()
    assert "Created user" not in second


def test_second_run_changes_nothing():
    load()
    before = (
        Page.objects.count(),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        get_user_model().objects.count(),
        sorted(site_urls()),
    )
    output = load()
    after = (
        Page.objects.count(),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        get_user_model().objects.count(),
        sorted(site_urls()),
    )
    assert after == before
    assert output.strip() == "Demo content is already loaded; nothing changed."


def test_second_run_keeps_an_editors_changes():
    load()
    article = TopicPage.objects.get(slug="trust-issues")
    article.title = "Edited by an editor"
    article.save_revision().publish(user=clinical_reviewer())
    load()
    article.refresh_from_db()
    assert article.title == "Edited by an editor"


def test_leaves_a_page_in_review_and_a_draft_change_for_the_reviewer():
    load()
    in_review = TopicPage.objects.get(slug="loneliness-in-relationships")
    assert in_review.workflow_in_progress and not in_review.live
    assert in_review.current_workflow_state.requested_by.username == "editor"
    changed = TopicPage.objects.get(slug="panic-attacks")
    assert changed.live and changed.has_unpublished_changes
    assert changed.get_latest_revision().as_object().summary.startswith("Draft, not yet reviewed")
    assert not changed.summary.startswith("Draft")


def test_published_demo_topics_carry_a_clinical_review():
    load()
    article = TopicPage.objects.select_related("last_reviewed_by").get(slug="trust-issues")
    assert str(article.last_reviewed_by) == "Dana Ortiz, LMFT"
    assert article.next_review_due is not None
    reviewer = get_user_model().objects.get(username="reviewer")
    assert list(reviewer.groups.values_list("name", flat=True)) == ["Reviewers"]


def test_the_output_sums_up_the_pages_and_lists_them_when_asked():
    out = StringIO()
    call_command("load_demo", stdout=out)
    output = out.getvalue()
    pages = Page.objects.filter(depth__gt=1).count()
    assert f"Created {pages} pages (the home page, /topics/ and below)" in output
    assert "Created /topics/relationships/trust-issues/" not in output
    assert len(output.splitlines()) <= 6, "a screenful: pages, the page in review, users"


def test_verbosity_2_lists_each_page_created():
    out = StringIO()
    call_command("load_demo", stdout=out, verbosity=2)
    assert f"Created {ARTICLE_URL}\n" in out.getvalue()
