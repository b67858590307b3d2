"""Roles and workflow from the migration, the review record, and re-review when it falls due."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page, WorkflowState

from pages.models import ReviewerProfile, TopicPage, add_months
from tests.factories import TopicPageFactory, publish

pytestmark = pytest.mark.django_db


def page_permissions(group_name, page):
    return set(
        GroupPagePermission.objects.filter(group__name=group_name, page=page).values_list(
            "permission__codename", flat=True
        )
    )


def test_migration_creates_three_groups_and_the_workflow(topic_index):
    assert {"Editors", "Reviewers", "Administrators"} <= set(
        Group.objects.values_list("name", flat=True)
    )
    assert page_permissions("Editors", topic_index) == {"add_page", "change_page", "lock_page"}
    assert "publish_page" in page_permissions("Reviewers", topic_index)
    assert page_permissions("Editors", Page.get_first_root_node()) == set()
    workflow = topic_index.get_workflow()
    assert workflow.name == "Clinical review"
    (task,) = [task.specific for task in workflow.tasks]
    assert [group.name for group in task.groups.all()] == ["Reviewers"]


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 27), 12) == date(2027, 11, 27)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def reviewed_page(category, people, *, months_ago, interval=12, slug="due"):
    page = publish(TopicPageFactory(parent=category, slug=slug, review_interval_months=interval))
    page.last_reviewed_by, _ = ReviewerProfile.objects.get_or_create(
        user=people["reviewer"], defaults={"display_name": "Dana Ortiz", "credentials": "LMFT"}
    )
    page.last_reviewed_at = timezone.now() - timedelta(days=31 * months_ago)
    page.save()
    return page


def test_review_interval_sets_the_due_date(category, people):
    page = reviewed_page(category, people, months_ago=0, interval=6)
    assert page.next_review_due == add_months(page.last_reviewed_at, 6)


def test_the_review_record_survives_publishing_an_older_revision(category, people):
    page = reviewed_page(category, people, months_ago=1)
    older = page.revisions.order_by("created_at").first()
    older.publish(user=people["reviewer"])
    page.refresh_from_db()
    assert page.last_reviewed_by.display_name == "Dana Ortiz"


def test_due_pages_appear_in_the_admin_report(client, category, people):
    due = reviewed_page(category, people, months_ago=13)
    reviewed_page(category, people, months_ago=2, slug="fresh")
    client.force_login(people["reviewer"])
    response = client.get("/admin/reports/due-for-review/")
    assert response.status_code == 200
    assert due.title.encode() in response.content
    assert b"fresh" not in response.content
    client.force_login(people["editor"])
    assert client.get("/admin/reports/due-for-review/").status_code == 302


def test_due_pages_are_submitted_for_review_again(category, people):
    due = reviewed_page(category, people, months_ago=13)
    reviewed_page(category, people, months_ago=2, slug="fresh")
    out = StringIO()
    call_command("submit_due_reviews", stdout=out)
    assert f"Submitted for re-review: {due.title}" in out.getvalue()
    assert "1 page(s) submitted for re-review." in out.getvalue()
    assert TopicPage.objects.get(pk=due.pk).workflow_in_progress
    assert WorkflowState.objects.count() == 1
    call_command("submit_due_reviews", stdout=StringIO())
    assert WorkflowState.objects.count() == 1, "a page already in review is not submitted twice"
