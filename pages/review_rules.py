"""The review rules every other module may import: group names, who reviews, and refusals.

Models, services and views all need these, so this module imports no model of
ours, and nothing imports back up from it.
"""

from wagtail.models import Page

EDITORS, REVIEWERS, ADMINISTRATORS = "Editors", "Reviewers", "Administrators"
REVIEW_LOG_ACTION = "topicdesk.clinical_review"


class ReviewRefused(Exception):
    """A review action Topicdesk refuses; the message says why, for the person acting."""

    def __init__(self, message: str, *, page: Page | None = None):
        super().__init__(message)
        self.page = page


class ReviewRequired(ReviewRefused):
    """A topic page may only go live in a revision a clinical reviewer approved."""


def is_reviewer(user) -> bool:
    """Members of Reviewers or Administrators, and superusers: they may credit a review."""
    if user is None or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name__in=[REVIEWERS, ADMINISTRATORS]).exists()
