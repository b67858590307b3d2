"""Output shapes of the delivery API, and the inputs each endpoint accepts.

The body's block values are not described here: each block owns its JSON
(`pages.blocks`) and its schema is derived from it (`api.block_schema`).
"""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.block_schema import body_schema
from pages import head
from pages.images import IMAGE_SCHEMA

PATH_MAX_LENGTH = 2000


class StrictQueryMixin:
    """Refuse query parameters the endpoint does not know, naming them."""

    def to_internal_value(self, data):
        unknown = sorted(set(data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError(
                {name: ["Unknown query parameter."] for name in unknown}
            )
        return super().to_internal_value(data)


class NoQueryInput(StrictQueryMixin, serializers.Serializer):
    pass


class ResolveInput(StrictQueryMixin, serializers.Serializer):
    path = serializers.CharField(
        max_length=PATH_MAX_LENGTH,
        help_text="The page's URL path, for example /topics/relationships/trust-issues/.",
    )

    def validate_path(self, value: str) -> str:
        if not value.startswith("/"):
            raise serializers.ValidationError("Must start with /.")
        if any(ord(char) < 32 or ord(char) == 127 for char in value):
            raise serializers.ValidationError("Must not contain control characters.")
        segments = value.strip("/").split("/")
        if any(segment in {".", ".."} for segment in segments):
            raise serializers.ValidationError("Must not contain . or .. segments.")
        if "//" in value or "?" in value or "#" in value:
            raise serializers.ValidationError("Must be a plain path, without // ? or #.")
        return value


class TopicFilterInput(StrictQueryMixin, serializers.Serializer):
    """The filters shared by the topic listing and search."""

    tag = serializers.ListField(
        child=serializers.SlugField(max_length=100),
        required=False,
        default=list,
        max_length=10,
        help_text="Tag slug; repeat for topics that have every tag (?tag=a&tag=b).",
    )
    category = serializers.SlugField(max_length=255, required=False, help_text="Category slug.")


class TopicListInput(TopicFilterInput):
    ORDERINGS = ("title", "-last_published_at")

    limit = serializers.IntegerField(
        min_value=1, max_value=settings.API_MAX_PAGE_SIZE, default=settings.API_PAGE_SIZE
    )
    offset = serializers.IntegerField(min_value=0, max_value=1_000_000, default=0)
    ordering = serializers.ChoiceField(choices=ORDERINGS, default="title")


def validate_query_text(value: str) -> str:
    if any(ord(char) < 32 or 127 <= ord(char) < 160 for char in value):
        raise serializers.ValidationError("Must not contain control characters.")
    if not any(char.isalnum() for char in value):
        raise serializers.ValidationError("Must contain at least one letter or digit.")
    return value


class SearchInput(TopicFilterInput):
    MAX_QUERY_LENGTH = 200

    q = serializers.CharField(
        max_length=MAX_QUERY_LENGTH,
        validators=[validate_query_text],
        help_text="What the reader typed, in any words.",
    )
    limit = serializers.IntegerField(min_value=1, max_value=50, default=10)
    offset = serializers.IntegerField(min_value=0, max_value=1000, default=0)


class PreviewInput(StrictQueryMixin, serializers.Serializer):
    token = serializers.CharField(max_length=1000, help_text="The token from the preview URL.")


class SuggestInput(StrictQueryMixin, serializers.Serializer):
    q = serializers.CharField(
        max_length=100, validators=[validate_query_text], help_text="The start of a title."
    )


class PageRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    slug = serializers.CharField()
    path = serializers.CharField()


class TagSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()


class TagCountSerializer(TagSerializer):
    count = serializers.IntegerField(help_text="Live topic pages with this tag.")


class OpenGraphSerializer(serializers.Serializer):
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    type = serializers.ChoiceField(choices=["article", "website"])
    url = serializers.URLField()
    site_name = serializers.CharField()
    image = serializers.URLField(required=False, help_text="The hero's 1200×630 crop, if any.")
    image_alt = serializers.CharField(required=False, allow_blank=True)


class TwitterCardSerializer(serializers.Serializer):
    card = serializers.ChoiceField(choices=["summary", "summary_large_image"])
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)


class SeoSerializer(serializers.Serializer):
    title = serializers.CharField(help_text="SEO title, or the page title when unset.")
    description = serializers.CharField(
        allow_blank=True, help_text="The meta description, or the summary when unset."
    )
    canonical_url = serializers.URLField(help_text="The page's public address.")
    robots = serializers.CharField(help_text="``noindex, nofollow`` for previews.")
    og = OpenGraphSerializer(help_text="Open Graph tags.")
    twitter = TwitterCardSerializer(help_text="Twitter (X) card tags.")


class CrisisLineSerializer(serializers.Serializer):
    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=["phone", "sms", "url"])
    value = serializers.CharField(help_text="The number or address, as shown.")
    href = serializers.CharField(
        allow_blank=True, help_text="tel:, sms: or https: link; empty if unsafe."
    )


class CrisisResourcesSerializer(serializers.Serializer):
    heading = serializers.CharField()
    text = serializers.CharField()
    lines = CrisisLineSerializer(many=True)


class ReferenceSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="As the editor wrote it, e.g. “APA, 2023”.")
    author = serializers.CharField(allow_null=True, help_text="Author or organisation.")
    year = serializers.IntegerField(allow_null=True)
    url = serializers.URLField(allow_null=True)
    cited_for = serializers.ChoiceField(choices=["statistic", "exercise"])
    block_id = serializers.CharField(help_text="The body block that cites it.")


@extend_schema_field(
    {
        "type": "object",
        "description": "schema.org JSON-LD: ``@context`` and an ``@graph`` of a "
        "MedicalWebPage (or WebPage), a BreadcrumbList and the publisher's Organization.",
        "properties": {
            "@context": {"type": "string", "const": head.SCHEMA_CONTEXT},
            "@graph": {"type": "array", "items": {"type": "object"}},
        },
        "required": ["@context", "@graph"],
    }
)
class StructuredDataField(serializers.ReadOnlyField):
    """The page's JSON-LD graph, as the reference page embeds it."""


class RelatedTopicSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    path = serializers.CharField()
    summary = serializers.CharField()
    pinned = serializers.BooleanField(help_text="Pinned by an editor rather than ranked.")
    shared_tags = serializers.IntegerField()


class ReviewSerializer(serializers.Serializer):
    reviewed_by = serializers.CharField(help_text="The approving clinician, e.g. Dana Ortiz.")
    credentials = serializers.CharField(allow_blank=True, help_text="For example LMFT.")
    reviewed_at = serializers.DateTimeField()
    next_review_due = serializers.DateField(allow_null=True)


@extend_schema_field(body_schema())
class BodyField(serializers.ReadOnlyField):
    """The StreamField as ``[{type, id, value}]``; already serialized by the blocks."""


class PageDetailSerializer(serializers.Serializer):
    """Any live page. Topic pages fill summary, category, tags, body and related."""

    id = serializers.IntegerField(source="page.pk")
    type = serializers.SerializerMethodField()
    title = serializers.CharField(source="page.title")
    slug = serializers.CharField(source="page.slug")
    path = serializers.CharField()
    seo = serializers.SerializerMethodField()
    summary = serializers.CharField(source="page.summary", default="")
    category = PageRefSerializer(allow_null=True)
    breadcrumbs = PageRefSerializer(many=True)
    tags = TagSerializer(many=True)
    first_published_at = serializers.DateTimeField(source="page.first_published_at")
    last_published_at = serializers.DateTimeField(source="page.last_published_at")
    hero_image = serializers.SerializerMethodField()
    body = BodyField()
    related = RelatedTopicSerializer(many=True)
    review = ReviewSerializer(
        allow_null=True, help_text="The clinical review record; null if never reviewed."
    )
    children = PageRefSerializer(many=True, help_text="Live child pages, for listing pages.")
    crisis_resources = serializers.SerializerMethodField()
    references = serializers.SerializerMethodField()
    structured_data = serializers.SerializerMethodField()

    def get_type(self, bundle) -> str:
        return f"{bundle.page._meta.app_label}.{bundle.page.__class__.__name__}"

    @extend_schema_field({**IMAGE_SCHEMA, "type": ["object", "null"]})
    def get_hero_image(self, bundle) -> dict | None:
        """The topic's hero; null without one (or for the seconds until the worker has
        made a newly chosen image's renditions)."""
        return bundle.hero_image

    @extend_schema_field(SeoSerializer)
    def get_seo(self, bundle) -> dict:
        return head.seo(bundle)

    @extend_schema_field(CrisisResourcesSerializer(allow_null=True))
    def get_crisis_resources(self, bundle) -> dict | None:
        """Where to turn in an emergency; null when the page hides them or none are set."""
        return head.crisis_resources(bundle)

    @extend_schema_field(ReferenceSerializer(many=True))
    def get_references(self, bundle) -> list[dict]:
        return head.references(bundle)

    @extend_schema_field(StructuredDataField)
    def get_structured_data(self, bundle) -> dict:
        return head.structured_data(bundle)


class TopicSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    path = serializers.CharField()
    summary = serializers.CharField()
    tags = TagSerializer(many=True)
    category = PageRefSerializer(allow_null=True)
    last_published_at = serializers.DateTimeField()


class SearchHitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    path = serializers.CharField()
    summary = serializers.CharField()
    snippet = serializers.CharField(
        help_text="Escaped text around the match, with the matched words in <mark>."
    )
    category = PageRefSerializer(allow_null=True)


class SearchResultsSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="All matching live topics (up to 1,000).")
    results = SearchHitSerializer(many=True, source="hits")
    facets = TagCountSerializer(many=True, help_text="Each tag's count within all the matches.")


class PaginatedTopicSummarySerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = TopicSummarySerializer(many=True)


class NavigationSerializer(serializers.Serializer):
    category = PageRefSerializer()
    topics = PageRefSerializer(many=True)


class ReadingLevelSerializer(serializers.Serializer):
    grade = serializers.FloatField(help_text="Flesch–Kincaid grade level of the reader's text.")
    target = serializers.FloatField(help_text="The site's target grade (READING_GRADE_TARGET).")
    above_target = serializers.BooleanField(help_text="Flagged for the reviewer; not blocked.")
    words = serializers.IntegerField()


class ReviewQueueItemSerializer(serializers.Serializer):
    page_id = serializers.IntegerField()
    title = serializers.CharField()
    submitted_by = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    workflow = serializers.CharField()
    task = serializers.CharField()
    task_state = serializers.CharField()
    reading_level = ReadingLevelSerializer(
        allow_null=True, help_text="Of the revision under review; null for non-topic pages."
    )
    admin_edit_url = serializers.SerializerMethodField()

    def get_admin_edit_url(self, item) -> str:
        request = self.context["request"]
        return request.build_absolute_uri(reverse("wagtailadmin_pages:edit", args=(item.page_id,)))


class RouteSerializer(serializers.Serializer):
    path = serializers.CharField()
    type = serializers.CharField()
    last_modified = serializers.DateTimeField()


class RedirectSerializer(serializers.Serializer):
    old_path = serializers.CharField()
    target = serializers.CharField(help_text="Frontend path of a live page, or a URL.")
    is_permanent = serializers.BooleanField()
