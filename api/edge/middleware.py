"""Surrogate keys and the edge's lifetime on the reference HTML pages Wagtail serves."""

from wagtail.models import Page

from api.edge.keys import page_key, patch_edge_headers


class EdgeKeysMiddleware:
    """Tag an anonymous reader's page (Wagtail's serve view) with ``td-page-<id>``.

    A page behind a view restriction, a signed-in user's request, or a response
    that sets a cookie is left alone: only what every reader sees may be shared.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        page = (getattr(response, "context_data", None) or {}).get("page")
        if (
            request.method in {"GET", "HEAD"}
            and response.status_code == 200
            and isinstance(page, Page)
            and not response.cookies
            and not request.user.is_authenticated
            and not response.has_header("Cache-Control")
            and not page.get_view_restrictions().exists()
        ):
            patch_edge_headers(response, page_key(page.pk))
        return response
