"""Delivery API views: parse the query, call a selector, serialize. Nothing else."""

from collections.abc import Callable

from django.conf import settings
from django.http import Http404
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import permissions, serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from api import examples
from api import serializers as api
from api.authentication import WagtailAPITokenAuthentication
from api.block_schema import standalone_schema
from api.caching import CachedGetMixin, DocumentGetMixin
from api.documents import document_for_bundle
from api.exceptions import json_error
from api.models import PageDocument
from api.preview import PreviewTokenError, page_for_token
from pages import selectors
from pages.review.rules import is_reviewer
from pages.review.services import review_queue
from pages.richtext import site_roots_read_once
from search.queries import search_topics, suggest_titles


class DeliveryView(CachedGetMixin, APIView):
    """Anonymous, read-only, throttled and cached."""

    authentication_classes: list = []
    input_serializer = api.NoQueryInput

    def query(self, request) -> dict:
        serializer = self.input_serializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class StoredJSON(BaseContentNegotiation):
    """A stored document is JSON bytes, whatever the Accept header asks for."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class DocumentView(DocumentGetMixin, APIView):
    """A page detail, served from its stored document (`api.documents`)."""

    authentication_classes: list = []
    content_negotiation_class = StoredJSON
    input_serializer = api.NoQueryInput

    query = DeliveryView.query

    @staticmethod
    def built(bundle: selectors.PageBundle | None, missing: str) -> PageDocument:
        if bundle is None:
            raise Http404(missing)
        return document_for_bundle(bundle)


@extend_schema_view(
    get=extend_schema(
        operation_id="pages_resolve",
        summary="The live page at a URL path",
        parameters=[api.ResolveInput],
        responses=api.PageDetailSerializer,
        examples=examples.page_detail_examples(),
    )
)
class ResolveView(DocumentView):
    input_serializer = api.ResolveInput

    def find(self, request):
        relative = self.query(request)["path"].strip("/")
        return PageDocument.objects.stored_at(f"/{relative}/" if relative else "/")

    def build(self, request):
        path = self.query(request)["path"]
        return self.built(selectors.page_detail_at_path(path=path), f"No live page at {path}.")


@extend_schema_view(
    get=extend_schema(
        operation_id="topics_detail",
        summary="A live topic page",
        responses=api.PageDetailSerializer,
        examples=examples.page_detail_examples(),
    )
)
class TopicDetailView(DocumentView):
    #: Page ids are 64-bit: a larger one is no page, and would overflow the database driver.
    MAX_ID = 2**63 - 1

    def find(self, request, pk: int):
        if request.query_params:  # none is valid; refuse any, naming it
            self.query(request)
        if pk > self.MAX_ID:
            raise Http404(f"No live topic page {pk}.")
        return PageDocument.objects.stored_topic(pk)

    def build(self, request, pk: int):
        return self.built(selectors.topic_detail(pk=pk), f"No live topic page {pk}.")


class TopicPagination(LimitOffsetPagination):
    """DRF's limit/offset shape; `TopicListInput` has already refused bad limits."""

    default_limit = settings.API_PAGE_SIZE
    max_limit = settings.API_MAX_PAGE_SIZE

    def __init__(self, count: Callable[[], int] | None = None):
        self._count = count

    def get_count(self, queryset) -> int:
        """The selector's count when it has a cheaper one than ``queryset.count()``."""
        return self._count() if self._count else super().get_count(queryset)


@extend_schema_view(
    get=extend_schema(
        operation_id="topics_list",
        summary="Live topic page summaries",
        parameters=[
            api.TopicListInput,
            OpenApiParameter("tag", str, many=True, description="Repeat for all of several tags."),
        ],
        responses=api.PaginatedTopicSummarySerializer,
    )
)
class TopicListView(DeliveryView):
    listing = "topics"
    input_serializer = api.TopicListInput
    pagination_class = TopicPagination

    def build(self, request):
        query = self.query(request)
        scope = selectors.topic_scope(tags=query["tag"], category=query.get("category"))
        if scope.unknown:
            raise Http404(f"Unknown {', '.join(scope.unknown)}.")
        paginator = self.pagination_class(count=scope.count)
        queryset = selectors.topic_summaries(scope=scope, ordering=query["ordering"])
        page = paginator.paginate_queryset(queryset, request, view=self)
        summaries = selectors.summarise(page)
        return paginator.get_paginated_response(
            api.TopicSummarySerializer(summaries, many=True).data
        )


@extend_schema_view(
    get=extend_schema(
        summary="Tags used by live topic pages", responses=api.TagCountSerializer(many=True)
    )
)
class TagListView(DeliveryView):
    listing = "tags"

    def build(self, request):
        self.query(request)
        return Response(api.TagCountSerializer(selectors.live_tag_counts(), many=True).data)


@extend_schema_view(
    get=extend_schema(
        summary="Categories and their live topics, for menus",
        responses=api.NavigationSerializer(many=True),
    )
)
class NavigationView(DeliveryView):
    listing = "navigation"

    def build(self, request):
        self.query(request)
        return Response(api.NavigationSerializer(selectors.navigation(), many=True).data)


@extend_schema_view(
    get=extend_schema(
        summary="Every live page's path: a manifest for static builds and sitemaps",
        responses=api.RouteSerializer(many=True),
    )
)
class RouteListView(DeliveryView):
    listing = "routes"

    def build(self, request):
        self.query(request)
        return Response(api.RouteSerializer(selectors.routes(), many=True).data)


@extend_schema_view(
    get=extend_schema(
        summary="Redirects managed by editors", responses=api.RedirectSerializer(many=True)
    )
)
class RedirectListView(DeliveryView):
    listing = "redirects"

    def build(self, request):
        self.query(request)
        return Response(api.RedirectSerializer(selectors.redirects(), many=True).data)


@extend_schema_view(
    get=extend_schema(
        operation_id="search",
        summary="Search live topic pages by any word in any block",
        parameters=[
            api.SearchInput,
            OpenApiParameter("tag", str, many=True, description="Repeat for all of several tags."),
        ],
        responses=api.SearchResultsSerializer,
    )
)
class SearchView(DeliveryView):
    listing = "search"
    input_serializer = api.SearchInput

    def build(self, request):
        query = self.query(request)
        results, unknown = search_topics(
            query=query["q"],
            tags=query["tag"],
            category=query.get("category"),
            limit=query["limit"],
            offset=query["offset"],
        )
        if unknown:
            raise Http404(f"Unknown {', '.join(unknown)}.")
        return Response(api.SearchResultsSerializer(results).data)


@extend_schema_view(
    get=extend_schema(
        operation_id="search_suggest",
        summary="Title suggestions as the reader types",
        parameters=[api.SuggestInput],
        responses=api.PageRefSerializer(many=True),
    )
)
class SuggestView(DeliveryView):
    listing = "suggest"
    input_serializer = api.SuggestInput

    def build(self, request):
        prefix = self.query(request)["q"]
        return Response(api.PageRefSerializer(suggest_titles(prefix=prefix), many=True).data)


@extend_schema_view(
    get=extend_schema(
        operation_id="preview",
        summary="A draft, by preview token, in the same shape as the page detail",
        parameters=[api.PreviewInput],
        responses=api.PageDetailSerializer,
    )
)
class PreviewView(APIView):
    """For frontends showing an editor a draft. Never cached: the token is the key."""

    authentication_classes: list = []
    STATUS = {"expired": 401, "invalid": 403, "gone": 404}

    def get(self, request):
        serializer = api.PreviewInput(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        try:
            page = page_for_token(serializer.validated_data["token"])
        except PreviewTokenError as exc:
            return json_error(self.STATUS[exc.reason], f"token_{exc.reason}", str(exc))
        with site_roots_read_once():
            data = api.PageDetailSerializer(selectors.preview_detail(page=page)).data
        return Response(data, headers={"Cache-Control": "private, no-store"})


class IsReviewer(permissions.BasePermission):
    message = "Only members of the Reviewers group may read the review queue."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and is_reviewer(request.user))


@extend_schema_view(
    get=extend_schema(
        summary="Pages awaiting clinical review (Reviewers only)",
        responses=api.ReviewQueueItemSerializer(many=True),
    )
)
class ReviewQueueView(APIView):
    """For reviewers' own tools: authenticated, never cached."""

    authentication_classes = [WagtailAPITokenAuthentication, SessionAuthentication]
    permission_classes = [IsReviewer]

    def get(self, request):
        api.NoQueryInput(data=request.query_params).is_valid(raise_exception=True)
        items = review_queue()
        return Response(
            api.ReviewQueueItemSerializer(items, many=True, context={"request": request}).data,
            headers={"Cache-Control": "private, no-store"},
        )


@extend_schema_view(
    get=extend_schema(
        summary="JSON Schema of every body block",
        responses=inline_serializer("BlockSchema", {"$schema": serializers.CharField()}),
    )
)
class BlockSchemaView(DeliveryView):
    listing = "block-schema"

    def build(self, request):
        self.query(request)
        return Response(standalone_schema())
