"""A frontend's TypeScript path, as the README tells it: openapi-typescript generates
types from the live schema, and a renderer written with openapi-fetch compiles under
`tsc --strict`. Loosening the block union or dropping a field it reads breaks it.

npm installs the pinned packages (``typescript/package-lock.json``) into a temporary
folder; Node.js and npm come from Debian's packages (`.ci/run` installs them).
"""

import copy
import json
import subprocess
from pathlib import Path

import pytest

from tests.npm import install, run

# One npm install per run: xdist keeps this module's tests on one worker (loadgroup).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("typescript")]

HERE = Path(__file__).resolve().parent / "typescript"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return install(HERE, tmp_path_factory.mktemp("frontend"), ["tsconfig.json", "renderer.ts"])


def compile_against(project: Path, schema: dict) -> subprocess.CompletedProcess:
    (project / "schema.json").write_text(json.dumps(schema))
    generated = run(project, "npx", "openapi-typescript", "schema.json", "-o", "schema.d.ts")
    assert generated.returncode == 0, generated.stdout + generated.stderr
    return run(project, "npx", "tsc", "-p", ".")


def test_the_renderer_compiles_strictly_against_the_live_schema(project, schema):
    result = compile_against(project, schema)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_new_block_type_breaks_the_exhaustive_switch(project, schema):
    changed = copy.deepcopy(schema)
    components = changed["components"]["schemas"]
    figure = copy.deepcopy(components["RichTextBlock"])
    figure["properties"]["type"] = {"type": "string", "const": "figure", "enum": ["figure"]}
    components["FigureBlock"] = figure
    body = components["PageDetail"]["properties"]["body"]["items"]
    body["oneOf"].append({"$ref": "#/components/schemas/FigureBlock"})
    body["discriminator"]["mapping"]["figure"] = "#/components/schemas/FigureBlock"
    result = compile_against(project, changed)
    assert result.returncode != 0
    assert "is not assignable to type 'never'" in result.stdout


def test_a_loosened_block_union_breaks_the_renderer(project, schema):
    changed = copy.deepcopy(schema)
    body = changed["components"]["schemas"]["PageDetail"]["properties"]["body"]
    body["items"] = {"type": "object", "additionalProperties": True}  # any object
    result = compile_against(project, changed)
    assert result.returncode != 0, "a block of no known shape cannot be rendered"
    assert "renderer.ts" in result.stdout


@pytest.mark.parametrize(("schema_name", "field"), [("PageDetail", "review"), ("Seo", "title")])
def test_a_dropped_field_breaks_the_renderer(project, schema, schema_name, field):
    changed = copy.deepcopy(schema)
    component = changed["components"]["schemas"][schema_name]
    del component["properties"][field]
    component["required"] = [name for name in component.get("required", []) if name != field]
    result = compile_against(project, changed)
    assert result.returncode != 0
    assert f"Property '{field}' does not exist" in result.stdout
