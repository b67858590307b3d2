"""What an import could write, counted: equal before and after means nothing was written."""

from taggit.models import Tag
from wagtail.models import Page, PageLogEntry, Revision, WorkflowState

from pages.models import TopicPageTag


def snapshot() -> tuple:
    return (
        Page.objects.count(),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        WorkflowState.objects.count(),
        TopicPageTag.objects.count(),
        Tag.objects.count(),
    )
