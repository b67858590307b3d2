"""OpenAPI schema hooks for drf-spectacular."""


def only_delivery_api(endpoints):
    """Describe only the /api/v1/ delivery API, not Wagtail's admin or v2 endpoints."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
