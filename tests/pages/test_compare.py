"""The admin's revision comparison, as an editor reads it."""

import pytest
from django.urls import reverse
from wagtail.admin.compare import TagsFieldComparison

from pages.models import TopicPage
from tests.factories import TopicPageFactory

pytestmark = pytest.mark.django_db


def compare(client, page, a, b):
    url = reverse("wagtailadmin_pages:revisions_compare", args=(page.pk, a.pk, b.pk))
    response = client.get(url)
    assert response.status_code == 200
    return {comparison.field_label(): comparison for comparison in response.context["comparison"]}


def revision_with_tags(page, tags):
    page.tags.set(tags)
    return page.save_revision()


def test_tags_in_another_order_are_not_a_change(client, category, people):
    client.force_login(people["editor"])
    page = TopicPageFactory(parent=category, title="Panic attacks")
    first = revision_with_tags(page, ["panic", "anxiety", "nervous-system", "body"])
    reordered = revision_with_tags(page, ["anxiety", "body", "nervous-system", "panic"])
    field = TopicPage._meta.get_field("tags")
    stock = TagsFieldComparison(field, first.as_object(), reordered.as_object())
    assert stock.has_changed(), "Wagtail's own comparison sees the new order as a change"
    # The compare view lists only the fields that changed.
    assert "Tags" not in compare(client, page, first, reordered)


def test_a_changed_tag_is_shown_removed_and_added(client, category, people):
    client.force_login(people["editor"])
    page = TopicPageFactory(parent=category, title="Panic attacks")
    first = revision_with_tags(page, ["panic", "anxiety"])
    second = revision_with_tags(page, ["anxiety", "body"])
    tags = compare(client, page, first, second)["Tags"]
    assert tags.has_changed()
    html = tags.htmldiff()
    assert 'class="deletion">panic' in html and 'class="addition">body' in html
    assert "anxiety" in html
