"""Editors can only put each page type in its place in the tree."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from pages.models import HomePage, TopicCategoryPage, TopicIndexPage, TopicPage
from tests.factories import TopicPageFactory

pytestmark = pytest.mark.django_db


def allowed_children(page) -> set[type[Page]]:
    return set(page.specific_class.allowed_subpage_models())


def test_each_page_type_allows_only_the_next_level(home, topic_index, category):
    topic = TopicPageFactory(parent=category)
    assert allowed_children(home) == {TopicIndexPage}
    assert allowed_children(topic_index) == {TopicCategoryPage}
    assert allowed_children(category) == {TopicPage}
    assert allowed_children(topic) == set()


@pytest.mark.parametrize(
    ("model", "parent_fixture", "allowed"),
    [
        (TopicPage, "category", True),
        (TopicPage, "topic_index", False),
        (TopicPage, "home", False),
        (TopicCategoryPage, "topic_index", True),
        (TopicCategoryPage, "home", False),
        (TopicCategoryPage, "category", False),
        (TopicIndexPage, "category", False),
    ],
)
def test_page_types_can_only_be_created_in_their_place(request, model, parent_fixture, allowed):
    parent = request.getfixturevalue(parent_fixture)
    assert model.can_create_at(parent) is allowed


def test_only_one_home_and_one_topic_index(home, topic_index):
    assert not HomePage.can_create_at(Page.get_first_root_node())
    assert not TopicIndexPage.can_create_at(home)


def test_admin_refuses_a_topic_page_outside_a_category(admin_client, topic_index):
    url = reverse("wagtailadmin_pages:add", args=("pages", "topicpage", topic_index.pk))
    response = admin_client.get(url, follow=True)
    assert response.redirect_chain == [("/admin/", 302)]
    assert b"you do not have permission" in response.content
    assert not TopicPage.objects.exists()


def test_admin_offers_a_topic_page_inside_a_category(admin_client, category):
    url = reverse("wagtailadmin_pages:add", args=("pages", "topicpage", category.pk))
    response = admin_client.get(url)
    assert response.status_code == 200
    assert b"Hook checklist" in response.content
