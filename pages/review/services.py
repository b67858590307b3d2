"""Editorial review services: the clinical review record, re-review, the queue and governance.

The pipeline itself is Wagtail's: the "Clinical review" workflow, its
`ClinicalReviewTask`, revisions, page permissions and the audit log. This
module adds what Wagtail leaves open and the record health readers see; who may
approve what is in `pages.review.rules`.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import (
    GroupPagePermission,
    Page,
    Revision,
    Workflow,
    WorkflowPage,
    WorkflowState,
)

from pages.models import TopicPage
from pages.reading_level import ReadingLevel, reading_level
from pages.review.rules import EDITORS, REVIEWERS, is_reviewer

WORKFLOW_NAME = "Clinical review"


def approval_message(page: Page) -> str:
    """What the reviewer is told after approving ``page`` (a fresh copy from the database)."""
    if page.workflow_in_progress:
        task = page.current_workflow_task
        return f"“{page.title}” was approved. It now awaits the next step: {task.name}."
    record = review_record(page.specific) if page.live else None
    if record is None:
        return f"“{page.title}” was approved."
    credit = ", ".join(filter(None, [record.reviewed_by, record.credentials]))
    return f"“{page.title}” was approved and published. It is credited as reviewed by {credit}."


@dataclass(frozen=True)
class ReviewRecord:
    reviewed_by: str
    credentials: str
    reviewed_at: datetime
    next_review_due: date | None


def review_record(page: TopicPage) -> ReviewRecord | None:
    if page.last_reviewed_at is None:
        return None
    reviewer = page.last_reviewed_by
    return ReviewRecord(
        reviewed_by=reviewer.display_name if reviewer else "",
        credentials=reviewer.credentials if reviewer else "",
        reviewed_at=page.last_reviewed_at,
        next_review_due=page.next_review_due,
    )


def pages_due_for_review(*, on: date | None = None):
    """Live topic pages whose re-review date has come, and live ones never reviewed at all.

    A page can only go live through a review now, but pages published before that
    rule, or brought in by other means, must still come to a clinician.
    """
    due = Q(next_review_due__lte=on or timezone.localdate()) | Q(next_review_due__isnull=True)
    return TopicPage.objects.live().filter(due)


def record_direct_publish(*, page: Page, user) -> None:
    """A reviewer publishing the page's latest revision from the editor reviews it.

    Wagtail's page editor publishes through its action class, not `TopicPage.publish`,
    so the admin hook calls this first. Anyone else is stopped by the permission
    hook before this, and by `take_down_unreviewed` after.
    """
    if isinstance(page, TopicPage) and is_reviewer(user) and page.latest_revision:
        page.record_review(revision=page.latest_revision, user=user)


def unreviewed_publish_refusal(*, page: Page, revision) -> str | None:
    """Why ``revision`` of a live topic page is not covered by its review record, if it isn't.

    Wagtail can make a page live without calling ``TopicPage.publish`` (copying
    with "publish copies", its admin API's publish action): such a page is taken
    down again at once, to go through review.
    """
    page = page.specific
    if not isinstance(page, TopicPage) or not page.live:
        return None
    if page.last_reviewed_revision_id == getattr(revision, "pk", None):
        return None
    return f"“{page.title}” went live without a clinical review, so it was unpublished."


def take_down_unreviewed(*, page: Page, revision) -> bool:
    """Unpublish a topic page that went live in a revision no reviewer approved."""
    refusal = unreviewed_publish_refusal(page=page, revision=revision)
    if refusal is None:
        return False
    page.specific.unpublish(user=None, log_action=True)
    return True


def submit_due_reviews(*, on: date | None = None) -> list[TopicPage]:
    """Put every live page past its review date back into the review workflow.

    Pages already in a workflow are left alone. Returns the pages submitted.
    """
    submitted = []
    for page in pages_due_for_review(on=on).order_by("next_review_due", "pk"):
        if page.workflow_in_progress:
            continue
        workflow = page.get_workflow()
        if workflow is None:
            continue
        with transaction.atomic():
            if page.get_latest_revision() is None:
                page.save_revision(log_action=True)
            workflow.start(page, user=None)
        submitted.append(page)
    return submitted


def apply_topic_governance(*, index: Page) -> None:
    """Give Editors and Reviewers their rights on /topics/ and route it to "Clinical review".

    Idempotent. Called when the topic index is created, and by the data migration
    for sites whose index already exists.
    """
    grants = {
        EDITORS: ["add_page", "change_page", "lock_page"],
        REVIEWERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    }
    for group_name, codenames in grants.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=codenames
        ):
            GroupPagePermission.objects.get_or_create(
                group=group, page=index, permission=permission
            )
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is not None:
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})


@dataclass(frozen=True)
class QueueItem:
    page_id: int
    title: str
    submitted_by: str
    submitted_at: datetime
    workflow: str
    task: str
    task_state: str
    #: Of the revision under review; None when it has no text or is not a topic page.
    reading_level: ReadingLevel | None = None


def review_queue() -> list[QueueItem]:
    """Pages awaiting a review task, oldest submission first: four queries.

    Each item's reading level is of the revision under review, not the live page.
    """
    states = list(
        WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            base_content_type__app_label="wagtailcore",
            base_content_type__model="page",
        )
        .select_related("requested_by", "current_task_state__task", "workflow")
        .order_by("created_at", "pk")
    )
    titles = dict(
        Page.objects.filter(pk__in=[int(state.object_id) for state in states]).values_list(
            "pk", "title"
        )
    )
    revision_ids = [
        state.current_task_state.revision_id for state in states if state.current_task_state
    ]
    reviewed = {
        revision.pk: revision.as_object()
        for revision in Revision.objects.filter(pk__in=revision_ids).prefetch_related(
            "content_object"
        )
    }
    return [
        QueueItem(
            page_id=int(state.object_id),
            title=titles.get(int(state.object_id), ""),
            submitted_by=(
                state.requested_by.get_full_name() or state.requested_by.get_username()
                if state.requested_by
                else "Topicdesk (scheduled re-review)"
            ),
            submitted_at=state.created_at,
            workflow=state.workflow.name,
            task=state.current_task_state.task.name if state.current_task_state else "",
            task_state=state.current_task_state.status if state.current_task_state else "",
            reading_level=_reading_level(
                reviewed.get(state.current_task_state.revision_id)
                if state.current_task_state
                else None
            ),
        )
        for state in states
    ]


def _reading_level(page) -> ReadingLevel | None:
    return reading_level(page) if isinstance(page, TopicPage) else None
