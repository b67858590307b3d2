"""`GET /api/v1/review/`: the review queue, for Reviewers only."""

import pytest
import textstat
from wagtail.models import APIToken

from tests.factories import TopicPageFactory, publish

pytestmark = pytest.mark.django_db

URL = "/api/v1/review/"


def bearer(user):
    _, token = APIToken.create_token(user=user, name="tools")
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def submitted(category, people):
    page = TopicPageFactory(parent=category, slug="in-review", title="In review", live=False)
    page.save_revision(user=people["editor"])
    page.get_workflow().start(page, people["editor"])
    return page


def test_reviewers_see_pages_in_review(client, submitted, people):
    response = client.get(URL, headers=bearer(people["reviewer"]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    (item,) = response.json()
    assert item == {
        "page_id": submitted.pk,
        "title": "In review",
        "submitted_by": "Editor Person",
        "submitted_at": item["submitted_at"],
        "workflow": "Clinical review",
        "task": "Clinical approval",
        "task_state": "in_progress",
        "reading_level": item["reading_level"],
        "admin_edit_url": f"http://testserver/admin/pages/{submitted.pk}/edit/",
    }
    # The summary and the body's text, as a reader reads them (see tests.factories).
    text = (
        "A short summary for cards. I keep checking my phone. Why it happens. Because of the loop."
    )
    assert item["reading_level"] == {
        "grade": round(textstat.flesch_kincaid_grade(text), 1),
        "target": 8.0,
        "above_target": False,
        "words": 17,
    }


def test_the_reading_level_is_of_the_revision_under_review(client, category, people):
    """Not of the live page: the reviewer approves what was submitted."""
    page = publish(TopicPageFactory(parent=category, slug="plain", summary="Short and plain."))
    page.summary = (
        "Interpersonal hypervigilance characteristically necessitates comprehensive "
        "psychotherapeutic intervention, notwithstanding considerable individual variability."
    )
    page.save_revision(user=people["editor"])
    page.get_workflow().start(page, people["editor"])
    (item,) = client.get(URL, headers=bearer(people["reviewer"])).json()
    assert item["reading_level"]["grade"] > 8
    assert item["reading_level"]["above_target"] is True


def test_session_login_works_too(client, submitted, people):
    client.force_login(people["reviewer"])
    assert len(client.get(URL).json()) == 1


def test_anonymous_gets_401(client, submitted):
    response = client.get(URL)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "not_authenticated"


def test_a_bad_token_gets_401(client, submitted):
    response = client.get(URL, headers={"Authorization": "Bearer wagtail_nonsense"})
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "The token is unknown, revoked or inactive."


def test_a_revoked_token_gets_401(client, submitted, people):
    headers = bearer(people["reviewer"])
    APIToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
    assert client.get(URL, headers=headers).status_code == 401


def test_editors_get_403(client, submitted, people):
    response = client.get(URL, headers=bearer(people["editor"]))
    assert response.status_code == 403
    assert response.json()["error"]["message"] == (
        "Only members of the Reviewers group may read the review queue."
    )


def test_the_queue_empties_when_reviewed(client, submitted, people):
    submitted.current_workflow_task_state.specific.approve(user=people["reviewer"])
    assert client.get(URL, headers=bearer(people["reviewer"])).json() == []
