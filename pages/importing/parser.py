"""Plain text to a `ParsedArticle`: the title, the sections, and which rule each one meets.

Pure: no database access. The rules are in `pages.importing.grammar`; the blocks
they make are built by `pages.importing.blocks`.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from pages.importing.blocks import Unplaced, _BlockBuilder
from pages.importing.grammar import (
    _KICKER,
    _MARKDOWN_HEADING,
    _SENTENCE_ENDINGS,
    _SIGNS,
    _THERAPY,
    SUMMARY_MAX,
    TITLE_MAX,
    ArticleError,
    _classify,
    _heading_text,
    _Line,
    _sentences,
    _shorten,
)
from pages.text import validate_plain_text


@dataclass
class ParsedArticle:
    source: str
    title: str
    slug: str
    summary: str
    #: ``(block_type, value)`` in the format of `pages.demo.trust_issues`: rich
    #: text is HTML whose links are site paths, ``cta.target_page`` is ``""``.
    blocks: list[tuple[str, dict]]
    #: The line each block starts on, for error messages.
    block_lines: list[int]
    unplaced: list[Unplaced] = field(default_factory=list)
    #: Things an editor should check, each starting with its line.
    warnings: list[str] = field(default_factory=list)
    #: The lines each link target (in rich text, or the button's) is written on.
    link_lines: dict[str, list[int]] = field(default_factory=dict)


class _Parser(_BlockBuilder):
    """Walks an article's lines: the title first, then each section to the rule it fits."""

    def __init__(self, text: str, *, source: str, slug: str | None):
        super().__init__()
        self.source = source
        self.slug = slug
        self.lines = text.split("\n")

    # ----------------------------------------------------------------- parsing

    def parse(self) -> ParsedArticle:
        numbered = [
            (number, text.strip())
            for number, text in enumerate(self.lines, start=1)
            if text.strip()
        ]
        if not numbered:
            raise ArticleError("the file is empty", source=self.source, line=1)
        title_number, title_text = numbered[0]
        title = self.title(title_number, title_text)
        slug = slugify(self.slug if self.slug is not None else title, allow_unicode=True)
        slug = slug[:255].strip("-_")
        if not slug:
            raise ArticleError(
                "the title has no letters or digits to make the page's URL from",
                source=self.source,
                line=title_number,
            )
        lines = [_classify(number, text) for number, text in numbered[1:]]
        if not lines:
            raise ArticleError(
                "the file has a title but no article under it",
                source=self.source,
                line=title_number + 1,
            )
        sections = self.sections(lines)
        for index, (heading, body) in enumerate(sections):
            self.section(heading, body, last=index == len(sections) - 1)
        # The summary is plain text: a candidate with markup in it (kept as text in its
        # block) would be refused, so the next one is taken.
        summary = next(
            (text for text in (self.first_paragraph, self.affirmation, title) if _plain(text)), ""
        )
        return ParsedArticle(
            source=self.source,
            title=title,
            slug=slug,
            summary=_shorten(summary, SUMMARY_MAX),
            blocks=self.blocks,
            block_lines=self.block_lines,
            unplaced=self.unplaced,
            warnings=self.warnings,
            link_lines=self.link_lines,
        )

    def title(self, number: int, text: str) -> str:
        line = _classify(number, text)
        problem = None
        if line.kind in ("check", "sign", "item"):
            problem = "it is a list item"
        elif line.kind == "rule":
            problem = "it has no words"
        elif len(text) > TITLE_MAX:
            problem = f"it is {len(text)} characters long, and a title has at most {TITLE_MAX}"
        elif len(_sentences(text)) > 1 and text.rstrip()[-1:] in _SENTENCE_ENDINGS:
            problem = "it is a paragraph of several sentences"
        if problem:
            raise ArticleError(
                f"the file has no title: the first line should be the title, but {problem}",
                source=self.source,
                line=number,
            )
        title = _heading_text(text) if _MARKDOWN_HEADING.match(text) else text
        title = self.plain(title, number, "the title")
        if not any(char.isalnum() for char in title):
            raise ArticleError("the file has no title", source=self.source, line=number)
        return title

    def sections(self, lines: list[_Line]) -> list[tuple[_Line | None, list[_Line]]]:
        """Split the lines at headings; an exercise's name line stays with its kicker."""
        sections: list[tuple[_Line | None, list[_Line]]] = [(None, [])]
        for line in lines:
            heading, body = sections[-1]
            is_exercise_name = (
                heading is not None and not body and _KICKER.match(heading.body) is not None
            )
            if line.kind == "heading" and not is_exercise_name:
                sections.append((line, []))
            else:
                body.append(line)
        if sections[0] == (None, []):
            sections.pop(0)
        return sections

    def section(self, heading: _Line | None, body: list[_Line], *, last: bool) -> None:
        if heading is None:
            self.generic(None, body)
            return
        text = heading.body
        rules = [
            (_KICKER.match(text), self.exercise),
            (_THERAPY.match(text), self.therapy),
            (_SIGNS.match(text), self.signs),
            (last and text.endswith("?"), self.cta),
        ]
        for applies, rule in rules:
            if applies:
                problem = rule(heading, body)
                if problem:
                    self.add_unplaced([heading, *body], problem)
                return
        self.generic(heading, body)


def parse_article(text: str, *, source: str, slug: str | None = None) -> ParsedArticle:
    """Recognise the parts of a plain-text article (see `pages.importing.grammar`).

    Pure: no database access. ``slug`` defaults to the slugified title.
    Raises `ArticleError` (naming ``source`` and the line) when the text has
    no title or no article; otherwise every line ends up in some block.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return _Parser(text, source=source, slug=slug).parse()


def _plain(text: str) -> bool:
    """Whether ``text`` is non-empty and would pass a plain-text field's validation."""
    try:
        validate_plain_text(text)
    except ValidationError:
        return False
    return bool(text)
