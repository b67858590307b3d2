"""The article files the import tests read, and helpers to look into a parsed article."""

from pathlib import Path

from pages.importing import parse_article

FIXTURES = Path(__file__).parent.parent.parent / "fixtures"
SEED = FIXTURES / "trust-issues.txt"
ANXIETY = FIXTURES / "generalized-anxiety.txt"


def parse(*lines: str, title: str = "A Title"):
    return parse_article("\n".join([title, *lines]), source="test.txt")


def blocks_of(parsed, kind: str) -> list[dict]:
    return [value for block_type, value in parsed.blocks if block_type == kind]


def only(parsed, kind: str) -> dict:
    values = blocks_of(parsed, kind)
    assert len(values) == 1, f"expected one {kind}, got {[b for b, _ in parsed.blocks]}"
    return values[0]
