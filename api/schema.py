"""OpenAPI schema hooks for drf-spectacular."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from api.block_schema import block_schemas


def only_delivery_api(endpoints):
    """Describe only the /api/v1/ delivery API, not Wagtail's admin or v2 endpoints."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


#: The body of every error response (`api.exceptions`).
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "code", "message"],
            "properties": {
                "status": {"type": "integer", "description": "The HTTP status, repeated."},
                "code": {"type": "string", "examples": ["invalid", "not_found", "throttled"]},
                "message": {"type": "string", "description": "What is wrong, for a person."},
                "fields": {
                    "type": "object",
                    "description": "On a 400: each invalid query parameter and its errors.",
                    "additionalProperties": True,
                },
            },
        }
    },
}
ERROR_DESCRIPTIONS = {
    "400": "Bad input: an unknown query parameter or an invalid value.",
    "401": "Not authenticated, or the preview token has expired.",
    "403": "Not allowed: a tampered or foreign preview token, or not a reviewer.",
    "404": "No live page, tag or category by that id, path, slug or token.",
    "429": "Too many anonymous requests; retry after `Retry-After` seconds.",
    "500": "The server failed; the error is logged. Still a JSON error body.",
}
#: Query parameters that name something that may not exist: a 404 when it doesn't.
LOOKUP_PARAMETERS = {"id", "path", "tag", "category", "token"}


def add_error_responses(result, generator, request, public):
    """Document the JSON error responses each operation can give, not only its 200."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            names = {parameter["name"] for parameter in operation.get("parameters", [])}
            authenticated = any(requirement for requirement in operation.get("security", []))
            codes = {"400", "429", "500"}
            if names & LOOKUP_PARAMETERS:
                codes.add("404")
            if "token" in names or authenticated:
                codes |= {"401", "403"}
            for code in sorted(codes):
                operation["responses"].setdefault(
                    code,
                    {
                        "description": ERROR_DESCRIPTIONS[code],
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                )
    return result


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
