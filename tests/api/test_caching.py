"""ETag, Cache-Control and 304; a publish, unpublish or move is visible on the next request."""

import pytest
from django.test import override_settings

from pages.models import TopicCategoryPage, TopicPage
from tests.factories import clinical_reviewer, committed, sample_body

pytestmark = pytest.mark.django_db

ARTICLE = "/topics/relationships/trust-issues/"


def resolve(client, path=ARTICLE, **headers):
    return client.get("/api/v1/pages/resolve/", {"path": path}, headers=headers)


def test_responses_carry_etag_and_public_cache_control(client, demo):
    response = resolve(client)
    assert response.status_code == 200
    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')
    assert response["Cache-Control"] == "public, max-age=30"
    assert response["Content-Type"] == "application/json"


@override_settings(API_CACHE_MAX_AGE=300)
def test_max_age_is_configurable(client, demo):
    assert resolve(client)["Cache-Control"] == "public, max-age=300"


def test_if_none_match_gets_304_without_a_body(client, demo):
    etag = resolve(client)["ETag"]
    response = resolve(client, **{"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert resolve(client, **{"If-None-Match": '"something-else"'}).status_code == 200


def test_every_url_has_its_own_etag(client, demo):
    assert resolve(client)["ETag"] != resolve(client, "/topics/")["ETag"]


def test_publish_changes_the_response_and_the_etag(client, demo):
    before = resolve(client)
    page = TopicPage.objects.get(slug="trust-issues")
    page.title = "A newly approved title"
    page.save_revision().publish(user=clinical_reviewer())
    after = resolve(client, **{"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert after.json()["title"] == "A newly approved title"
    assert after["ETag"] != before["ETag"]


def test_unpublish_is_visible_at_once_everywhere(client, demo):
    listing = client.get("/api/v1/topics/", {"limit": 100})
    assert resolve(client).status_code == 200
    with committed():
        TopicPage.objects.get(slug="trust-issues").unpublish()
    assert resolve(client).status_code == 404
    paths = [
        item["path"] for item in client.get("/api/v1/topics/", {"limit": 100}).json()["results"]
    ]
    assert ARTICLE not in paths
    assert client.get("/api/v1/topics/", {"limit": 100})["ETag"] != listing["ETag"]


def test_move_is_visible_at_once(client, demo):
    resolve(client)
    page = TopicPage.objects.get(slug="trust-issues")
    with committed():
        page.move(TopicCategoryPage.objects.get(slug="anxiety"), pos="last-child")
    assert resolve(client).status_code == 404
    moved = resolve(client, "/topics/anxiety/trust-issues/").json()
    assert moved["category"]["slug"] == "anxiety"
    linking = resolve(client, "/topics/relationships/conflict-cycles/").json()
    assert "/topics/relationships/trust-issues/" not in str(linking)


def test_errors_are_not_cached(client, demo):
    assert resolve(client, "/topics/relationships/new-topic/").status_code == 404
    category = TopicCategoryPage.objects.get(slug="relationships")
    page = TopicPage(title="New topic", slug="new-topic", summary="New.", body=sample_body())
    category.add_child(instance=page)
    page.save_revision().publish(user=clinical_reviewer())
    assert resolve(client, "/topics/relationships/new-topic/").status_code == 200
