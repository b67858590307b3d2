"""Every API error is JSON: ``{"error": {"status", "code", "message", "fields"?}}``."""

from django.http import Http404, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


def _first_message(detail) -> str:
    if isinstance(detail, dict) and set(detail) == {"detail"}:
        return str(detail["detail"])
    if isinstance(detail, dict):
        for field, value in detail.items():
            return f"{field}: {_first_message(value)}"
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return str(detail)


def api_exception_handler(exc, context):
    """DRF's handler, with its many body shapes folded into one documented shape."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    error = {
        "status": response.status_code,
        "code": getattr(exc, "default_code", None)
        or ("not_found" if isinstance(exc, Http404) else "error"),
        "message": _first_message(response.data),
    }
    if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, dict):
        error["fields"] = response.data
    response.data = {"error": error}
    return response


def json_error(status_code: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(
        {"error": {"status": status_code, "code": code, "message": message}}, status=status_code
    )


def not_found(request, exception=None, *args, **kwargs):
    """JSON 404 for any unknown URL under /api/v1/."""
    return json_error(status.HTTP_404_NOT_FOUND, "not_found", f"No API endpoint at {request.path}")


def server_error(request, *args, **kwargs):
    """``handler500``: a failure under /api/ is JSON like every other API error.

    Django logs the traceback (``django.request``) before calling this. Other
    paths keep Django's own page.
    """
    if request.path_info.startswith("/api/"):
        return json_error(
            status.HTTP_500_INTERNAL_SERVER_ERROR,
            "server_error",
            "The server could not answer this request. The error has been logged.",
        )
    return defaults.server_error(request, *args, **kwargs)
