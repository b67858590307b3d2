"""JSON Schema for every body block, derived from the block definitions themselves.

Nothing here restates a block's fields: the schema is read off the StructBlock
children, their validation limits and, where a block shapes its own API value
(`CtaBlock`, `ProseBlock`), from the block's ``api_schema()``. The same
schemas feed the OpenAPI document and ``/api/v1/schema/blocks/``.
"""

from wagtail import blocks

from pages.blocks import TopicBodyBlock


def value_schema(block: blocks.Block) -> dict:
    """The JSON Schema of ``block.get_api_representation(...)``."""
    if hasattr(block, "api_schema"):
        return block.api_schema()
    schema: dict
    if isinstance(block, blocks.StructBlock):
        schema = {
            "type": "object",
            "properties": {name: value_schema(child) for name, child in block.child_blocks.items()},
            "required": list(block.child_blocks),
            "additionalProperties": False,
        }
    elif isinstance(block, blocks.ListBlock):
        schema = {"type": "array", "items": value_schema(block.child_block)}
        if block.meta.min_num:
            schema["minItems"] = block.meta.min_num
        if block.meta.max_num is not None:
            schema["maxItems"] = block.meta.max_num
    elif isinstance(block, blocks.IntegerBlock):
        schema = {"type": "integer"}
        if block.field.min_value is not None:
            schema["minimum"] = block.field.min_value
        if block.field.max_value is not None:
            schema["maximum"] = block.field.max_value
    elif isinstance(block, blocks.CharBlock | blocks.TextBlock):
        schema = {"type": "string"}
        max_length = block.field.max_length
        if max_length:
            schema["maxLength"] = max_length
    else:
        raise TypeError(f"No API schema for {type(block).__name__}; give it an api_schema().")
    field = getattr(block, "field", None)
    if help_text := (field.help_text if field is not None else None) or getattr(
        block.meta, "help_text", None
    ):
        schema["description"] = str(help_text)
    return schema


def component_name(name: str) -> str:
    """``stat_callout`` → ``StatCalloutBlock``."""
    return "".join(part.capitalize() for part in name.split("_")) + "Block"


#: The ``id`` of every block example (a real block's is a random UUID).
EXAMPLE_ID = "9b2f3c1e-5d4a-4e8b-9c7d-2a1b3c4d5e6f"


def example(name: str, block: blocks.Block) -> dict:
    """A block as the API serves it, holding the block's own preview value."""
    value = block.get_api_representation(block.get_preview_value(), context={"page_links": {}})
    return {"type": name, "id": EXAMPLE_ID, "value": value}


def block_schemas() -> dict[str, dict]:
    """One schema per body block type: ``{"type": <name>, "id": uuid, "value": {...}}``."""
    return {
        component_name(name): {
            "type": "object",
            "title": str(block.meta.label or name),
            "description": str(block.get_description()),
            "examples": [example(name, block)],
            "properties": {
                "type": {"type": "string", "const": name, "enum": [name]},
                "id": {"type": "string", "format": "uuid"},
                "value": value_schema(block),
            },
            "required": ["type", "id", "value"],
            "additionalProperties": False,
        }
        for name, block in TopicBodyBlock().child_blocks.items()
    }


def body_schema(ref_prefix: str = "#/components/schemas/") -> dict:
    """The body: a list of blocks, a union discriminated on ``type``."""
    names = list(TopicBodyBlock().child_blocks)
    return {
        "type": "array",
        "items": {
            "oneOf": [{"$ref": f"{ref_prefix}{component_name(name)}"} for name in names],
            "discriminator": {
                "propertyName": "type",
                "mapping": {name: f"{ref_prefix}{component_name(name)}" for name in names},
            },
        },
    }


def standalone_schema() -> dict:
    """A self-contained JSON Schema (draft 2020-12) for the body, for ``/schema/blocks/``."""
    prefix = "#/$defs/"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Topic page body",
        **body_schema(prefix),
        "$defs": block_schemas(),
    }
