"""SQL queries per request are constant: they do not grow with blocks, tags, links or results."""

import pytest
from wagtail.models import Site

from pages.models import TopicPageRelatedPin
from tests.factories import TopicPageFactory, publish

pytestmark = pytest.mark.django_db

#: content version, view restrictions, the page (with its crisis resources), ancestors
#: and linked pages, the publisher settings (with the default crisis resources), tags,
#: related pages (pinned and ranked in one)
TOPIC_DETAIL_QUERIES = 7
#: the same, but the page is found by path first (its id and type, then its row)
RESOLVE_QUERIES = 8
#: content version, view restrictions, count, rows, their tags, their categories
LISTING_QUERIES = 6


def rich_text(links: list[int]) -> str:
    anchors = "".join(f'<a linktype="page" id="{pk}">link {pk}</a> ' for pk in links)
    return f"<p>Text {anchors}</p>"


def body(blocks: int, links: list[int], cta_page=None) -> list:
    stream = [
        ("rich_text", {"heading": f"Section {n}", "body": rich_text(links if n == 0 else [])})
        for n in range(blocks)
    ]
    stream.append(
        (
            "cta",
            {
                "heading": "Ready?",
                "body": "Go.",
                "button_label": "Go",
                "target_page": cta_page,
                "target_url": "" if cta_page else "/go/",
            },
        )
    )
    return stream


def make_topic(category, slug, *, blocks, tags, links, related, cta_page=None):
    others = [
        publish(TopicPageFactory(parent=category, slug=f"{slug}-other-{n}")) for n in range(related)
    ]
    for other in others:
        other.tags.add(tags[0])
        publish(other)
    link_targets = [others[n % len(others)].pk for n in range(links)] if others else []
    page = TopicPageFactory(
        parent=category, slug=slug, body=body(blocks, link_targets, cta_page=cta_page)
    )
    page.tags.add(*tags)
    publish(page)
    for number, other in enumerate(others[:2]):
        TopicPageRelatedPin.objects.create(page=page, related_page=other, sort_order=number)
    return page


@pytest.fixture
def small_and_large(category):
    small = make_topic(category, "small", blocks=1, tags=["t0"], links=0, related=0)
    large = make_topic(
        category,
        "large",
        blocks=40,
        tags=[f"t{n}" for n in range(20)],
        links=30,
        related=6,
        cta_page=category,
    )
    Site.get_site_root_paths()  # Wagtail caches the site roots across requests
    return small, large


def test_topic_detail_query_count_is_constant(client, small_and_large, django_assert_num_queries):
    small, large = small_and_large
    for page in (small, large):
        with django_assert_num_queries(TOPIC_DETAIL_QUERIES):
            response = client.get(f"/api/v1/topics/{page.pk}/")
        assert response.status_code == 200
    detail = response.json()
    assert len(detail["body"]) == 41
    assert len(detail["tags"]) == 20
    assert len(detail["related"]) == 6
    assert detail["body"][0]["value"]["body"].count("<a href=") == 30
    assert detail["body"][-1]["value"]["target"] == "/topics/relationships/"


def test_resolve_query_count_is_constant(client, small_and_large, django_assert_num_queries):
    for page in small_and_large:
        with django_assert_num_queries(RESOLVE_QUERIES):
            response = client.get("/api/v1/pages/resolve/", {"path": page.url})
        assert response.status_code == 200


def test_listing_query_count_does_not_grow_with_page_size(
    client, small_and_large, django_assert_num_queries
):
    for limit in (1, 50):
        with django_assert_num_queries(LISTING_QUERIES):
            response = client.get("/api/v1/topics/", {"limit": limit})
        assert len(response.json()["results"]) == min(limit, response.json()["count"])


def test_cached_responses_need_one_query(client, small_and_large, django_assert_num_queries):
    url = f"/api/v1/topics/{small_and_large[1].pk}/"
    client.get(url)
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200
