"""Signal handlers: each one line that calls a service in `pages.review`."""

from django.db.models.signals import post_save
from wagtail.signals import workflow_approved

from pages import review
from pages.models import TopicIndexPage


def record_review_on_approval(sender, instance, user=None, **kwargs):
    review.record_clinical_review(page=instance.content_object, user=user)


def govern_new_topic_index(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        review.apply_topic_governance(index=instance)


def register_signal_handlers():
    workflow_approved.connect(record_review_on_approval, dispatch_uid="topicdesk-review-record")
    post_save.connect(
        govern_new_topic_index, sender=TopicIndexPage, dispatch_uid="topicdesk-governance"
    )
