"""Writing an article: `import_article` decodes, parses, validates and saves a draft.

All or nothing: an `ArticleError` means nothing was written. Also the helpers
callers need around it: `slug_for_file`, `clean_tags`, `MAX_BYTES` and the
`ImportReport` it returns.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from wagtail.locks import WorkflowLock
from wagtail.models import Page, Site

from pages.blocks import TopicBodyBlock
from pages.importing.blocks import Unplaced
from pages.importing.grammar import DEFAULT_TARGET_URL, ArticleError, _shorten
from pages.importing.parser import ParsedArticle, parse_article
from pages.links import internalise_links, page_for_path
from pages.models import TopicCategoryPage, TopicPage
from pages.similar import similar_topics
from pages.streams import block_error_messages

#: Larger files are not articles; refusing them early keeps the parser fast.
MAX_BYTES = 1_000_000
TAG_MAX = 100  # django-taggit's Tag.name
#: Block fields that hold rich text, whose site links become page links.
RICH_TEXT_FIELDS = {
    "rich_text": ["body"],
    "exercise": ["instructions"],
    "therapy_expectations": ["body"],
}


@dataclass
class ImportReport:
    source: str
    title: str
    page_id: int
    path: str
    created: bool
    submitted: bool
    revision_id: int
    block_types: list[str]
    warnings: list[str]
    unplaced: list[Unplaced]

    @property
    def result(self) -> str:
        return "created" if self.created else "updated"

    @property
    def notes(self) -> list[str]:
        """Warnings and unplaced text, as lines for people."""
        return [*self.warnings, *(f"{item} (kept in a text section)" for item in self.unplaced)]


# --------------------------------------------------------------------------- decoding


def decode_article(data: bytes, *, source: str) -> str:
    """UTF-8 text with its line endings normalised, or an `ArticleError` saying why not.

    Only UTF-8 is accepted: guessing another encoding silently corrupts
    quotes and dashes. NUL bytes and control characters mean a binary file.
    """
    if len(data) > MAX_BYTES:
        raise ArticleError(
            f"the file is {len(data):,} bytes; an article is at most {MAX_BYTES:,}", source=source
        )
    if not data.strip():
        raise ArticleError("the file is empty", source=source, line=1)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ArticleError(
            "the file contains NUL bytes: it is a binary file, not text", source=source, line=line
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ArticleError(
            f"the file is not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8",
            source=source,
            line=line,
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    for number, line_text in enumerate(text.split("\n"), start=1):
        for char in line_text:
            if _is_control(char):
                raise ArticleError(
                    f"the file contains the control character U+{ord(char):04X}: "
                    "it is not a plain-text article",
                    source=source,
                    line=number,
                )
    if not text.strip():
        raise ArticleError("the file is empty", source=source, line=1)
    return text


def _is_control(char: str) -> bool:
    code = ord(char)
    return (code < 32 and char != "\t") or 0x7F <= code <= 0x9F


def slug_for_file(name: str) -> str | None:
    """The page slug a file name gives (``trust-issues.txt`` → ``trust-issues``), if any.

    Importers key pages by file name rather than title, so fixing a typo in
    the title and importing again updates the same page.
    """
    slug = slugify(Path(name).stem, allow_unicode=True)[:255].strip("-_")
    return slug or None


def clean_tags(text: str | Iterable[str]) -> list[str]:
    """``"trust, couples"`` → ``["trust", "couples"]``; ValueError for a tag that is too long."""
    parts = text.split(",") if isinstance(text, str) else text
    tags: list[str] = []
    for part in parts:
        tag = " ".join(part.split())
        if len(tag) > TAG_MAX:
            raise ValueError(f"the tag “{_shorten(tag, 40)}” is longer than {TAG_MAX} characters")
        if tag and tag not in tags:
            tags.append(tag)
    return tags


# --------------------------------------------------------------------------- the service


def import_article(
    *,
    data: bytes | Path,
    category: TopicCategoryPage,
    source: str | None = None,
    slug: str | None = None,
    tags: Sequence[str] = (),
    submit: bool = False,
    user=None,
) -> ImportReport:
    """Import one article file as a draft topic page under ``category``, all or nothing.

    The page is found by slug among the category's children: a new one is
    added unpublished, an existing one gets a new revision (its live version,
    summary, SEO fields and pins stay as they are; tags are added). Nothing
    is ever published. ``submit`` starts the page's review workflow.
    ``user`` is the person importing (None for the command line): they must be
    allowed to add or edit the page. Raises `ArticleError`, having written
    nothing, when the file cannot be read, parsed or validated, or is refused.
    """
    if isinstance(data, Path):
        source = source or data.name
        try:
            data = data.read_bytes()
        except OSError as error:
            raise ArticleError(f"cannot read the file: {error.strerror}", source=source) from None
    source = source or "article"
    text = decode_article(data, source=source)
    parsed = parse_article(text, source=source, slug=slug)
    try:
        tags = clean_tags(tags)
    except ValueError as error:
        raise ArticleError(str(error), source=source) from None
    site = category.get_site() or Site.objects.filter(is_default_site=True).first()
    blocks, warnings = _with_page_links(parsed, site=site)
    body = _validated_body(parsed, blocks)

    existing = Page.objects.child_of(category).filter(slug=parsed.slug).first()
    if existing is not None and not isinstance(existing.specific, TopicPage):
        raise ArticleError(
            f"“{existing.title}” at the slug “{parsed.slug}” is not a topic page", source=source
        )
    existing = existing.specific if existing is not None else None
    _check_allowed(existing, category=category, user=user, submit=submit, source=source)

    try:
        with transaction.atomic():
            if existing is None:
                page = TopicPage(
                    title=parsed.title,
                    slug=parsed.slug,
                    summary=parsed.summary,
                    body=body,
                    live=False,
                    owner=user,
                )
                page.tags.add(*tags)
                category.add_child(instance=page)  # logs "wagtail.create", as the admin does
                revision = page.save_revision(user=user, log_action=True)
            else:
                page = existing.get_latest_revision_as_object()
                page.title = parsed.title
                page.body = body
                page.summary = page.summary or parsed.summary
                page.tags.add(*tags)
                revision = page.save_revision(user=user, log_action=True)
            if submit:
                page.get_workflow().start(page, user)
    except ValidationError as error:
        messages = [
            f"{name}: {message}" if name != "__all__" else message
            for name, errors in getattr(error, "message_dict", {"__all__": error.messages}).items()
            for message in errors
        ]
        raise ArticleError("; ".join(messages), source=source) from None

    root = site.root_page.url_path if site else "/"
    if existing is None:
        warnings = [*warnings, *_near_duplicates(page, root=root)]
    return ImportReport(
        source=source,
        title=parsed.title,
        page_id=page.pk,
        path="/" + page.url_path.removeprefix(root),
        created=existing is None,
        submitted=submit,
        revision_id=revision.pk,
        block_types=[kind for kind, _ in blocks],
        warnings=warnings,
        unplaced=parsed.unplaced,
    )


def _near_duplicates(page: TopicPage, *, root: str) -> list[str]:
    """Warnings for a new page whose title or slug is near an existing page's (`pages.similar`)."""
    return [
        f"Another page has a {'very similar' if other.same == 'title' else 'similar'} "
        f"{other.same}: “{other.title}” at /{other.url_path.removeprefix(root)}"
        f"{' (live)' if other.live else ' (a draft)'}. If this file should update that page, "
        "delete this draft and import again with its slug."
        for other in similar_topics(title=page.title, slug=page.slug, exclude_pk=page.pk)
    ]


def _check_allowed(existing, *, category, user, submit: bool, source: str) -> None:
    """Refuse, before writing anything, what the importing user could not do in the admin."""
    target = existing or category
    if submit and target.get_workflow() is None:
        raise ArticleError(
            f"no review workflow applies to “{category.title}”, so the draft cannot be submitted",
            source=source,
        )
    if existing is not None and submit and existing.workflow_in_progress:
        raise ArticleError(
            f"“{existing.title}” is already in review; import it without submitting to update "
            "the draft, or wait for the review to finish",
            source=source,
        )
    if user is None:
        lock = existing.get_lock() if existing is not None else None
        if lock is not None and not isinstance(lock, WorkflowLock):
            raise ArticleError(f"“{existing.title}” is locked", source=source)
        return
    if existing is None:
        if not category.permissions_for_user(user).can_add_subpage():
            raise ArticleError(f"you cannot add pages under “{category.title}”", source=source)
        return
    permissions = existing.permissions_for_user(user)
    if not permissions.can_edit():
        raise ArticleError(f"you cannot edit “{existing.title}”", source=source)
    if permissions.page_locked():
        raise ArticleError(
            f"“{existing.title}” is locked, so it cannot be changed now", source=source
        )


def _with_page_links(parsed: ParsedArticle, *, site: Site | None) -> tuple[list, list[str]]:
    """Site paths in rich text become page links; paths with no page are reported."""
    warnings = list(parsed.warnings)
    unresolved: list[str] = []
    blocks = []
    for (kind, value), line in zip(parsed.blocks, parsed.block_lines, strict=True):
        value = dict(value)
        for name in RICH_TEXT_FIELDS.get(kind, []) if site is not None else []:
            linked = internalise_links(value[name], site=site)
            value[name] = linked.html
            unresolved.extend(href for href in linked.unresolved if href not in unresolved)
        if kind == "cta":
            value["target_page"] = None
            target = value["target_url"]
            if target != DEFAULT_TARGET_URL and target.startswith("/") and site is not None:
                page = page_for_path(site=site, path=target)
                if page is not None:
                    value["target_page"], value["target_url"] = page.pk, ""
                else:
                    line = parsed.link_lines.get(target, [line])[-1]
                    warnings.append(f"line {line}: no page at {target}; the button links to it")
        blocks.append((kind, value))
    for href in unresolved:
        lines = parsed.link_lines.get(href, [])
        where = f"line {lines[0]}" if len(lines) == 1 else f"lines {', '.join(map(str, lines))}"
        warnings.append(f"{where}: no page at {href}; kept as a plain link")
    return blocks, sorted(warnings, key=_first_line)


def _first_line(warning: str) -> int:
    """Warnings start "line 7: …" or "lines 7, 9: …"; the report lists them in line order."""
    match = re.match(r"lines? (\d+)", warning)
    return int(match[1]) if match else 0


def _validated_body(parsed: ParsedArticle, blocks: list[tuple[str, dict]]):
    """The body as a clean StreamValue, or an `ArticleError` naming the block's line and field."""
    stream_block = TopicBodyBlock()
    for (kind, value), line in zip(blocks, parsed.block_lines, strict=True):
        child = stream_block.child_blocks[kind]
        try:
            child.clean(child.to_python(value))
        except ValidationError as error:
            messages = "; ".join(block_error_messages(error))
            raise ArticleError(f"{kind}: {messages}", source=parsed.source, line=line) from None
    raw = [{"type": kind, "value": value} for kind, value in blocks]
    try:
        return stream_block.clean(stream_block.to_python(raw))
    except ValidationError as error:
        messages = "; ".join(block_error_messages(error))
        raise ArticleError(messages, source=parsed.source) from None
