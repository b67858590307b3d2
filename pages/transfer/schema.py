"""The export format: its name and version, the fields it carries, and page references
written as ``url_path`` (ids do not survive a move) and read back as ids."""

import re

from wagtail.blocks import PageChooserBlock, StreamBlock

FORMAT, VERSION = "topicdesk-content", 1

#: Fields written for every page, and for each type beside them.
PAGE_FIELDS = [
    "title",
    "slug",
    "seo_title",
    "search_description",
    "show_in_menus",
    "live",
    "expired",
    "first_published_at",
    "last_published_at",
    "go_live_at",
    "expire_at",
]

TYPE_FIELDS = {
    "pages.homepage": ["intro"],
    "pages.topicindexpage": ["intro"],
    "pages.topiccategorypage": ["intro"],
    "pages.topicpage": ["summary", "body", "review_interval_months", "last_reviewed_at"],
}

DRAFT_FIELDS = ["title", "slug", "seo_title", "search_description", "summary", "body", "intro"]

_PAGE_LINK_TAG = re.compile(r'<a\b[^>]*\blinktype="page"[^>]*>')

_ID_ATTRIBUTE = re.compile(r'\bid="(\d+)"')

_PATH_ATTRIBUTE = re.compile(r'\bpath="([^"]*)"')


class TransferError(Exception):
    """An import that cannot go ahead; nothing has been written."""


#: At most this many problems are listed when a file is refused.
MAX_PROBLEMS_SHOWN = 50


def ids_to_paths(raw: list, stream_block: StreamBlock, id_to_path: dict[int, str]) -> list:
    def rich(text: str) -> str:
        return rewrite_links(
            text, _ID_ATTRIBUTE, lambda pk: f'path="{id_to_path.get(int(pk), "")}"'
        )

    return map_references(raw, stream_block, rich, lambda pk: id_to_path.get(pk))


def paths_to_ids(raw: list, stream_block: StreamBlock, path_to_id: dict[str, int]) -> list:
    def rich(text: str) -> str:
        return rewrite_links(text, _PATH_ATTRIBUTE, lambda path: f'id="{path_to_id.get(path, 0)}"')

    return map_references(raw, stream_block, rich, lambda path: path_to_id.get(path))


def rewrite_links(text: str, attribute: re.Pattern, replacement) -> str:
    """In each stored page link, swap the attribute naming its page (id or path)."""

    def tag(match: re.Match) -> str:
        return attribute.sub(lambda found: replacement(found.group(1)), match.group(0), count=1)

    return _PAGE_LINK_TAG.sub(tag, text)


def map_references(raw: list, stream_block: StreamBlock, rich, chooser) -> list:
    """Rewrite page references in raw stream data: rich text links and page choosers."""

    def walk(value):
        if isinstance(value, str):
            return rich(value) if 'linktype="page"' in value else value
        if isinstance(value, dict):
            return {key: walk(item) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item) for item in value]
        return value

    mapped = []
    for item in raw:
        block = stream_block.child_blocks[item["type"]]
        value = walk(item["value"])
        for name, child in getattr(block, "child_blocks", {}).items():
            if isinstance(child, PageChooserBlock) and value.get(name) is not None:
                value[name] = chooser(value[name])
        mapped.append({**item, "value": value})
    return mapped
