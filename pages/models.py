"""Page types (Home → Topic index (/topics/) → Topic category → Topic page), and review records."""

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.module_loading import import_string
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.log_actions import log
from wagtail.models import AbstractGroupApprovalTask, Orderable, Page
from wagtail.search import index

from pages.blocks import TopicBodyBlock
from pages.images import HeroImageMixin
from pages.panels import TrustSignalsPanel
from pages.review.rules import (
    REVIEW_LOG_ACTION,
    ReviewRefused,
    ReviewRequired,
    is_reviewer,
    review_refusal,
)
from pages.streams import stream_error_messages
from pages.text import validate_plain_text
from pages.trust import CrisisResources, PublisherSettings  # noqa: F401 (models of this app)


class PlainTextFieldsMixin:
    """Titles, summaries and SEO fields are served as text: markup in them is refused."""

    PLAIN_TEXT_FIELDS = ("title", "seo_title", "search_description")

    def clean(self):
        super().clean()
        errors = {}
        for name in self.PLAIN_TEXT_FIELDS:
            try:
                validate_plain_text(getattr(self, name))
            except ValidationError as error:
                errors[name] = error.messages
        if errors:
            raise ValidationError(errors)


class FrontendPreviewMixin:
    """Offer the preview provider's modes (each enabled frontend) beside the reference
    template. The provider is named by ``TOPICDESK_PREVIEW_PROVIDER``
    (`api.preview.FrontendPreviews`), so that this module imports nothing above it."""

    @staticmethod
    def _preview_provider():
        return import_string(settings.TOPICDESK_PREVIEW_PROVIDER)

    @property
    def preview_modes(self):
        return [("", "Reference template"), *self._preview_provider().modes()]

    def serve_preview(self, request, mode_name):
        if not mode_name:
            return super().serve_preview(request, mode_name)
        url = self._preview_provider().url(self, mode_name)
        if url is None:
            return super().serve_preview(request, "")
        return redirect(url)


class HomePage(PlainTextFieldsMixin, FrontendPreviewMixin, Page):
    """The site root."""

    intro = models.TextField(blank=True, help_text="A sentence or two under the site title.")

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["pages.TopicIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topic_indexes"] = TopicIndexPage.objects.child_of(self).live()
        return context


class TopicIndexPage(PlainTextFieldsMixin, FrontendPreviewMixin, Page):
    """The listing of all categories, served at /topics/."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.TopicCategoryPage"]
    max_count = 1

    class Meta:
        verbose_name = "topic index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        categories = TopicCategoryPage.objects.child_of(self).live().specific()
        topics = (
            TopicPage.objects.descendant_of(self).live().order_by("title").only("title", "path")
        )
        by_parent: dict[str, list[TopicPage]] = {}
        for topic in topics:
            by_parent.setdefault(topic.path[: -Page.steplen], []).append(topic)
        context["categories"] = [
            (category, by_parent.get(category.path, [])) for category in categories
        ]
        return context


class TopicCategoryPage(PlainTextFieldsMixin, FrontendPreviewMixin, Page):
    """A group of topics, such as /topics/relationships/."""

    intro = models.TextField(blank=True, help_text="What the topics in this category are about.")

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["pages.TopicIndexPage"]
    subpage_types = ["pages.TopicPage"]

    class Meta:
        verbose_name = "topic category page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = (
            TopicPage.objects.child_of(self).live().order_by("title").prefetch_related("tags")
        )
        return context


class TopicPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "pages.TopicPage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        indexes = [
            # Related pages count shared tags from this index alone (`pages.selectors`).
            models.Index(fields=["tag", "content_object"], name="topicpagetag_tag_page"),
        ]


def add_months(moment: datetime | date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    day = moment.date() if isinstance(moment, datetime) else moment
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - date.resolution).day
    return date(year, month, min(day.day, last_day))


class ReviewerProfile(models.Model):
    """How a clinical reviewer is credited on the pages they approve."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_profile"
    )
    display_name = models.CharField(max_length=120, help_text="For example “Dana Ortiz”.")
    credentials = models.CharField(
        max_length=120, blank=True, help_text="For example “LMFT” or “PhD, Clinical Psychology”."
    )

    panels = [FieldPanel("user"), FieldPanel("display_name"), FieldPanel("credentials")]

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return f"{self.display_name}, {self.credentials}" if self.credentials else self.display_name


class TopicPage(PlainTextFieldsMixin, FrontendPreviewMixin, HeroImageMixin, Page):
    """A topic article, composed of structured blocks.

    Whatever writes it (the admin, an importer, an export file, code calling
    ``save_revision()``), `clean` applies the same rules: every block's own
    validation, plain text where text is served, and the rich-text features.
    """

    #: Set when a reviewer approves; kept across revisions (see `with_content_json`).
    REVIEW_RECORD_FIELDS = (
        "last_reviewed_by",
        "last_reviewed_at",
        "last_reviewed_revision",
        "next_review_due",
    )
    PLAIN_TEXT_FIELDS = (
        *PlainTextFieldsMixin.PLAIN_TEXT_FIELDS,
        "summary",
        "crisis_resources_hidden_reason",
        *HeroImageMixin.HERO_TEXT_FIELDS,
    )
    SUMMARY_MAX_LENGTH = 300

    summary = models.TextField(
        max_length=SUMMARY_MAX_LENGTH,
        validators=[MaxLengthValidator(SUMMARY_MAX_LENGTH)],
        help_text="One or two sentences for listings, cards and link previews (300 characters).",
    )
    tags = ClusterTaggableManager(
        through=TopicPageTag,
        blank=True,
        help_text="Pages that share tags are shown as related.",
    )
    body = StreamField(TopicBodyBlock(), help_text="The article, block by block.")
    review_interval_months = models.PositiveSmallIntegerField(
        default=settings.TOPICDESK_REVIEW_INTERVAL_MONTHS,
        help_text="How often a clinician re-reviews this page, in months.",
    )
    last_reviewed_by = models.ForeignKey(
        ReviewerProfile,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    #: The revision the reviewer approved; a topic page is live only in that revision.
    last_reviewed_revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    next_review_due = models.DateField(null=True, blank=True, editable=False, db_index=True)
    crisis_resources = models.ForeignKey(
        "pages.CrisisResources",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Leave empty to show the site's default crisis resources.",
    )
    hide_crisis_resources = models.BooleanField(
        default=False,
        help_text="Hide the crisis resources on this page. Needs a reason, which the "
        "clinical reviewer sees before approving.",
    )
    crisis_resources_hidden_reason = models.CharField(
        max_length=300, blank=True, verbose_name="Reason for hiding them"
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        HeroImageMixin.hero_panel,
        FieldPanel("body"),
        HelpPanel(
            content=(
                '<p data-topicdesk-review-publish="Publishing this page records you as its '
                "clinical reviewer, with today's date. Publish it?\">"
                "Topic pages go live only clinically reviewed. Editors submit them to "
                "<b>Clinical review</b>; a reviewer who publishes directly is credited as "
                "the page's reviewer.</p>"
            ),
            heading="Clinical review",
        ),
        TrustSignalsPanel(heading="Reading level and crisis resources"),
    ]
    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("slug"), FieldPanel("seo_title"), FieldPanel("search_description")],
            heading="For search engines",
        ),
        MultiFieldPanel(
            [FieldPanel("tags"), InlinePanel("pinned_related", label="Pinned related page")],
            heading="Tags and related pages",
        ),
        MultiFieldPanel([FieldPanel("show_in_menus")], heading="For site menus"),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel([FieldPanel("review_interval_months")], heading="Clinical review"),
        MultiFieldPanel(
            [
                FieldPanel("crisis_resources"),
                FieldPanel("hide_crisis_resources"),
                FieldPanel("crisis_resources_hidden_reason"),
            ],
            heading="Crisis resources",
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        # Wagtail's admin page search matches as you type (autocomplete); these let
        # editors find a page by any words in its summary or blocks too.
        index.AutocompleteField("summary"),
        index.AutocompleteField("body"),
    ]

    # For the stock /api/v2/ endpoint; /api/v1/ builds its own detail.
    api_fields = [APIField("summary"), APIField("tags"), APIField("body")]

    parent_page_types = ["pages.TopicCategoryPage"]
    subpage_types: list[str] = []
    #: A copy is new content at a new address: it earns its own review.
    exclude_fields_in_copy = list(REVIEW_RECORD_FIELDS)

    class Meta:
        verbose_name = "topic page"

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors.update(error.message_dict)
        try:
            self.body.stream_block.clean(self.body)
        except ValidationError as error:
            errors["body"] = stream_error_messages(error, self.body)
        for name, messages in self.hero_errors().items():
            errors.setdefault(name, []).extend(messages)
        if self.hide_crisis_resources and not self.crisis_resources_hidden_reason.strip():
            errors["crisis_resources_hidden_reason"] = [
                "Say why this page hides the crisis resources: the clinical reviewer sees it."
            ]
        if errors:
            raise ValidationError(errors)

    def publish(self, revision, user=None, **kwargs):
        """Go live only in a clinically reviewed revision (see README, "Editorial review").

        A publish by a reviewer (the workflow's approval, or a reviewer's own
        Publish, bulk publish or revert) credits them as the reviewer of this
        revision. Any other publish (a scheduled go-live, a script) must be of the
        revision a reviewer approved, or it is refused and nothing changes.
        """
        with transaction.atomic():
            if is_reviewer(user):
                self.record_review(revision=revision, user=user)
            elif self.last_reviewed_revision_id != revision.pk:
                raise ReviewRequired(
                    f"“{self.title}” cannot go live: this revision has not been clinically "
                    "reviewed. Submit it to Clinical review; a reviewer's approval publishes it.",
                    page=self,
                )
            return super().publish(revision, user=user, **kwargs)

    def record_review(self, *, revision, user) -> None:
        """Credit ``user`` (a reviewer) with reviewing ``revision`` now, with an audit entry."""
        profile, _ = ReviewerProfile.objects.get_or_create(
            user=user, defaults={"display_name": user.get_full_name() or user.get_username()}
        )
        pages = [self]
        if revision.content_object is not self:  # the instance Wagtail publishes from
            pages.append(revision.content_object)
        for page in pages:
            page.last_reviewed_by = profile
            page.last_reviewed_at = timezone.now()
            page.last_reviewed_revision = revision
            page.next_review_due = add_months(page.last_reviewed_at, page.review_interval_months)
        TopicPage.objects.filter(pk=self.pk).update(
            **{name: getattr(self, name) for name in self.REVIEW_RECORD_FIELDS}
        )
        log(instance=self, action=REVIEW_LOG_ACTION, user=user, data={"reviewer": str(profile)})

    def save(self, *args, **kwargs):
        self.next_review_due = (
            add_months(self.last_reviewed_at, self.review_interval_months)
            if self.last_reviewed_at
            else None
        )
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        """Keep the clinical review record when an older revision is published or previewed."""
        page = super().with_content_json(content)
        for name in self.REVIEW_RECORD_FIELDS:
            setattr(page, name, getattr(self, name))
        return page


class TopicPageRelatedPin(Orderable):
    """A related page that an editor pins by hand; pinned pages come first."""

    page = ParentalKey(TopicPage, on_delete=models.CASCADE, related_name="pinned_related")
    related_page = models.ForeignKey(
        TopicPage, on_delete=models.CASCADE, related_name="+", verbose_name="related topic"
    )

    panels = [FieldPanel("related_page")]

    class Meta(Orderable.Meta):
        verbose_name = "pinned related page"


class ClinicalReviewTask(AbstractGroupApprovalTask):
    """Group approval that refuses what Wagtail's own task would let through.

    A reviewer may only approve the revision that was submitted (not one an
    editor changed afterwards), and only where they may publish. See
    `pages.review.rules.review_refusal`.
    """

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            refusal = review_refusal(task_state=task_state, user=user)
            if refusal:
                raise ReviewRefused(refusal, page=task_state.workflow_state.content_object)
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return (
            "Members of the chosen groups approve; stale or out-of-section approvals are refused."
        )

    class Meta:
        verbose_name = "clinical review task"
        verbose_name_plural = "clinical review tasks"
