"""The editorial pipeline end to end: submit, review, publish, and what readers see meanwhile."""

import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry, WorkflowState

from pages.models import ReviewerProfile, TopicPage
from tests.factories import TopicPageFactory, publish
from tests.pages import admin_actions

pytestmark = pytest.mark.django_db


def api_detail(client, page):
    return client.get("/api/v1/pages/resolve/", {"path": page.url})


@pytest.fixture
def reviewer_profile(people):
    return ReviewerProfile.objects.create(
        user=people["reviewer"], display_name="Dana Ortiz", credentials="LMFT"
    )


def test_editor_to_reviewer_to_published(client, category, people, reviewer_profile):
    client.force_login(people["editor"])
    admin_actions.create(client, category, title="New topic", slug="new-topic", summary="Sum.")
    page = TopicPage.objects.get(slug="new-topic")
    admin_actions.edit(client, page, action="submit", title="New topic", body_text="Reviewed.")
    page.refresh_from_db()
    assert page.workflow_in_progress
    assert api_detail(client, page).status_code == 404
    reviewer_emails = [m for m in mail.outbox if "reviewer@example.com" in m.to]
    assert reviewer_emails, "reviewers are told a page awaits them"

    client.force_login(people["reviewer"])
    dashboard = client.get("/admin/")
    assert b"New topic" in dashboard.content
    mail.outbox.clear()
    admin_actions.workflow_action(client, page, "approve")

    page.refresh_from_db()
    assert page.live and not page.workflow_in_progress
    detail = api_detail(client, page).json()
    assert detail["title"] == "New topic"
    assert "Reviewed." in detail["body"][0]["value"]["body"]
    assert detail["review"]["reviewed_by"] == "Dana Ortiz"
    assert detail["review"]["credentials"] == "LMFT"
    assert detail["review"]["next_review_due"] == (
        page.last_reviewed_at.date().replace(year=page.last_reviewed_at.year + 1).isoformat()
    )
    assert [m.to for m in mail.outbox] == [["editor@example.com"]]
    assert "approved" in mail.outbox[0].subject.lower()

    actions = list(
        PageLogEntry.objects.filter(page=page)
        .order_by("timestamp", "pk")
        .values_list("action", "user__username")
    )
    for expected in [
        ("wagtail.workflow.start", "editor"),
        ("wagtail.workflow.approve", "reviewer"),
        ("wagtail.publish", "reviewer"),
        ("topicdesk.clinical_review", "reviewer"),
    ]:
        assert expected in actions


def test_the_reference_page_shows_the_review_record(client, category, people, reviewer_profile):
    page = TopicPageFactory(parent=category, slug="reviewed")
    page.save_revision(user=people["editor"])
    page.get_workflow().start(page, people["editor"])
    client.force_login(people["reviewer"])
    admin_actions.workflow_action(client, page, "approve")
    html = client.get(TopicPage.objects.get(pk=page.pk).url).content.decode()
    assert "Clinically reviewed by Dana Ortiz, LMFT" in html


def test_approving_from_the_editor_says_it_was_published_and_who_is_credited(
    client, category, people, reviewer_profile
):
    page = TopicPageFactory(parent=category, slug="approved-here", title="Approved here")
    page.save_revision(user=people["editor"])
    page.get_workflow().start(page, people["editor"])
    client.force_login(people["reviewer"])
    response = admin_actions.edit(
        client, page, **{"action-workflow-action": "1", "workflow-action-name": "approve"}
    )
    assert TopicPage.objects.get(pk=page.pk).live
    shown = client.get(response["Location"])  # the page the reviewer lands on
    messages = [str(message) for message in shown.context["messages"]]
    assert len(messages) == 1
    assert "“Approved here” was approved and published." in messages[0]
    assert "credited as reviewed by Dana Ortiz, LMFT" in messages[0]
    assert "has been updated" not in messages[0]


def test_a_rejected_draft_never_reaches_the_api(client, category, people):
    page = TopicPageFactory(parent=category, slug="rejected", live=False)
    client.force_login(people["editor"])
    admin_actions.edit(client, page, action="submit", title="Rejected draft")
    client.force_login(people["reviewer"])
    mail.outbox.clear()
    admin_actions.workflow_action(client, page, "reject", comment="Please cite the source.")
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_NEEDS_CHANGES
    assert api_detail(client, TopicPage.objects.get(pk=page.pk)).status_code == 404
    assert "Rejected draft" not in client.get("/api/v1/topics/").content.decode()
    assert [m.to for m in mail.outbox] == [["editor@example.com"]]
    assert "Please cite the source." in mail.outbox[0].body


def test_an_edit_to_a_live_page_waits_for_approval(client, category, people):
    page = publish(TopicPageFactory(parent=category, slug="live", title="Approved title"))
    client.force_login(people["editor"])
    admin_actions.edit(client, page, action="submit", title="Unapproved title")
    assert api_detail(client, page).json()["title"] == "Approved title"
    assert client.get(page.url).content.count(b"Unapproved title") == 0
    client.force_login(people["reviewer"])
    admin_actions.workflow_action(client, page, "approve")
    assert api_detail(client, page).json()["title"] == "Unapproved title"


def wait_until(moment):
    time.sleep(max((moment - timezone.now()).total_seconds(), 0) + 0.1)


def test_scheduled_go_live_and_expiry(client, category, people):
    """An approved page goes live at its go-live time and comes down at its expiry."""
    page = TopicPageFactory(parent=category, slug="scheduled", live=False)
    go_live, expiry = timezone.now() + timedelta(seconds=2), timezone.now() + timedelta(seconds=4)
    page.go_live_at, page.expire_at = go_live, expiry
    page.save_revision(user=people["editor"])
    page.get_workflow().start(page, people["editor"])
    client.force_login(people["reviewer"])
    admin_actions.workflow_action(client, page, "approve")
    page.refresh_from_db()
    assert not page.live
    assert api_detail(client, page).status_code == 404

    wait_until(go_live)
    call_command("scheduler", once=True, stdout=StringIO())
    page.refresh_from_db()
    assert page.live
    assert api_detail(client, page).status_code == 200

    wait_until(expiry)
    call_command("scheduler", once=True, stdout=StringIO())
    page.refresh_from_db()
    assert not page.live and page.expired
    assert api_detail(client, page).status_code == 404
