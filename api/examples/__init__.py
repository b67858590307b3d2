"""Example responses for the OpenAPI schema, so the docs page shows real shapes.

``trust-issues.json`` is the demo's seed article as ``/api/v1/topics/{id}/`` serves it.
`tests/api/test_schema_examples.py` checks that it still is (ids and dates aside) and
that it validates against the schema; after a change to the page detail, rewrite it with

    .venv/bin/python -m api.examples
"""

import json
from functools import cache
from pathlib import Path

from drf_spectacular.utils import OpenApiExample

PAGE_DETAIL = Path(__file__).with_name("trust-issues.json")


@cache
def page_detail() -> dict:
    return json.loads(PAGE_DETAIL.read_text(encoding="utf-8"))


def page_detail_examples() -> list[OpenApiExample]:
    return [
        OpenApiExample(
            "The seed article",
            summary="“I Want to Trust, But I Can't”, from the demo",
            value=page_detail(),
            response_only=True,
        )
    ]
