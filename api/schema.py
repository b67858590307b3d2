"""OpenAPI schema hooks for drf-spectacular."""

from api.block_schema import block_schemas


def only_delivery_api(endpoints):
    """Describe only the /api/v1/ delivery API, not Wagtail's admin or v2 endpoints."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def add_block_components(result, generator, request, public):
    """Add one component per body block, which the body's discriminated union refers to."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(block_schemas())
    return result
