"""Only live, public content reaches the API: drafts, unpublished and private pages never do."""

import pytest
from wagtail.models import PageViewRestriction

from pages.models import TopicPage
from tests.factories import clinical_reviewer, committed, sample_body

pytestmark = pytest.mark.django_db

ARTICLE = "/topics/relationships/trust-issues/"
CONFLICT = "/topics/relationships/conflict-cycles/"


def resolve(client, path):
    return client.get("/api/v1/pages/resolve/", {"path": path})


def all_listed_paths(client) -> dict[str, set[str]]:
    topics = client.get("/api/v1/topics/", {"limit": 100}).json()["results"]
    navigation = client.get("/api/v1/navigation/").json()
    return {
        "topics": {topic["path"] for topic in topics},
        "navigation": {topic["path"] for entry in navigation for topic in entry["topics"]},
        "routes": {route["path"] for route in client.get("/api/v1/routes/").json()},
        "related": {
            related["path"] for related in resolve(client, ARTICLE).json().get("related", [])
        },
    }


def test_a_draft_edit_is_not_served_until_published(client, demo):
    page = TopicPage.objects.get(slug="trust-issues")
    page.title = "Draft title nobody approved"
    page.save_revision()
    detail = resolve(client, ARTICLE).json()
    assert detail["title"] == "I Want to Trust, But I Can't: Therapy for Trust Issues"
    assert "Draft title" not in client.get("/api/v1/topics/", {"limit": 100}).content.decode()

    page.get_latest_revision().publish(user=clinical_reviewer())
    assert resolve(client, ARTICLE).json()["title"] == "Draft title nobody approved"


def test_a_never_published_page_is_invisible(client, demo, category_of_demo):
    draft = TopicPage(
        title="Unreviewed draft", slug="unreviewed", summary="s", body=sample_body(), live=False
    )
    category_of_demo.add_child(instance=draft)
    draft.save_revision()
    assert resolve(client, "/topics/relationships/unreviewed/").status_code == 404
    assert client.get(f"/api/v1/topics/{draft.pk}/").status_code == 404
    for name, paths in all_listed_paths(client).items():
        assert "/topics/relationships/unreviewed/" not in paths, name


def test_an_unpublished_page_returns_404_and_leaves_every_listing(client, demo):
    page = TopicPage.objects.get(slug="conflict-cycles")
    assert CONFLICT in all_listed_paths(client)["routes"]
    with committed():
        page.unpublish()
    assert resolve(client, CONFLICT).status_code == 404
    assert client.get(f"/api/v1/topics/{page.pk}/").status_code == 404
    listing = client.get("/api/v1/topics/", {"limit": 100}).json()
    assert listing["count"] == len(listing["results"]) == TopicPage.objects.live().count() == 8
    for name, paths in all_listed_paths(client).items():
        assert CONFLICT not in paths, name


def test_links_to_an_unpublished_page_become_plain_text(client, demo):
    with committed():
        TopicPage.objects.get(slug="conflict-cycles").unpublish()
    body = resolve(client, ARTICLE).json()["body"]
    first_section = body[2]["value"]["body"]
    assert "as a conflict cycle where every small issue" in first_section
    assert "conflict-cycles" not in str(body)
    assert 'href="/topics/relationships/attachment-anxiety/"' in body[3]["value"]["body"]


def test_links_to_a_deleted_page_become_plain_text(client, demo):
    with committed():
        TopicPage.objects.get(slug="conflict-cycles").delete()
    body = str(resolve(client, ARTICLE).json()["body"])
    assert "conflict-cycles" not in body
    assert "rupture and repair cycles using evidence-based" in body
    assert "linktype" not in body


def test_cta_page_targets_resolve_to_paths_and_vanish_when_unpublished(client, demo):
    page = TopicPage.objects.get(slug="trust-issues")
    target = TopicPage.objects.get(slug="attachment-anxiety")
    body = page.body.raw_data
    cta = next(block for block in body if block["type"] == "cta")
    cta["value"].update(target_page=target.pk, target_url="")
    page.body = body
    page.save_revision().publish(user=clinical_reviewer())

    def cta_target():
        detail = resolve(client, ARTICLE).json()
        return next(block for block in detail["body"] if block["type"] == "cta")["value"]["target"]

    assert cta_target() == "/topics/relationships/attachment-anxiety/"
    with committed():
        target.unpublish()
    assert cta_target() is None


def test_private_pages_are_invisible(client, demo):
    page = TopicPage.objects.get(slug="conflict-cycles")
    with committed():
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    assert resolve(client, CONFLICT).status_code == 404
    assert client.get(f"/api/v1/topics/{page.pk}/").status_code == 404
    listing = client.get("/api/v1/topics/", {"limit": 100}).json()
    assert listing["count"] == len(listing["results"]) == TopicPage.objects.live().count() - 1
    for name, paths in all_listed_paths(client).items():
        assert CONFLICT not in paths, name
    tags = {tag["slug"]: tag["count"] for tag in client.get("/api/v1/tags/").json()}
    assert tags == {
        tag["slug"]: tag["count"] for tag in tags_without(client, demo_topic="conflict-cycles")
    }


def tags_without(client, *, demo_topic):
    """Expected tag counts: every live topic except one."""
    counts: dict[str, int] = {}
    for page in TopicPage.objects.live().exclude(slug=demo_topic).prefetch_related("tags"):
        for tag in page.tags.all():
            counts[tag.slug] = counts.get(tag.slug, 0) + 1
    return [{"slug": slug, "count": count} for slug, count in counts.items()]
