"""/api/v1/: the delivery API, its OpenAPI schema and docs."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerView

from api import views
from api.exceptions import not_found

app_name = "api"

urlpatterns = [
    path("pages/resolve/", views.ResolveView.as_view(), name="resolve"),
    path("topics/", views.TopicListView.as_view(), name="topic-list"),
    path("topics/<int:pk>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("tags/", views.TagListView.as_view(), name="tag-list"),
    path("navigation/", views.NavigationView.as_view(), name="navigation"),
    path("routes/", views.RouteListView.as_view(), name="route-list"),
    path("redirects/", views.RedirectListView.as_view(), name="redirect-list"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("search/suggest/", views.SuggestView.as_view(), name="search-suggest"),
    path("preview/", views.PreviewView.as_view(), name="preview"),
    path("review/", views.ReviewQueueView.as_view(), name="review-queue"),
    path("schema/blocks/", views.BlockSchemaView.as_view(), name="block-schema"),
    path("schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^.*$", not_found),
]
