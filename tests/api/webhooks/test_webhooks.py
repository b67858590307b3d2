"""Publish webhooks: events, affected paths, signatures, attempts, secrecy."""

import json
import time

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from api.models import Frontend, WebhookDelivery
from api.webhooks import attempt_delivery
from pages.models import TopicPage, TopicPageRelatedPin
from tests.api.receiver import Receiver, readme_verify
from tests.factories import TopicPageFactory, clinical_reviewer, publish
from tests.live_server import free_port

pytestmark = pytest.mark.django_db

ALL_EVENTS = ["publish", "unpublish", "delete", "move", "slug_change"]


def make_frontend(url="http://127.0.0.1:9/hook", events=ALL_EVENTS, **fields):
    frontend = Frontend(
        **{
            "name": "Website",
            "base_url": "https://www.example.org",
            "preview_url_template": "https://www.example.org/preview?token={token}&path={path}",
            "webhook_url": url,
            "events": events,
            **fields,
        }
    )
    frontend.rotate_secret()
    frontend.full_clean()
    frontend.save()
    return frontend


@pytest.fixture
def receiver():
    receiver = Receiver(free_port()).start()
    yield receiver
    receiver.stop()


def deliveries(event=None):
    queryset = WebhookDelivery.objects.order_by("created_at")
    return list(queryset.filter(event=event) if event else queryset)


def test_publish_records_a_delivery_per_subscribed_frontend(
    category, django_capture_on_commit_callbacks
):
    website = make_frontend()
    make_frontend(name="App", events=["unpublish"])
    make_frontend(name="Off", enabled=False)
    with django_capture_on_commit_callbacks() as callbacks:
        page = publish(TopicPageFactory(parent=category, slug="news"))
    (delivery,) = deliveries()
    assert delivery.frontend == website
    assert callbacks, "delivery is queued for after the commit, not run in the request"
    payload = delivery.payload
    assert payload["event"] == "publish"
    assert payload["page"] == {"id": page.pk, "type": "pages.TopicPage"}
    assert payload["new_path"] == "/topics/relationships/news/"
    assert payload["old_path"] is None
    assert payload["revision_id"] == TopicPage.objects.get(pk=page.pk).live_revision_id
    assert payload["timestamp"]


def test_unpublish_move_slug_change_and_delete_are_events(
    topic_index, category, django_capture_on_commit_callbacks
):
    from tests.factories import TopicCategoryPageFactory

    make_frontend()
    page = publish(TopicPageFactory(parent=category, slug="moving"))
    page.unpublish()
    assert deliveries("unpublish")[0].payload["old_path"] == "/topics/relationships/moving/"
    publish(page)
    other = TopicCategoryPageFactory(parent=topic_index, slug="elsewhere")
    page.move(other, pos="last-child")
    move = deliveries("move")[0].payload
    assert (move["old_path"], move["new_path"]) == (
        "/topics/relationships/moving/",
        "/topics/elsewhere/moving/",
    )
    page = TopicPage.objects.get(pk=page.pk)
    page.slug = "moved"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail signals it on commit
        page.save_revision().publish(user=clinical_reviewer())
    slug = deliveries("slug_change")[0].payload
    assert (slug["old_path"], slug["new_path"]) == (
        "/topics/elsewhere/moving/",
        "/topics/elsewhere/moved/",
    )
    TopicPage.objects.get(pk=page.pk).delete()
    (delete,) = deliveries("delete")
    assert delete.payload["old_path"] == "/topics/elsewhere/moved/"
    assert delete.payload["new_path"] is None


def test_affected_paths_are_exactly_the_paths_whose_documents_changed(topic_index, category):
    from tests.factories import TopicCategoryPageFactory

    subject = TopicPageFactory(parent=category, slug="subject")
    subject.tags.add("shared")
    publish(subject)
    linking = TopicPageFactory(parent=category, slug="linking")
    linking.body = [
        ("rich_text", {"heading": "", "body": f'<p><a linktype="page" id="{subject.pk}">x</a></p>'})
    ]
    publish(linking)
    sharing = TopicPageFactory(parent=category, slug="sharing")
    sharing.tags.add("shared")
    publish(sharing)
    pinning = TopicPageFactory(parent=category, slug="pinning")
    pinning.pinned_related.add(TopicPageRelatedPin(related_page=subject))
    publish(pinning)
    elsewhere = TopicCategoryPageFactory(parent=topic_index, slug="elsewhere")
    publish(TopicPageFactory(parent=elsewhere, slug="unrelated"))
    make_frontend()

    subject = TopicPage.objects.get(pk=subject.pk)
    subject.title = "A new title"
    publish(subject)

    (delivery,) = deliveries("publish")
    # Its own document; the topics that list it as related (by a shared tag or a
    # pin); its category, which lists it. The link's target path did not move, so
    # the linking page's bytes are unchanged, and nothing under "elsewhere" shows it.
    expected = [
        "/topics/relationships/",
        "/topics/relationships/pinning/",
        "/topics/relationships/sharing/",
        "/topics/relationships/subject/",
    ]
    assert delivery.payload["affected_paths"] == expected
    rebuilt = {doc["path"] for doc in delivery.payload["documents"]}
    assert set(expected) <= rebuilt
    assert "/topics/elsewhere/unrelated/" not in rebuilt
    assert delivery.status == WebhookDelivery.FAILED or delivery.attempts >= 1


def test_a_delivery_is_signed_as_the_readme_says(category, receiver):
    frontend = make_frontend(url=receiver.url)
    publish(TopicPageFactory(parent=category, slug="signed"))  # the worker delivers it
    delivery = deliveries()[0]
    assert delivery.status == WebhookDelivery.DELIVERED
    (received,) = receiver.received
    verify = readme_verify()
    assert verify(frontend.secret, received.headers, received.body)
    assert json.loads(received.body) == delivery.payload
    assert received.headers["X-Topicdesk-Event"] == "publish"
    assert received.headers["X-Topicdesk-Delivery"] == str(delivery.pk)
    assert not verify(frontend.secret, received.headers, received.body + b" ")
    assert not verify("whsec_wrong", received.headers, received.body)
    stale = {**received.headers, "X-Topicdesk-Timestamp": str(int(time.time()) - 3600)}
    assert not verify(frontend.secret, stale, received.body)


@override_settings(WEBHOOK_MAX_ATTEMPTS=3, WEBHOOK_BACKOFF_SECONDS=60)
def test_failures_are_logged_and_backed_off_until_the_last_try(category, receiver):
    make_frontend(url=receiver.url)
    receiver.status = 503
    publish(TopicPageFactory(parent=category, slug="failing"))  # the worker's first try
    delivery = deliveries()[0]
    assert delivery.status == WebhookDelivery.RETRYING
    assert delivery.last_status_code == 503
    assert delivery.last_error == "HTTP 503 Service Unavailable"
    first_wait = delivery.next_attempt_at - delivery.last_attempt_at
    attempt_delivery(delivery)
    second_wait = delivery.next_attempt_at - delivery.last_attempt_at
    assert round(first_wait.total_seconds()) == 60 and round(second_wait.total_seconds()) == 120
    attempt_delivery(delivery)
    assert delivery.status == WebhookDelivery.FAILED
    assert [entry["attempt"] for entry in delivery.attempt_log] == [1, 2, 3]
    assert {entry["status_code"] for entry in delivery.attempt_log} == {503}


def test_an_unreachable_receiver_is_an_attempt_with_an_error(category):
    make_frontend(url=f"http://127.0.0.1:{free_port()}/hook")
    publish(TopicPageFactory(parent=category, slug="unreachable"))  # the worker's first try
    delivery = deliveries()[0]
    assert delivery.attempts == 1
    assert delivery.last_status_code is None
    assert "Connection refused" in delivery.last_error


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("webhook_url", "javascript:alert(1)", "Enter an http or https URL."),
        ("webhook_url", "ftp://example.org/hook", "Enter an http or https URL."),
        ("base_url", "file:///etc/passwd", "Enter an http or https URL."),
        ("preview_url_template", "https://example.org/preview", "must contain {token}"),
        ("events", ["publish", "explode"], "Events must be a list drawn from"),
    ],
)
def test_bad_frontend_settings_are_refused(field, value, message):
    with pytest.raises(ValidationError) as excinfo:
        make_frontend(**{"name": "Bad", field: value} if field != "webhook_url" else {"url": value})
    assert message in str(excinfo.value)


def test_the_secret_is_shown_once_and_never_listed(admin_client, category):
    response = admin_client.post(
        "/admin/snippets/api/frontend/add/",
        {
            "name": "Partner",
            "enabled": "on",
            "base_url": "https://partner.example.com",
            "preview_url_template": "https://partner.example.com/p?token={token}",
            "webhook_url": "https://partner.example.com/hook",
            "events": ["publish"],
        },
        follow=True,
    )
    frontend = Frontend.objects.get(name="Partner")
    assert frontend.events == ["publish"]
    assert frontend.secret.startswith("whsec_")
    assert frontend.secret in response.content.decode(), "shown once, on creation"
    listing = admin_client.get("/admin/snippets/api/frontend/").content.decode()
    edit = admin_client.get(f"/admin/snippets/api/frontend/edit/{frontend.pk}/").content.decode()
    assert frontend.secret not in listing and frontend.secret not in edit
    assert frontend.secret_hint in listing

    old = frontend.secret
    rotated = admin_client.post(f"/admin/frontends/{frontend.pk}/rotate-secret/", follow=True)
    frontend.refresh_from_db()
    assert frontend.secret != old and frontend.secret in rotated.content.decode()

    publish(TopicPageFactory(parent=category, slug="secretive"))
    delivery = deliveries()[0]
    inspect = admin_client.get(f"/admin/webhook_deliveries/inspect/{delivery.pk}/")
    assert inspect.status_code == 200
    assert frontend.secret not in inspect.content.decode()
    assert frontend.secret not in json.dumps(delivery.payload)


FRONTEND_FORM = {
    "name": "Preview only",
    "enabled": "on",
    "base_url": "https://preview.example.com",
    "preview_url_template": "https://preview.example.com/p?token={token}",
}


def test_the_frontend_form_offers_each_event_as_a_checkbox_with_help(admin_client):
    html = admin_client.get("/admin/snippets/api/frontend/add/").content.decode()
    for name in ALL_EVENTS:
        assert f'type="checkbox" name="events" value="{name}"' in html
    assert "A page moves to another section, so its path changes." in html
    assert "Base URL" in html and "Preview URL template" in html and "Base url" not in html
    assert "{page_id}" in html, "the help text lists the placeholders"


def test_a_frontend_without_a_webhook_url_previews_and_gets_no_deliveries(admin_client, category):
    response = admin_client.post("/admin/snippets/api/frontend/add/", FRONTEND_FORM)
    assert response.status_code == 302
    frontend = Frontend.objects.get(name="Preview only")
    assert frontend.webhook_url == "" and frontend.events == []
    listing = admin_client.get("/admin/snippets/api/frontend/").content.decode()
    assert "None: no webhook URL (preview only)" in listing
    publish(TopicPageFactory(parent=category, slug="previewed"))
    assert deliveries() == []


def test_events_without_a_webhook_url_are_refused_at_the_field(admin_client):
    response = admin_client.post(
        "/admin/snippets/api/frontend/add/", {**FRONTEND_FORM, "events": ["publish"]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "webhook_url": ["Enter a webhook URL to receive the chosen events, or clear the events."]
    }
    assert not Frontend.objects.exists()


def test_a_delivery_whose_webhook_url_was_cleared_fails_with_a_reason(category):
    frontend = make_frontend()
    publish(TopicPageFactory(parent=category, slug="cleared"))
    delivery = deliveries()[0]
    Frontend.objects.filter(pk=frontend.pk).update(webhook_url="")
    delivery.refresh_from_db()
    assert attempt_delivery(delivery) is False
    delivery.refresh_from_db()
    assert delivery.last_error == "The frontend has no webhook URL any more."
    assert delivery.status in {WebhookDelivery.RETRYING, WebhookDelivery.FAILED}


def test_a_failed_delivery_can_be_sent_again_from_the_admin(admin_client, category):
    make_frontend()
    publish(TopicPageFactory(parent=category, slug="again"))
    delivery = deliveries()[0]
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="failed", attempts=5)
    admin_client.post(f"/admin/webhook-deliveries/{delivery.pk}/resend/")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 0)


def test_registered_frontend_origins_may_call_the_api(client, category):
    make_frontend()
    allowed = client.get("/api/v1/tags/", headers={"Origin": "https://www.example.org"})
    assert allowed["Access-Control-Allow-Origin"] == "https://www.example.org"
    other = client.get("/api/v1/tags/", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other
