"""Factories for the page tree; tests build what they need instead of loading fixtures."""

import factory
import wagtail_factories
from django.test import TestCase

from pages.models import HomePage, TopicCategoryPage, TopicIndexPage, TopicPage


def sample_body() -> list[tuple[str, dict]]:
    return [
        ("hook_checklist", {"items": ["I keep checking my phone"], "affirmation": ""}),
        ("rich_text", {"heading": "Why it happens", "body": "<p>Because of the loop.</p>"}),
    ]


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = "home"

    class Meta:
        model = HomePage


class TopicIndexPageFactory(wagtail_factories.PageFactory):
    title = "Topics"
    slug = "topics"

    class Meta:
        model = TopicIndexPage


class TopicCategoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")

    class Meta:
        model = TopicCategoryPage


class TopicPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    summary = "A short summary for cards."
    body = factory.LazyFunction(sample_body)

    class Meta:
        model = TopicPage


def clinical_reviewer():
    """A member of Reviewers with a profile: publishing as them is a clinical review."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user, created = get_user_model().objects.get_or_create(
        username="clinician", defaults={"first_name": "Casey", "last_name": "Clinician"}
    )
    if created:
        user.groups.add(Group.objects.get(name="Reviewers"))
    return user


def publish(page):
    """Publish the page's current state as a new revision, approved by a reviewer.

    The publish's commit is simulated, so that the worker's half of it (the
    documents that show the page, and webhooks: `api.documents`) has run.
    """
    with TestCase.captureOnCommitCallbacks(execute=True):
        page.save_revision().publish(user=clinical_reviewer())
    page.refresh_from_db()
    return page


def committed():
    """Simulate the commit of what the block does, as `publish` does for a publish."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def unpublish(page):
    with committed():
        page.unpublish()
    return page


def pin(page, *related_pages):
    """Pin these pages on ``page``, in this order, as an editor does: then publish it."""
    from pages.models import TopicPageRelatedPin

    page = TopicPage.objects.get(pk=page.pk)
    page.pinned_related.add(
        *(
            TopicPageRelatedPin(related_page=related, sort_order=order)
            for order, related in enumerate(related_pages)
        )
    )
    return publish(page)
