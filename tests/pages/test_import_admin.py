"""The admin's *Import topic* page: upload, draft, report; refusals write nothing."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import GroupPagePermission

from pages.models import TopicPage
from tests.factories import TopicCategoryPageFactory
from tests.snapshots import snapshot

pytestmark = pytest.mark.django_db

URL = "/admin/import-topic/"
SEED = Path(__file__).parent.parent / "fixtures" / "trust-issues.txt"


def upload(name: str = "trust-issues.txt", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, SEED.read_bytes() if data is None else data, "text/plain")


def post(client, category, **fields):
    return client.post(URL, {"file": upload(), "category": category.pk, "tags": "", **fields})


@pytest.fixture
def anxiety(topic_index):
    return TopicCategoryPageFactory(parent=topic_index, title="Anxiety", slug="anxiety")


def test_editor_sees_the_form_and_the_menu_item(client, category, anxiety, people):
    client.force_login(people["editor"])
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "Relationships" in html and "Anxiety" in html
    assert URL in client.get("/admin/").content.decode()


def test_upload_creates_a_draft_and_shows_the_report(client, category, people):
    client.force_login(people["editor"])
    response = post(client, category, tags="trust, imported")
    assert response.status_code == 200
    page = TopicPage.objects.get(slug="trust-issues")
    assert not page.live and page.owner == people["editor"]
    assert page.get_latest_revision().user == people["editor"]
    assert sorted(tag.name for tag in page.tags.all()) == ["imported", "trust"]
    html = response.content.decode()
    assert "Created “I Want to Trust, But I Can&#x27;t: Therapy for Trust Issues”" in html
    assert f'href="/admin/pages/{page.pk}/edit/"' in html
    assert "/topics/relationships/trust-issues/" in html
    assert "hook_checklist, stat_callout, rich_text" in html
    # The category has none of the pages the seed links to: the report says so.
    assert "no page at /topics/relationships/attachment-anxiety/; kept as a plain link" in html


def test_upload_and_submit_for_review(client, category, people):
    client.force_login(people["editor"])
    response = post(client, category, submit="on")
    assert response.status_code == 200
    page = TopicPage.objects.get(slug="trust-issues")
    assert page.workflow_in_progress and not page.live
    assert "submitted for review" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty.txt, line 1: the file is empty"),
        ("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF", "photo.txt, line 1: the file contains NUL"),
        ("latin1.txt", "Café\n".encode("latin-1"), "latin1.txt, line 1: the file is not UTF-8"),
        (
            "untitled.txt",
            b"- just a list\n- of items",
            "untitled.txt, line 1: the file has no title",
        ),
        ("seven.txt", b"T\n" + "✓ x\n".encode() * 7, "seven.txt, line 2: hook_checklist"),
    ],
)
def test_a_bad_file_shows_the_error_and_writes_nothing(
    client, category, people, name, data, message
):
    client.force_login(people["editor"])
    before = snapshot()
    response = client.post(URL, {"file": upload(name, data), "category": category.pk})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was imported." in html
    assert message in html.replace("&#x27;", "'")
    assert snapshot() == before


def test_editor_cannot_update_a_page_that_is_in_review(client, category, people):
    client.force_login(people["editor"])
    post(client, category, submit="on")
    before = snapshot()
    response = post(client, category)
    assert response.status_code == 400
    assert "is locked, so it cannot be changed now" in response.content.decode()
    assert snapshot() == before


def test_only_categories_the_user_may_add_to_are_offered(client, category, anxiety):
    user = get_user_model().objects.create_user(username="limited", password="x")
    group = Group.objects.create(name="Anxiety writers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=anxiety, permission=Permission.objects.get(codename="add_page")
    )
    user.groups.add(group)
    client.force_login(user)
    html = client.get(URL).content.decode()
    assert "Anxiety" in html and "Relationships" not in html

    before = snapshot()
    response = post(client, category)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert snapshot() == before
    assert post(client, anxiety).status_code == 200
    assert TopicPage.objects.child_of(anxiety).filter(slug="trust-issues").exists()


def test_users_who_cannot_add_pages_are_refused(client, category):
    user = get_user_model().objects.create_user(username="reader", password="x")
    group = Group.objects.create(name="Admin readers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard, with a message.
    refused = client.get(URL)
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    before = snapshot()
    assert post(client, category).status_code == 302
    assert snapshot() == before
    assert URL not in client.get("/admin/").content.decode()


def test_anonymous_users_are_sent_to_log_in(client, category):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_slug_field_names_the_page_instead_of_the_file(client, category, people):
    client.force_login(people["editor"])
    response = post(client, category, slug="trust-after-betrayal")
    assert response.status_code == 200
    assert TopicPage.objects.filter(slug="trust-after-betrayal").exists()
    assert not TopicPage.objects.filter(slug="trust-issues").exists()
    assert "/topics/relationships/trust-after-betrayal/" in response.content.decode()


def test_a_bad_slug_is_refused_at_the_field(client, category, people):
    client.force_login(people["editor"])
    response = post(client, category, slug="not a slug!")
    assert response.status_code == 400
    assert "slug" in response.context["form"].errors
    assert not TopicPage.objects.exists()


def test_a_title_like_a_live_pages_is_imported_with_a_warning(client, category, people):
    from tests.factories import TopicPageFactory, publish

    title = "I Want to Trust, But I Can't: Therapy for Trust Issues"
    publish(TopicPageFactory(parent=category, title=title, slug="trust"))
    client.force_login(people["editor"])
    response = post(client, category, slug="trust-again")
    assert response.status_code == 200
    assert TopicPage.objects.filter(slug="trust-again").exists(), "imported all the same"
    html = response.content.decode()
    assert "Another page has a very similar title" in html
    assert "at /topics/relationships/trust/ (live)" in html


def test_a_slug_like_another_pages_is_warned_of(client, category, people):
    from tests.factories import TopicPageFactory

    TopicPageFactory(parent=category, title="Something else entirely", slug="trust_issue")
    client.force_login(people["editor"])
    html = post(client, category).content.decode()
    assert "Another page has a similar slug: “Something else entirely”" in html


def test_an_unrelated_title_gets_no_warning(client, category, people):
    from tests.factories import TopicPageFactory

    TopicPageFactory(parent=category, title="Panic attacks", slug="panic-attacks")
    client.force_login(people["editor"])
    assert "Another page has" not in post(client, category).content.decode()
