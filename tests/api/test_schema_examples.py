"""The OpenAPI schema carries real examples: the seed article's detail, and each block."""

import json

import pytest
from jsonschema import Draft202012Validator

from api import examples
from api.models import PageDocument

pytestmark = pytest.mark.django_db

#: What differs between two loads of the demo: database ids, block UUIDs and times.
VOLATILE = {
    "id",
    "block_id",
    "first_published_at",
    "last_published_at",
    "reviewed_at",
    "next_review_due",
}
VOLATILE_LD = {"datePublished", "dateModified", "lastReviewed"}


def validator(schema, name):
    return Draft202012Validator(
        {"$ref": f"#/components/schemas/{name}", "components": schema["components"]}
    )


def stable(value, parent_is_ld=False):
    """The value with the keys that change from one demo load to the next blanked."""
    if isinstance(value, dict):
        is_ld = "@type" in value or parent_is_ld
        return {
            key: None if key in VOLATILE or (is_ld and key in VOLATILE_LD) else stable(item, is_ld)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [stable(item, parent_is_ld) for item in value]
    return value


@pytest.mark.parametrize("operation", ["/api/v1/topics/{id}/", "/api/v1/pages/resolve/"])
def test_the_page_detail_example_is_the_seed_article_and_fits_the_schema(schema, operation):
    content = schema["paths"][operation]["get"]["responses"]["200"]["content"]
    (example,) = content["application/json"]["examples"].values()
    assert example["value"]["title"] == "I Want to Trust, But I Can't: Therapy for Trust Issues"
    errors = list(validator(schema, "PageDetail").iter_errors(example["value"]))
    assert errors == []


def test_the_example_is_what_the_demo_serves_now(client, demo):
    """If this fails after a change to the page detail: `.venv/bin/python -m api.examples`."""
    served = json.loads(
        bytes(PageDocument.objects.get(path="/topics/relationships/trust-issues/").content)
    )
    assert stable(examples.page_detail()) == stable(served)


def test_every_block_has_an_example_that_fits_its_schema(schema):
    components = schema["components"]["schemas"]
    body = components["PageDetail"]["properties"]["body"]["items"]
    names = [ref["$ref"].rsplit("/", 1)[1] for ref in body["oneOf"]]
    assert len(names) == 7
    for name in names:
        (example,) = components[name]["examples"]
        assert components[name]["description"]
        assert list(validator(schema, name).iter_errors(example)) == [], name
        assert example["value"], name
