"""Signal handlers: each one line that calls a service in `pages.review.services`."""

from django.db.models.signals import post_save
from wagtail.signals import page_published

from pages.models import TopicIndexPage, TopicPage
from pages.review import services as review


def take_down_unreviewed(sender, instance, revision=None, **kwargs):
    review.take_down_unreviewed(page=instance, revision=revision)


def govern_new_topic_index(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        review.apply_topic_governance(index=instance)


def register_signal_handlers():
    # The review itself is recorded by `TopicPage.publish`; this catches what bypasses it.
    page_published.connect(
        take_down_unreviewed, sender=TopicPage, dispatch_uid="topicdesk-review-invariant"
    )
    post_save.connect(
        govern_new_topic_index, sender=TopicIndexPage, dispatch_uid="topicdesk-governance"
    )
