"""Factories for the page tree; tests build what they need instead of loading fixtures."""

import factory
import wagtail_factories

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
    """Publish the page's current state as a new revision, approved by a reviewer."""
    page.save_revision().publish(user=clinical_reviewer())
    page.refresh_from_db()
    return page
