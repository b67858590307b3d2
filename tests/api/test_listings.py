"""Topic listing, tags, navigation, routes and redirects."""

import pytest
from wagtail.contrib.redirects.models import Redirect

from pages.models import TopicCategoryPage, TopicPage
from tests.factories import clinical_reviewer

pytestmark = pytest.mark.django_db


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def live_topics():
    return TopicPage.objects.live()


def test_topics_are_paginated_in_drfs_shape(client, demo):
    first = get(client, "/api/v1/topics/", limit=4)
    assert first["count"] == live_topics().count() == 9
    assert len(first["results"]) == 4
    assert first["previous"] is None
    assert first["next"].endswith("/api/v1/topics/?limit=4&offset=4")
    last = get(client, "/api/v1/topics/", limit=4, offset=8)
    assert len(last["results"]) == 1
    assert last["next"] is None


def test_topics_default_to_pages_of_twenty(client, category):
    from tests.factories import TopicPageFactory, publish

    for number in range(21):
        publish(TopicPageFactory(parent=category, slug=f"topic-{number}"))
    listing = get(client, "/api/v1/topics/")
    assert (listing["count"], len(listing["results"])) == (21, 20)
    assert listing["next"].endswith("/api/v1/topics/?limit=20&offset=20")


def test_topic_summary_fields(client, demo):
    page = TopicPage.objects.get(slug="trust-issues")
    results = get(client, "/api/v1/topics/", limit=100)["results"]
    summary = next(item for item in results if item["id"] == page.pk)
    assert summary == {
        "id": page.pk,
        "title": page.title,
        "path": "/topics/relationships/trust-issues/",
        "summary": page.summary,
        "tags": [
            {"name": name, "slug": name}
            for name in ["attachment", "couples", "nervous-system", "relationships", "trust"]
        ],
        "category": {
            "id": page.get_parent().pk,
            "title": "Relationships",
            "slug": "relationships",
            "path": "/topics/relationships/",
        },
        "last_published_at": summary["last_published_at"],
    }
    assert summary["last_published_at"].startswith(page.last_published_at.date().isoformat())


def test_topics_filter_by_every_given_tag(client, demo):
    trust = {p.pk for p in live_topics().filter(tags__slug="trust")}
    couples = {p.pk for p in live_topics().filter(tags__slug="couples")}
    assert trust & couples and trust != couples
    listing = get(client, "/api/v1/topics/?tag=trust&tag=couples&limit=100")
    assert {item["id"] for item in listing["results"]} == trust & couples
    assert listing["count"] == len(trust & couples)


def test_topics_filter_by_category(client, demo):
    listing = get(client, "/api/v1/topics/", category="anxiety", limit=100)
    results = listing["results"]
    anxiety = TopicCategoryPage.objects.get(slug="anxiety")
    assert {item["id"] for item in results} == {page.pk for page in live_topics().child_of(anxiety)}
    assert listing["count"] == live_topics().child_of(anxiety).count()
    assert {item["category"]["slug"] for item in results} == {"anxiety"}


def test_topics_order_by_title_or_recency(client, demo):
    by_title = [item["title"] for item in get(client, "/api/v1/topics/", limit=100)["results"]]
    assert by_title == sorted(by_title)
    newest = TopicPage.objects.get(slug="panic-attacks")
    newest.save_revision().publish(user=clinical_reviewer())
    recent = get(client, "/api/v1/topics/", ordering="-last_published_at", limit=100)["results"]
    assert recent[0]["id"] == newest.pk
    stamps = [item["last_published_at"] for item in recent]
    assert stamps == sorted(stamps, reverse=True)


def test_tags_count_live_pages(client, demo):
    tags = get(client, "/api/v1/tags/")
    expected: dict[str, int] = {}
    for page in live_topics().prefetch_related("tags"):
        for tag in page.tags.all():
            expected[tag.slug] = expected.get(tag.slug, 0) + 1
    assert {tag["slug"]: tag["count"] for tag in tags} == expected
    assert [tag["name"] for tag in tags] == sorted(tag["name"] for tag in tags)
    TopicPage.objects.get(slug="trust-issues").unpublish()
    after = {tag["slug"]: tag["count"] for tag in get(client, "/api/v1/tags/")}
    assert after["trust"] == expected["trust"] - 1


def test_navigation_lists_categories_with_their_live_topics(client, demo):
    navigation = get(client, "/api/v1/navigation/")
    assert [entry["category"]["slug"] for entry in navigation] == [
        "relationships",
        "anxiety",
        "trauma",
    ]
    relationships = navigation[0]
    titles = [topic["title"] for topic in relationships["topics"]]
    assert titles == sorted(titles)
    assert "/topics/relationships/trust-issues/" in [t["path"] for t in relationships["topics"]]
    assert set(relationships["topics"][0]) == {"id", "title", "slug", "path"}


def test_routes_list_every_live_page(client, demo):
    routes = get(client, "/api/v1/routes/")
    paths = [route["path"] for route in routes]
    assert paths[:2] == ["/", "/topics/"]
    assert len(paths) == 1 + 1 + 3 + 9
    trust = next(
        route for route in routes if route["path"] == "/topics/relationships/trust-issues/"
    )
    assert trust["type"] == "pages.TopicPage"
    assert trust["last_modified"]


def test_redirects_are_listed_with_page_targets_as_paths(client, demo):
    page = TopicPage.objects.get(slug="trust-issues")
    Redirect.objects.create(old_path="/trust", redirect_page=page, is_permanent=True)
    Redirect.objects.create(
        old_path="/old-blog", redirect_link="https://blog.example.org/", is_permanent=False
    )
    assert get(client, "/api/v1/redirects/") == [
        {"old_path": "/old-blog", "target": "https://blog.example.org/", "is_permanent": False},
        {
            "old_path": "/trust",
            "target": "/topics/relationships/trust-issues/",
            "is_permanent": True,
        },
    ]
    page.unpublish()
    assert [r["old_path"] for r in get(client, "/api/v1/redirects/")] == ["/old-blog"]
