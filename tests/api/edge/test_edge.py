"""The edge cache: surrogate keys on every public response, and exact purges on publish."""

import json

import pytest
from django.test import override_settings
from wagtail.contrib.redirects.models import Redirect

from api.edge import PurgeFailed, document_keys
from api.edge.backends import CloudflareTags, WagtailFrontendCache
from api.models import DocumentDependency, PageDocument
from tests.api.receiver import Receiver
from tests.factories import TopicPageFactory, publish
from tests.live_server import free_port

pytestmark = pytest.mark.django_db

VARNISH = "api.edge.backends.VarnishXkey"


@pytest.fixture
def edge():
    """A real HTTP server standing in the edge's place, recording each purge it gets."""
    receiver = Receiver(free_port()).start()
    with override_settings(
        EDGE_PURGE_BACKEND=VARNISH, EDGE_PURGE_LOCATIONS=[f"http://127.0.0.1:{receiver.port}"]
    ):
        yield receiver
    receiver.stop()


def purged(receiver) -> list[set[str]]:
    return [
        set({k.lower(): v for k, v in request.headers.items()}["xkey-purge"].split())
        for request in receiver.received
    ]


def test_a_detail_names_its_page_and_every_page_it_shows(client, category):
    page = publish(TopicPageFactory(parent=category, slug="news"))
    shows = set(
        DocumentDependency.objects.filter(document_id=page.pk).values_list("page_id", flat=True)
    )
    assert category.pk in shows
    for url in (
        f"/api/v1/topics/{page.pk}/",
        "/api/v1/pages/resolve/?path=/topics/relationships/news/",
    ):
        response = client.get(url)
        keys = response["xkey"].split()
        assert keys == [f"td-page-{page.pk}", *(f"td-shows-{pk}" for pk in sorted(shows))]
        assert response["Surrogate-Key"] == response["xkey"]
        assert response["Cache-Tag"] == ",".join(keys)


def test_listings_name_themselves_and_the_listings_key(client, category):
    publish(TopicPageFactory(parent=category, slug="news"))
    assert client.get("/api/v1/topics/")["xkey"] == "td-listings td-listing-topics"
    assert client.get("/api/v1/tags/")["xkey"] == "td-listings td-listing-tags"
    not_modified = client.get(
        "/api/v1/tags/", HTTP_IF_NONE_MATCH=client.get("/api/v1/tags/")["ETag"]
    )
    assert not_modified.status_code == 304
    assert not_modified["xkey"] == "td-listings td-listing-tags"


def test_the_edge_keeps_responses_for_long_only_when_something_purges_it(client, category):
    page = publish(TopicPageFactory(parent=category, slug="news"))
    url = f"/api/v1/topics/{page.pk}/"
    assert client.get(url)["Cache-Control"] == "public, max-age=30"
    with override_settings(EDGE_PURGE_BACKEND=VARNISH, EDGE_PURGE_LOCATIONS=["http://127.0.0.1:9"]):
        directives = set(client.get(url)["Cache-Control"].split(", "))
    assert directives == {
        "public",
        "max-age=30",
        "s-maxage=21600",
        "stale-while-revalidate=60",
        "stale-if-error=86400",
    }


def test_a_reference_page_is_tagged_for_readers_but_not_for_signed_in_editors(
    client, category, people
):
    page = publish(TopicPageFactory(parent=category, slug="news"))
    response = client.get(page.url)
    assert response.status_code == 200
    assert response["xkey"] == f"td-page-{page.pk}"
    assert "public" in response["Cache-Control"]
    client.force_login(people["editor"])
    response = client.get(page.url)
    assert "xkey" not in response and "public" not in response.get("Cache-Control", "")


def test_a_publish_purges_its_page_then_exactly_the_documents_the_worker_rebuilt(edge, category):
    publish(TopicPageFactory(parent=category, slug="older"))
    before = dict(PageDocument.objects.values_list("pk", "etag"))
    edge.received.clear()
    page = publish(TopicPageFactory(parent=category, slug="news"))
    after = dict(PageDocument.objects.values_list("pk", "etag"))
    changed = {pk for pk, etag in after.items() if before.get(pk) != etag} - {page.pk}
    assert category.pk in changed  # its listing of children shows the new page
    first, second = purged(edge)
    # At once, from the publishing process: the page itself, and the listings.
    assert first == {f"td-page-{page.pk}", "td-listings"}
    # From the worker, after rebuilding: exactly the documents whose bytes changed.
    assert second == {f"td-page-{pk}" for pk in changed} | {"td-listings"}
    assert all(request.method == "PURGE" for request in edge.received)


def test_an_unpublish_purges_the_page_whose_document_went(edge, category):
    page = publish(TopicPageFactory(parent=category, slug="news"))
    edge.received.clear()
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        page.unpublish()
    assert not PageDocument.objects.filter(pk=page.pk).exists()
    assert f"td-page-{page.pk}" in purged(edge)[0]


def test_a_redirect_purges_the_listings_only(edge, category, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Redirect.objects.create(old_path="/old", redirect_link="https://example.org/")
    assert purged(edge) == [{"td-listings"}]


def test_a_publish_succeeds_while_the_edge_is_down_and_the_purge_is_retried(
    category, caplog, django_capture_on_commit_callbacks
):
    # Port 9 (discard) has nothing listening here: every purge is refused.
    with override_settings(EDGE_PURGE_BACKEND=VARNISH, EDGE_PURGE_LOCATIONS=["http://127.0.0.1:9"]):
        page = publish(TopicPageFactory(parent=category, slug="news"))
    assert PageDocument.objects.filter(pk=page.pk).exists()
    assert "Purging the edge failed" in caplog.text
    assert "Varnish at http://127.0.0.1:9 did not answer" in caplog.text


def test_documents_keys_follow_their_dependency_rows_after_any_change(demo):
    from wagtail.models import Page

    from tests.factories import publish as republish

    topic = Page.objects.get(slug="conflict-cycles").specific
    topic.title = "Conflict cycles, renamed"
    republish(topic)
    rows: dict[int, set[int]] = {}
    for document_id, page_id in DocumentDependency.objects.values_list("document_id", "page_id"):
        rows.setdefault(document_id, set()).add(page_id)
    for pk, keys in PageDocument.objects.values_list("pk", "surrogate_keys"):
        assert keys == document_keys(pk, rows.get(pk, ()))


def test_varnish_refusing_a_purge_is_a_failure_naming_it(edge):
    from api.edge.backends import VarnishXkey

    edge.status = 403
    with pytest.raises(PurgeFailed, match="answered HTTP 403"):
        VarnishXkey([f"http://127.0.0.1:{edge.port}"]).purge({"td-page-1"}, set())


@override_settings(CLOUDFLARE_ZONE_ID="zone-1", CLOUDFLARE_API_TOKEN="token-1")  # noqa: S106
def test_cloudflare_purges_by_cache_tag_thirty_at_a_time():
    receiver = Receiver(free_port(), reply=b'{"success": true, "errors": []}').start()
    try:
        backend = CloudflareTags([f"http://127.0.0.1:{receiver.port}/client/v4"])
        keys = {f"td-page-{pk}" for pk in range(45)}
        backend.purge(keys, set())
        assert [r.path for r in receiver.received] == ["/client/v4/zones/zone-1/purge_cache"] * 2
        assert receiver.received[0].headers["Authorization"] == "Bearer token-1"
        sent = [json.loads(r.body)["tags"] for r in receiver.received]
        assert [len(tags) for tags in sent] == [30, 15] and set(sent[0] + sent[1]) == keys
        receiver.reply = b'{"success": false, "errors": [{"code": 1134, "message": "No tags"}]}'
        with pytest.raises(PurgeFailed, match="No tags"):
            backend.purge({"td-page-1"}, set())
    finally:
        receiver.stop()


def test_wagtails_frontend_cache_backends_purge_the_changed_pages_urls(category):
    receiver = Receiver(free_port()).start()
    backends = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{receiver.port}",
        }
    }
    try:
        with override_settings(
            WAGTAILFRONTENDCACHE=backends, EDGE_PUBLIC_URL="https://topics.example.org"
        ):
            WagtailFrontendCache([]).purge({"td-page-7", "td-listings"}, {"/topics/a/"})
    finally:
        receiver.stop()
    assert {(r.method, r.path, r.headers["Host"]) for r in receiver.received} == {
        ("PURGE", path, "topics.example.org")
        for path in [
            "/topics/a/",
            "/api/v1/pages/resolve/?path=/topics/a/",
            "/api/v1/topics/7/",
            "/api/v1/topics/",
            "/api/v1/tags/",
            "/api/v1/navigation/",
            "/api/v1/routes/",
            "/api/v1/redirects/",
        ]
    }
