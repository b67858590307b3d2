"""Shared fixtures: a site whose root is a HomePage, the topic tree, and the demo."""

import json

import pytest
from django.core.cache import cache
from wagtail.models import Page, Site

from pages.demo.loader import load_demo
from tests.factories import HomePageFactory, TopicCategoryPageFactory, TopicIndexPageFactory


@pytest.fixture(autouse=True)
def clear_cache():
    """Each test starts cold: a rolled-back version counter can repeat its values."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="topicdesk-home")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    return home


@pytest.fixture
def topic_index(home):
    return TopicIndexPageFactory(parent=home)


@pytest.fixture
def category(topic_index):
    return TopicCategoryPageFactory(parent=topic_index, title="Relationships", slug="relationships")


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    """The full demo site, loaded as `manage.py load_demo` loads it.

    Its commit is simulated, so that the worker's half of each publish (the
    documents that show the page: `api.documents`) has run, as it would have.
    """
    with django_capture_on_commit_callbacks(execute=True):
        return load_demo()


@pytest.fixture
def category_of_demo(demo):
    from pages.models import TopicCategoryPage

    return TopicCategoryPage.objects.get(slug="relationships")


@pytest.fixture
def people(db):
    """An editor, a reviewer and an administrator, in the groups the migration creates."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    users = {}
    for username, group, superuser in [
        ("editor", "Editors", False),
        ("reviewer", "Reviewers", False),
        ("admin", "Administrators", True),
    ]:
        user = get_user_model().objects.create_user(
            username=username,
            email=f"{username}@example.com",
            password="unused",  # noqa: S106
            first_name=username.capitalize(),
            last_name="Person",
            is_superuser=superuser,
            is_staff=superuser,
        )
        user.groups.add(Group.objects.get(name=group))
        users[username] = user
    return users


@pytest.fixture
def schema(client):
    """The live OpenAPI schema, as a frontend's code generator fetches it."""
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)
