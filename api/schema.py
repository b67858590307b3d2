"""OpenAPI schema hooks for drf-spectacular."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from api.block_schema import block_schemas


def only_delivery_api(endpoints):
    """Describe only the /api/v1/ delivery API, not Wagtail's admin or v2 endpoints."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def add_block_components(result, generator, request, public):
    """Add one component per body block, which the body's discriminated union refers to."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(block_schemas())
    return result


class WagtailAPITokenScheme(OpenApiAuthenticationExtension):
    """Describe Wagtail API tokens (``Authorization: Bearer …``) in the schema."""

    target_class = "api.authentication.WagtailAPITokenAuthentication"
    name = "wagtailApiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A Wagtail API token: `manage.py api_tokens create --user … --name …`.",
        }
