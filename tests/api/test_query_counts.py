"""SQL queries per request are constant: they do not grow with blocks, tags, links or results."""

import pytest
from wagtail.models import Site

from api.models import PageDocument
from pages.models import TopicPageRelatedPin
from tests.factories import TopicPageFactory, publish

pytestmark = pytest.mark.django_db

#: the stored document (api.documents), whatever the page holds
TOPIC_DETAIL_QUERIES = 1
RESOLVE_QUERIES = 1
#: A page whose document is missing is built by the read that finds it so: the
#: missing document; view restrictions, the page (with its crisis resources),
#: ancestors and linked pages, the publisher settings (with the default crisis
#: resources), tags, related pages (pinned and ranked in one); then the write: the
#: old document, the write's transaction, the insert's savepoint, the insert, its
#: release, the dependencies (one insert), the transaction's end, the version
MISSING_DOCUMENT_QUERIES = 7 + 8
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
    page.pinned_related = [
        TopicPageRelatedPin(related_page=other, sort_order=number)
        for number, other in enumerate(others[:2])
    ]
    return publish(page)


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


def test_a_missing_document_is_built_once_by_the_read_that_finds_it(
    client, small_and_large, django_assert_num_queries
):
    small, large = small_and_large
    PageDocument.objects.filter(pk__in=[small.pk, large.pk]).delete()
    for page in (small, large):
        with django_assert_num_queries(MISSING_DOCUMENT_QUERIES):
            built = client.get(f"/api/v1/topics/{page.pk}/")
        with django_assert_num_queries(TOPIC_DETAIL_QUERIES):
            stored = client.get(f"/api/v1/topics/{page.pk}/")
        assert built.content == stored.content
        assert built["ETag"] == stored["ETag"]
    assert [item["id"] for item in built.json()["related"][:2]] == [
        pin.related_page_id for pin in large.pinned_related.order_by("sort_order")
    ]


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
    url = "/api/v1/topics/?tag=t0"
    client.get(url)
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200
