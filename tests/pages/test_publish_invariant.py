"""Every live revision of a topic page was clinically reviewed, whichever way it went live.

The invariant: a live topic page's review record names a reviewer with a profile,
has a re-review date, and is for the very revision that is live. A publish by a
reviewer records them; any other publish must be of the reviewed revision.
"""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from pages.models import ReviewerProfile, TopicCategoryPage, TopicPage
from pages.review.rules import ReviewRequired
from pages.transfer import TransferError, export_content, import_content
from tests.factories import TopicPageFactory, publish
from tests.pages import admin_actions

pytestmark = pytest.mark.django_db


def assert_every_live_topic_reviewed() -> None:
    pages = TopicPage.objects.live().select_related("last_reviewed_by")
    assert pages.exists()
    for page in pages:
        assert isinstance(page.last_reviewed_by, ReviewerProfile), page.url_path
        assert page.next_review_due is not None, page.url_path
        assert page.last_reviewed_revision_id == page.live_revision_id, page.url_path


@pytest.fixture
def draft(category, people):
    """An editor's draft, never published."""
    page = TopicPageFactory(parent=category, slug="draft", live=False)
    page.save_revision(user=people["editor"])
    return TopicPage.objects.get(pk=page.pk)


def test_a_reviewers_direct_publish_in_the_admin_records_them(client, draft, people):
    client.force_login(people["reviewer"])
    admin_actions.edit(client, draft, action="publish", body_text="Published directly.")
    draft.refresh_from_db()
    assert draft.live
    assert draft.last_reviewed_by.user == people["reviewer"]
    assert_every_live_topic_reviewed()
    detail = client.get(f"/api/v1/topics/{draft.pk}/").json()
    assert detail["review"]["reviewed_by"] == "Reviewer Person"


def test_the_editor_sees_that_a_direct_publish_is_a_clinical_review(client, draft, people):
    client.force_login(people["reviewer"])
    response = client.get(reverse("wagtailadmin_pages:edit", args=(draft.pk,)))
    assert b"data-topicdesk-review-publish" in response.content
    assert b"topicdesk/review-publish.js" in response.content


def test_approving_in_the_workflow_records_the_approver(client, draft, people):
    client.force_login(people["editor"])
    admin_actions.edit(client, draft, action="submit")
    client.force_login(people["reviewer"])
    admin_actions.workflow_action(client, draft, "approve")
    draft.refresh_from_db()
    assert draft.live and draft.last_reviewed_by.user == people["reviewer"]
    assert_every_live_topic_reviewed()


def test_a_publish_with_no_reviewer_is_refused_and_changes_nothing(draft, people):
    revision = draft.get_latest_revision()
    for user in (None, people["editor"]):
        with pytest.raises(ReviewRequired, match="has not been clinically reviewed"):
            revision.publish(user=user)
    draft.refresh_from_db()
    assert not draft.live and draft.last_reviewed_at is None


def test_bulk_publish_records_the_reviewer_for_each_page(client, category, people):
    pages = [TopicPageFactory(parent=category, slug=f"bulk-{n}", live=False) for n in range(2)]
    for page in pages:
        page.save_revision(user=people["editor"])
    client.force_login(people["reviewer"])
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    query = "&".join(f"id={page.pk}" for page in pages)
    response = client.post(f"{url}?{query}", {"include_descendants": ""})
    assert response.status_code == 302
    for page in pages:
        page.refresh_from_db()
        assert page.live and page.last_reviewed_by.user == people["reviewer"]
    assert_every_live_topic_reviewed()


def test_scheduled_go_live_publishes_the_revision_the_reviewer_approved(draft, people):
    draft.go_live_at = timezone.now() + timedelta(hours=1)
    revision = draft.save_revision(user=people["editor"])
    revision.publish(user=people["reviewer"])  # scheduled: reviewed now, live later
    draft.refresh_from_db()
    assert not draft.live and draft.last_reviewed_revision_id == revision.pk
    past = timezone.now() - timedelta(minutes=1)  # as if the hour had passed
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    call_command("publish_scheduled", stdout=StringIO())
    draft.refresh_from_db()
    assert draft.live and draft.live_revision_id == revision.pk
    assert_every_live_topic_reviewed()


def test_reverting_to_an_older_revision_and_publishing_is_a_new_review(category, people):
    page = publish(TopicPageFactory(parent=category, slug="reverted", title="First"))
    page.title = "Second"
    publish(page)
    older = page.revisions.order_by("created_at").first()
    older.publish(user=people["reviewer"])
    page.refresh_from_db()
    assert page.title == "First" and page.last_reviewed_by.user == people["reviewer"]
    assert_every_live_topic_reviewed()
    with pytest.raises(ReviewRequired):
        page.revisions.order_by("-created_at")[0].publish()  # "Second": no longer reviewed


def test_a_published_copy_must_be_reviewed_before_it_goes_live(client, category, people):
    page = publish(TopicPageFactory(parent=category, slug="original"))
    client.force_login(people["reviewer"])
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=(page.pk,)),
        {
            "new_title": "Copied",
            "new_slug": "copied",
            "new_parent_page": category.pk,
            "publish_copies": "on",
        },
    )
    assert response.status_code == 302
    copy = TopicPage.objects.get(slug="copied")
    assert not copy.live and copy.last_reviewed_at is None
    assert TopicPage.objects.get(pk=page.pk).live
    assert_every_live_topic_reviewed()


def test_moving_a_page_keeps_its_review(client, category, people):
    page = publish(TopicPageFactory(parent=category, slug="moved"))
    other = TopicCategoryPage(title="Other", slug="other")
    category.get_parent().add_child(instance=other)
    publish(other)
    client.force_login(people["reviewer"])
    client.post(reverse("wagtailadmin_pages:move_confirm", args=(page.pk, other.pk)))
    page.refresh_from_db()
    assert page.get_parent().pk == other.pk
    assert_every_live_topic_reviewed()


def test_import_content_keeps_the_review_of_live_pages(demo):
    exported = export_content()
    import_content(exported, replace=True)
    assert_every_live_topic_reviewed()


def test_import_content_refuses_a_live_page_without_a_review(demo):
    exported = json.loads(json.dumps(export_content()))
    record = next(r for r in exported["pages"] if r["url_path"].endswith("/trust-issues/"))
    record["last_reviewed_by"] = None
    pages = Page.objects.count()
    with pytest.raises(TransferError, match="trust-issues/: it is live but has no clinical review"):
        import_content(exported, replace=True)
    assert Page.objects.count() == pages


def test_a_live_page_never_reviewed_is_listed_for_re_review(client, category, people):
    legacy = TopicPageFactory(
        parent=category, slug="legacy", title="Legacy page"
    )  # live, no record
    publish(TopicPageFactory(parent=category, slug="fresh", title="Freshly reviewed"))
    client.force_login(people["reviewer"])
    response = client.get(reverse("due_for_review"))
    assert legacy.title.encode() in response.content
    assert b"never reviewed" in response.content
    assert b"Freshly reviewed" not in response.content


def test_the_demo_satisfies_the_invariant(demo):
    assert_every_live_topic_reviewed()
