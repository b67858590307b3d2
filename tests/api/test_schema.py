"""The published OpenAPI schema types every block, and every real response validates against it."""

import copy

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from pages.models import TopicCategoryPage, TopicPage
from tests.factories import clinical_reviewer, committed

pytestmark = pytest.mark.django_db

BLOCK_TYPES = {
    "hook_checklist",
    "stat_callout",
    "rich_text",
    "signs_list",
    "exercise",
    "therapy_expectations",
    "cta",
}


@pytest.fixture
def openapi(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    return response.json()


def validator_for(document: dict, pointer: str) -> jsonschema.Draft202012Validator:
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    registry = Registry().with_resource("urn:topicdesk", resource)
    return jsonschema.Draft202012Validator({"$ref": f"urn:topicdesk#{pointer}"}, registry=registry)


def test_schema_is_openapi_3_with_every_endpoint(openapi):
    assert openapi["openapi"].startswith("3.")
    assert set(openapi["paths"]) == {
        "/api/v1/pages/resolve/",
        "/api/v1/topics/",
        "/api/v1/topics/{id}/",
        "/api/v1/tags/",
        "/api/v1/navigation/",
        "/api/v1/routes/",
        "/api/v1/redirects/",
        "/api/v1/preview/",
        "/api/v1/review/",
        "/api/v1/search/",
        "/api/v1/search/suggest/",
        "/api/v1/schema/blocks/",
    }


def test_body_is_a_union_discriminated_on_type(openapi):
    body = openapi["components"]["schemas"]["PageDetail"]["properties"]["body"]
    mapping = body["items"]["discriminator"]["mapping"]
    assert body["items"]["discriminator"]["propertyName"] == "type"
    assert set(mapping) == BLOCK_TYPES
    for name, ref in mapping.items():
        component = openapi["components"]["schemas"][ref.rsplit("/", 1)[-1]]
        assert component["properties"]["type"]["const"] == name
        value = component["properties"]["value"]
        assert value["type"] == "object" and value["properties"], name


def test_block_fields_are_typed_from_the_block_definitions(openapi):
    schemas = openapi["components"]["schemas"]
    exercise = schemas["ExerciseBlock"]["properties"]["value"]["properties"]
    assert exercise["duration_minutes"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 120,
        "description": "How long it takes, 1 to 120 minutes.",
    }
    signs = schemas["SignsListBlock"]["properties"]["value"]["properties"]["signs"]
    assert (signs["minItems"], signs["maxItems"]) == (2, 10)
    cta = schemas["CtaBlock"]["properties"]["value"]["properties"]
    assert cta["target"]["type"] == ["string", "null"]


def test_every_demo_response_validates_against_the_published_schema(client, demo, openapi):
    detail_validator = validator_for(openapi, "/components/schemas/PageDetail")
    seen: set[str] = set()
    for page in TopicPage.objects.live():
        detail = client.get(f"/api/v1/topics/{page.pk}/").json()
        detail_validator.validate(detail)
        seen |= {block["type"] for block in detail["body"]}
    assert seen == BLOCK_TYPES
    for path in ("/", "/topics/", "/topics/relationships/"):
        detail_validator.validate(client.get("/api/v1/pages/resolve/", {"path": path}).json())
    validator_for(openapi, "/components/schemas/PaginatedTopicSummary").validate(
        client.get("/api/v1/topics/").json()
    )


def test_a_cta_without_a_live_target_still_validates(client, demo, openapi):
    page = TopicPage.objects.get(slug="trust-issues")
    raw = page.body.raw_data
    target = TopicCategoryPage.objects.get(slug="anxiety")
    next(b for b in raw if b["type"] == "cta")["value"].update(target_page=target.pk, target_url="")
    page.body = raw
    page.save_revision().publish(user=clinical_reviewer())
    with committed():
        target.unpublish()
    detail = client.get(f"/api/v1/topics/{page.pk}/").json()
    assert detail["body"][-1]["value"]["target"] is None
    validator_for(openapi, "/components/schemas/PageDetail").validate(detail)


def test_the_schema_rejects_a_block_that_breaks_its_contract(client, demo, openapi):
    """Guards the test above: the schema is strict enough to catch a drifted block."""
    detail = client.get("/api/v1/pages/resolve/", {"path": "/topics/relationships/trust-issues/"})
    broken = copy.deepcopy(detail.json())
    exercise = next(block for block in broken["body"] if block["type"] == "exercise")
    exercise["value"]["duration_minutes"] = "ten"
    with pytest.raises(jsonschema.ValidationError):
        validator_for(openapi, "/components/schemas/PageDetail").validate(broken)
    renamed = copy.deepcopy(detail.json())
    renamed["body"][0]["value"]["statements"] = renamed["body"][0]["value"].pop("items")
    with pytest.raises(jsonschema.ValidationError):
        validator_for(openapi, "/components/schemas/PageDetail").validate(renamed)


def test_block_schemas_are_served_as_plain_json_schema(client, demo):
    schema = client.get("/api/v1/schema/blocks/").json()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    body = client.get("/api/v1/pages/resolve/", {"path": "/topics/relationships/trust-issues/"})
    jsonschema.Draft202012Validator(schema).validate(body.json()["body"])
    assert {name.removesuffix("Block") for name in schema["$defs"]} == {
        "HookChecklist",
        "StatCallout",
        "RichText",
        "SignsList",
        "Exercise",
        "TherapyExpectations",
        "Cta",
    }


def test_docs_page_is_served_without_a_cdn(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn." not in html and "jsdelivr" not in html


@pytest.mark.parametrize(
    ("url", "template", "status"),
    [
        ("/api/v1/topics/?bogus=1", "/api/v1/topics/", 400),
        ("/api/v1/topics/?limit=-1", "/api/v1/topics/", 400),
        ("/api/v1/topics/?tag=no-such-tag", "/api/v1/topics/", 404),
        ("/api/v1/topics/999999/", "/api/v1/topics/{id}/", 404),
        ("/api/v1/pages/resolve/?path=/no/such/page/", "/api/v1/pages/resolve/", 404),
        ("/api/v1/search/?q=", "/api/v1/search/", 400),
        ("/api/v1/preview/?token=tampered", "/api/v1/preview/", 403),
        ("/api/v1/review/", "/api/v1/review/", 401),
        ("/api/v1/tags/?page=2", "/api/v1/tags/", 400),
    ],
)
def test_error_responses_are_documented_and_match_the_schema(
    client, demo, openapi, url, template, status
):
    response = client.get(url)
    assert response.status_code == status
    documented = openapi["paths"][template]["get"]["responses"][str(status)]
    schema = documented["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/Error"}
    validator_for(openapi, "/components/schemas/Error").validate(response.json())
    assert response.json()["error"]["status"] == status


def test_every_operation_documents_its_json_errors(openapi):
    for path, operations in openapi["paths"].items():
        responses = operations["get"]["responses"]
        assert {"200", "400", "429", "500"} <= set(responses), path
    assert "404" not in openapi["paths"]["/api/v1/tags/"]["get"]["responses"]
    assert {"401", "403"} <= set(openapi["paths"]["/api/v1/review/"]["get"]["responses"])
