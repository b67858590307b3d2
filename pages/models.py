"""Page types: Home → Topic index (/topics/) → Topic category → Topic page."""

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from pages.blocks import TopicBodyBlock


class HomePage(Page):
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


class TopicIndexPage(Page):
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


class TopicCategoryPage(Page):
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


class TopicPage(Page):
    """A topic article, composed of structured blocks."""

    summary = models.TextField(
        max_length=300,
        help_text="One or two sentences for listings, cards and link previews (300 characters).",
    )
    tags = ClusterTaggableManager(
        through=TopicPageTag,
        blank=True,
        help_text="Pages that share tags are shown as related.",
    )
    body = StreamField(TopicBodyBlock(), help_text="The article, block by block.")

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
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

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    # For the stock /api/v2/ endpoint; /api/v1/ builds its own detail.
    api_fields = [APIField("summary"), APIField("tags"), APIField("body")]

    parent_page_types = ["pages.TopicCategoryPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "topic page"

    def get_context(self, request, *args, **kwargs):
        from pages.selectors import related_topics

        context = super().get_context(request, *args, **kwargs)
        context["related"] = related_topics(page=self)
        return context


class TopicPageRelatedPin(Orderable):
    """A related page that an editor pins by hand; pinned pages come first."""

    page = ParentalKey(TopicPage, on_delete=models.CASCADE, related_name="pinned_related")
    related_page = models.ForeignKey(
        TopicPage, on_delete=models.CASCADE, related_name="+", verbose_name="related topic"
    )

    panels = [FieldPanel("related_page")]

    class Meta(Orderable.Meta):
        verbose_name = "pinned related page"
