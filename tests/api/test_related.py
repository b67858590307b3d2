"""Related pages: pinned first, then by shared tags, then by recency; never the page itself."""

import pytest

from tests.factories import TopicPageFactory, pin, publish, unpublish

pytestmark = pytest.mark.django_db


def tagged(category, slug, tags):
    page = TopicPageFactory(parent=category, slug=slug, title=slug.title())
    page.tags.add(*tags)
    return publish(page)


def related_slugs(client, page):
    detail = client.get(f"/api/v1/topics/{page.pk}/").json()
    return [item["path"].rstrip("/").rsplit("/", 1)[-1] for item in detail["related"]]


def test_ranked_by_shared_tags_then_recency(client, category):
    page = tagged(category, "subject", ["a", "b", "c"])
    tagged(category, "one-shared", ["a"])
    tagged(category, "three-shared", ["a", "b", "c", "z"])
    tagged(category, "two-shared-older", ["a", "b"])
    tagged(category, "two-shared-newer", ["b", "c"])
    tagged(category, "unrelated", ["z"])
    assert related_slugs(client, page) == [
        "three-shared",
        "two-shared-newer",
        "two-shared-older",
        "one-shared",
    ]


def test_pinned_pages_come_first_and_are_not_repeated(client, category):
    page = tagged(category, "subject", ["a"])
    tagged(category, "shares-a", ["a"])
    pinned_unrelated = tagged(category, "pinned-unrelated", ["z"])
    pinned_shared = TopicPageFactory._meta.model.objects.get(slug="shares-a")
    pin(page, pinned_unrelated, pinned_shared)
    detail = client.get(f"/api/v1/topics/{page.pk}/").json()
    assert [(item["path"], item["pinned"]) for item in detail["related"]] == [
        (pinned_unrelated.url, True),
        (pinned_shared.url, True),
    ]


def test_at_most_six_and_never_itself(client, category):
    page = tagged(category, "subject", ["a"])
    for number in range(8):
        tagged(category, f"other-{number}", ["a"])
    slugs = related_slugs(client, page)
    assert len(slugs) == 6
    assert "subject" not in slugs


def test_unpublished_pinned_pages_are_left_out(client, category):
    page = tagged(category, "subject", ["a"])
    gone = tagged(category, "gone", ["a"])
    pin(page, gone)
    unpublish(gone)
    assert related_slugs(client, page) == []


def test_demo_article_has_related_pages_sharing_tags(client, demo):
    from pages.models import TopicPage

    page = TopicPage.objects.get(slug="trust-issues")
    detail = client.get(f"/api/v1/topics/{page.pk}/").json()
    assert 1 <= len(detail["related"]) <= 6
    counts = [item["shared_tags"] for item in detail["related"]]
    assert counts == sorted(counts, reverse=True)
    assert all(count >= 1 for count in counts)


def test_private_and_unpublished_pages_are_never_related(client, category):
    from wagtail.models import PageViewRestriction

    page = tagged(category, "subject", ["a", "b", "c"])
    private = tagged(category, "private", ["a", "b", "c"])
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    unpublish(tagged(category, "unpublished", ["a", "b", "c"]))
    tagged(category, "live", ["a"])
    pin(page, private)
    assert related_slugs(client, page) == ["live"]


def test_many_unpublished_close_matches_do_not_crowd_out_live_ones(client, category):
    page = tagged(category, "subject", ["a", "b", "c"])
    for number in range(30):
        unpublish(tagged(category, f"draft-{number}", ["a", "b", "c"]))
    tagged(category, "live-one", ["a"])
    tagged(category, "live-two", ["b", "c"])
    assert related_slugs(client, page) == ["live-two", "live-one"]


def test_pins_keep_the_editors_order_and_tags_fill_the_rest(client, category):
    page = tagged(category, "subject", ["a"])
    for number in range(6):
        tagged(category, f"shares-{number}", ["a"])
    second = tagged(category, "pinned-second", ["z"])
    first = tagged(category, "pinned-first", ["z"])
    pin(page, first, second)
    detail = client.get(f"/api/v1/topics/{page.pk}/").json()
    related = [
        (item["path"].rstrip("/").rsplit("/", 1)[-1], item["pinned"]) for item in detail["related"]
    ]
    assert related[:2] == [("pinned-first", True), ("pinned-second", True)]
    assert len(related) == 6
    assert all(not pinned and slug.startswith("shares-") for slug, pinned in related[2:])
