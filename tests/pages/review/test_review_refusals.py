"""Review actions Topicdesk refuses, each with a clear message and nothing changed."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from wagtail.models import PageLogEntry, Revision, TaskState, WorkflowState

from pages.models import TopicPage
from tests.factories import TopicCategoryPageFactory, TopicPageFactory, publish
from tests.pages import admin_actions

pytestmark = pytest.mark.django_db


def snapshot(page):
    page = TopicPage.objects.get(pk=page.pk)
    return (
        page.live,
        page.title,
        page.live_revision_id,
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        list(TaskState.objects.values_list("status", flat=True)),
        list(WorkflowState.objects.values_list("status", flat=True)),
    )


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def submitted(category, people):
    page = publish(TopicPageFactory(parent=category, slug="submitted", title="Approved"))
    page.title = "Submitted change"
    page.save_revision(user=people["editor"])
    page.get_workflow().start(page, people["editor"])
    return page


def test_approving_a_page_that_is_no_longer_in_review(client, submitted, people):
    """A second approval (a double click, or a second reviewer) finds nothing to approve."""
    task_state_id = TopicPage.objects.get(pk=submitted.pk).current_workflow_task_state.pk
    client.force_login(people["reviewer"])
    admin_actions.workflow_action(client, submitted, "approve", task_state_id=task_state_id)
    before = snapshot(submitted)
    response = admin_actions.workflow_action(
        client, submitted, "approve", task_state_id=task_state_id
    )
    assert snapshot(submitted) == before
    (message,) = messages_of(response)
    assert "is not currently awaiting moderation." in message


def test_an_editor_posting_publish_directly(client, category, people):
    page = publish(TopicPageFactory(parent=category, slug="live-page", title="Approved"))
    client.force_login(people["editor"])
    before = snapshot(page)
    response = admin_actions.edit(client, page, action="publish", title="Sneaky")
    assert snapshot(page) == before
    assert messages_of(response) == [
        "You cannot publish “Approved”. Submit it for review and a reviewer will publish it."
    ]


def test_approving_a_stale_revision(client, submitted, people):
    # The editor changes the page after submitting it.
    page = TopicPage.objects.get(pk=submitted.pk)
    page.title = "Changed after submission"
    page.save_revision(user=people["editor"])
    client.force_login(people["reviewer"])
    before = snapshot(page)
    response = admin_actions.workflow_action(client, page, "approve")
    assert snapshot(page) == before
    assert TopicPage.objects.get(pk=page.pk).title == "Approved"
    (message,) = messages_of(response)
    assert message.startswith("“Approved” changed after it was submitted for review")


def test_approving_a_stale_revision_from_the_editor(client, submitted, people):
    page = TopicPage.objects.get(pk=submitted.pk)
    page.title = "Changed after submission"
    page.save_revision(user=people["editor"])
    client.force_login(people["reviewer"])
    before = snapshot(page)
    response = admin_actions.edit(
        client,
        page,
        **{"action-workflow-action": "1", "workflow-action-name": "approve"},
    )
    assert snapshot(page) == before
    assert "changed after it was submitted for review" in messages_of(response)[0]


def test_a_reviewers_own_edit_while_approving_is_not_stale(client, submitted, people):
    client.force_login(people["reviewer"])
    admin_actions.edit(
        client,
        submitted,
        title="Fixed by the reviewer",
        **{"action-workflow-action": "1", "workflow-action-name": "approve"},
    )
    page = TopicPage.objects.get(pk=submitted.pk)
    assert page.live and page.title == "Fixed by the reviewer"
    assert not page.workflow_in_progress


def test_a_reviewer_without_rights_in_the_section(client, topic_index, people):
    """A Reviewers member whose rights were narrowed to another section cannot approve here."""
    from wagtail.models import GroupPagePermission

    elsewhere = TopicCategoryPageFactory(parent=topic_index, slug="elsewhere")
    here = TopicCategoryPageFactory(parent=topic_index, slug="here")
    narrow = Group.objects.create(name="Reviewers of elsewhere")
    reviewers = Group.objects.get(name="Reviewers")
    for grant in GroupPagePermission.objects.filter(group=reviewers):
        GroupPagePermission.objects.create(
            group=narrow, page=elsewhere, permission=grant.permission
        )
    GroupPagePermission.objects.filter(group=reviewers).delete()
    people["reviewer"].groups.add(narrow)

    page = TopicPageFactory(parent=here, slug="outside", live=False)
    page.save_revision(user=people["editor"])
    page.get_workflow().start(page, people["editor"])
    client.force_login(people["reviewer"])
    before = snapshot(page)
    response = admin_actions.workflow_action(client, page, "approve")
    assert snapshot(page) == before
    assert messages_of(response) == [
        f"You cannot approve “{page.title}”: you have no review rights in its section."
    ]
