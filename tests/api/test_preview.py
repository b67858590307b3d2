"""Preview: a frontend shows an editor a draft with a token; nothing else is revealed."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.urls import reverse

from api.models import Frontend
from api.preview import SALT, token_for_revision
from pages.models import TopicPage
from tests.factories import TopicPageFactory, publish
from tests.pages import admin_actions

pytestmark = pytest.mark.django_db


def preview(client, token):
    return client.get("/api/v1/preview/", {"token": token})


@pytest.fixture
def live_page(category):
    return publish(TopicPageFactory(parent=category, slug="previewed", title="Live title"))


@pytest.fixture
def draft_token(live_page):
    live_page.title = "Draft title"
    revision = live_page.save_revision()
    return token_for_revision(revision)


def test_a_draft_token_shows_the_draft_while_resolve_shows_the_live_page(
    client, live_page, draft_token
):
    response = preview(client, draft_token)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    draft = response.json()
    assert draft["title"] == "Draft title"
    assert draft["id"] == live_page.pk
    live = client.get("/api/v1/pages/resolve/", {"path": live_page.url}).json()
    assert live["title"] == "Live title"
    assert set(draft) == set(live), "the same shape as the page detail"


def test_the_admin_preview_mode_sends_the_editor_to_the_frontend_with_a_token(
    client, live_page, people
):
    frontend = Frontend.objects.create(
        name="Website",
        base_url="https://www.example.org",
        preview_url_template="https://www.example.org/preview?token={token}&path={path}",
        webhook_url="https://www.example.org/hook",
        events=[],
    )
    client.force_login(people["editor"])
    assert (f"frontend-{frontend.pk}", "Website") in TopicPage.objects.get(
        pk=live_page.pk
    ).preview_modes
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(live_page.pk,))
    data = admin_actions.form_data(
        client,
        reverse("wagtailadmin_pages:edit", args=(live_page.pk,)),
        "page-edit-form",
        title="Unsaved title",
        body_text="Unsaved words.",
    )
    client.post(url, data)
    response = client.get(url, {"mode": f"frontend-{frontend.pk}"})
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert (target.netloc, target.path) == ("www.example.org", "/preview")
    query = parse_qs(target.query)
    assert query["path"] == ["/topics/relationships/previewed/"]
    draft = preview(client, query["token"][0]).json()
    assert draft["title"] == "Unsaved title"
    assert "Unsaved words." in draft["body"][0]["value"]["body"]
    assert TopicPage.objects.get(pk=live_page.pk).title == "Live title", "nothing was saved"


def test_an_expired_token_is_refused(client, draft_token, settings):
    settings.PREVIEW_TOKEN_MAX_AGE = -1
    response = preview(client, draft_token)
    assert response.status_code == 401
    assert response.json()["error"] == {
        "status": 401,
        "code": "token_expired",
        "message": "The preview token has expired.",
    }


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: "not-a-token",
    ],
)
def test_a_tampered_token_is_refused(client, draft_token, tamper):
    response = preview(client, tamper(draft_token))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "token_invalid"


def test_a_foreign_token_is_refused(client, live_page, draft_token):
    other_salt = signing.dumps({"page": live_page.pk, "revision": 1}, salt="somebody-else")
    other_key = signing.dumps(
        {"page": live_page.pk, "revision": 1}, salt=SALT, key="another-site's-secret-key-xxxxxxxx"
    )
    for token in (other_salt, other_key):
        assert preview(client, token).status_code == 403


def test_a_token_never_reveals_another_page(client, category, live_page):
    other = publish(TopicPageFactory(parent=category, slug="other", title="Other page"))
    other_revision = other.save_revision()
    # A token for this page that names another page's revision finds nothing.
    forged = signing.dumps({"page": live_page.pk, "revision": other_revision.pk}, salt=SALT)
    response = preview(client, forged)
    assert response.status_code == 404
    assert "Other page" not in response.content.decode()


def test_after_the_page_is_deleted_its_token_is_a_404(client, live_page, draft_token):
    TopicPage.objects.get(pk=live_page.pk).delete()
    response = preview(client, draft_token)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "token_gone"


def test_a_missing_token_is_a_400(client):
    response = client.get("/api/v1/preview/")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "token: This field is required."
