"""Who may do what, asserted cell by cell through the real admin views."""

import pytest
from wagtail.models import Revision, WorkflowState

from pages.models import TopicPage
from tests.factories import TopicPageFactory, publish
from tests.pages import admin_actions

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "editor", "reviewer", "admin"]
ALLOWED = {
    "create": {"editor", "reviewer", "admin"},
    "edit": {"editor", "reviewer", "admin"},
    "submit": {"editor", "reviewer", "admin"},
    "approve": {"reviewer", "admin"},
    "reject": {"reviewer", "admin"},
    "publish": {"reviewer", "admin"},
    "unpublish": {"reviewer", "admin"},
    "delete": {"reviewer", "admin"},
    "preview": {"editor", "reviewer", "admin"},
}


@pytest.fixture
def live_topic(category, people):
    return publish(TopicPageFactory(parent=category, slug="live-topic", title="Live topic"))


@pytest.fixture
def in_review(live_topic, people):
    live_topic.title = "Submitted change"
    live_topic.save_revision(user=people["editor"])
    live_topic.get_workflow().start(live_topic, people["editor"])
    return TopicPage.objects.get(pk=live_topic.pk)


def act(action, client, request):
    """Perform ``action`` and return a function that says whether it took effect."""
    if action == "create":
        category = request.getfixturevalue("category")
        admin_actions.create(
            client, category, title="Brand new", slug="brand-new", summary="New page."
        )
        return lambda: TopicPage.objects.filter(slug="brand-new").exists()
    if action in {"approve", "reject"}:
        page = request.getfixturevalue("in_review")
        admin_actions.workflow_action(client, page, action, comment="Checked.")
        status = {"approve": "approved", "reject": "needs_changes"}[action]
        return lambda: WorkflowState.objects.filter(status=status).exists()
    page = request.getfixturevalue("live_topic")
    revisions = Revision.objects.count()
    if action == "edit":
        admin_actions.edit(client, page, title="Edited draft")
        return lambda: Revision.objects.count() == revisions + 1
    if action == "submit":
        admin_actions.edit(client, page, action="submit", title="Please review")
        return lambda: TopicPage.objects.get(pk=page.pk).workflow_in_progress
    if action == "publish":
        admin_actions.edit(client, page, action="publish", title="Published directly")
        return lambda: TopicPage.objects.get(pk=page.pk).title == "Published directly"
    if action == "unpublish":
        admin_actions.unpublish(client, page)
        return lambda: not TopicPage.objects.get(pk=page.pk).live
    if action == "delete":
        admin_actions.delete(client, page)
        return lambda: not TopicPage.objects.filter(pk=page.pk).exists()
    if action == "preview":
        response = admin_actions.preview(client, page)
        return lambda: response.status_code == 200 and b"Edited text." in response.content
    raise AssertionError(action)


@pytest.mark.parametrize("action", list(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, people, request, role, action):
    if role != "anonymous":
        client.force_login(people[role])
    took_effect = act(action, client, request)
    assert took_effect() is (role in ALLOWED[action])
