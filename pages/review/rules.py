"""The review rules every other module may import: group names, who reviews, and who may
approve what (the refusals `ClinicalReviewTask` and the page editor apply).

Models, services and views all need these, so this module imports no model of
ours, and nothing imports back up from it.
"""

from wagtail.models import Page, TaskState

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


def review_refusal(*, task_state: TaskState, user) -> str | None:
    """Why ``user`` may not approve ``task_state`` now, or None if they may.

    - The page must still be in review at this task.
    - The approver must be allowed to publish in the page's section.
    - The page must not have changed since it was submitted, except by the
      approver's own edits in the same request: Wagtail publishes the latest
      revision, so a stale approval would publish content nobody reviewed.
    """
    page = task_state.workflow_state.content_object.specific
    if task_state.status != TaskState.STATUS_IN_PROGRESS or not page.workflow_in_progress:
        return f"“{page.title}” is not in review, so there is nothing to approve."
    if not page.permissions_for_user(user).can_publish():
        return f"You cannot approve “{page.title}”: you have no review rights in its section."
    submitted = task_state.revision_id
    newer_by_others = page.revisions.filter(id__gt=submitted).exclude(user=user)
    if newer_by_others.exists():
        return (
            f"“{page.title}” changed after it was submitted for review, so this approval would "
            "publish changes nobody has reviewed. Compare the changes, then ask the editor to "
            "resubmit, or request changes."
        )
    return None


def stale_approval_refusal(*, page: Page, user) -> str | None:
    """`review_refusal` for an approval posted from the page editor."""
    task_state = page.current_workflow_task_state
    if task_state is None:
        return f"“{page.title}” is not in review, so there is nothing to approve."
    return review_refusal(task_state=task_state.specific, user=user)
