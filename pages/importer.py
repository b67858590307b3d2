"""Import plain-text articles as draft topic pages, block by block.

Publishers send articles as plain text (``tests/fixtures/trust-issues.txt`` is
the seed). `parse_article` recognises each part of such a file and turns it
into the block it belongs in; `import_article` validates the result with the
real blocks and writes it as a draft, never publishing. The rules are general
(they describe the format, not the seed) and are the same ones the README
lists:

- **Lines.** Each line is one unit (a heading, a paragraph or a list item);
  blank lines are ignored, and hard-wrapped paragraphs are not joined.
- **Title.** The first non-blank line. It must have words, must not be a
  list item or a paragraph of several sentences, and has at most 255
  characters. The summary is the first paragraph, else the first checklist
  affirmation, shortened to 300 characters (the affirmation is shown at the top
  of the page already, so a summary made of it would be read twice).
- **Heading.** A short line (at most 120 characters) with no link that does
  not end like a sentence (``.``, ``!``, ``,``, ``;``, ``…``); a question mark
  or a colon may end it. ``## Markdown`` headings and lines that are wholly
  ``**bold**`` are headings too.
- **Checklist** (``hook_checklist``). Consecutive lines starting with ``✓``
  (or ``✔ ☑ ✅``, after an optional bullet). The line right after them is its
  ``affirmation`` when it is a single sentence of at most 240 characters.
- **Statistic** (``stat_callout``). A line ``According to SOURCE, FIGURE
  STATEMENT. REASSURANCE``. FIGURE is a percentage (``over 40 percent``,
  ``12%``), a ratio (``1 in 3``, ``one in five``, ``3 out of 4``), a fraction
  (``about half``, ``two-thirds``) or a large number (``1.5 million``,
  ``40,000``), with an optional qualifier (over, nearly, about, more than…).
  STATEMENT runs to the end of that sentence; the next sentence is the
  reassurance; any further sentences are unplaced text. A Markdown link in
  SOURCE gives ``source_url``.
- **Text section** (``rich_text``). A heading and the paragraphs under it;
  paragraphs before the first heading get an empty heading. ``-``/``*``/``•``
  lines become a bulleted list, ``**bold**`` becomes bold.
- **Signs** (``signs_list``). A heading starting "Signs" (or "5 Signs",
  "Warning signs" …) followed at once by items ``**Title:** description``.
- **Exercise** (``exercise``). The heading "Something to try" (or "Try this",
  "An exercise to try"; it becomes the kicker), then the name line ``Name
  (Subtitle)``, then paragraphs. The duration is the first "N minutes",
  "N-minute" or "N–M minutes" (the larger) in the text. A citation in
  parentheses ending in a year, at the end of an instruction paragraph, is
  taken out of it (``(APA, 2023)`` → ``APA, 2023``). The last paragraph, when
  there is more than one and it carries no citation, is the closing note.
- **What to expect in therapy** (``therapy_expectations``). The heading "What
  to expect in therapy" (or "… from therapy"); the paragraph beginning "What
  becomes possible" is the outcome (else the last one-sentence paragraph),
  the others are the body. Each approach is an abbreviation in capitals
  followed by "for" and what it addresses: "EFCT for emotional safety".
- **Call to action** (``cta``). The file's last heading, when it is a
  question ("Ready for support that fits?"), with the paragraphs under it.
  A line that is only a Markdown link ``[Book a call](/book/)`` gives the
  button; without one the button is "Get matched with a specialist" to
  ``/get-matched/``.
- **Links.** ``[text](/topics/…/)`` becomes a page link when a page exists at
  that path, otherwise a plain link reported as a warning. Only site paths,
  http(s) and mailto links are made links; anything else stays as text. In
  plain-text fields (checklist, statistic, signs, notes, the call to action)
  a link keeps its text, and the report says so.
- **Nothing dropped.** Text no rule can place (a heading with nothing under
  it, a line with no words, a section whose special rule does not fit, text
  after a statistic's reassurance) goes into a ``rich_text`` block where it
  stood, and is listed in the report with its line and why.
- **Limits.** A part that fits its rule but not its block's limits (seven
  checklist items, a 200-minute exercise, a 161-character item, one sign)
  fails the whole file with its line and field, like an unreadable file.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from wagtail.locks import WorkflowLock
from wagtail.models import Page, Site

from pages.blocks import (
    TopicBodyBlock,
    block_error_messages,
    validate_link_target,
    validate_plain_text,
)
from pages.links import internalise_links, page_for_path
from pages.models import TopicCategoryPage, TopicPage

#: Larger files are not articles; refusing them early keeps the parser fast.
MAX_BYTES = 1_000_000
TITLE_MAX = 255  # Wagtail's Page.title
HEADING_MAX = 120  # the blocks' heading fields
AFFIRMATION_MAX = 240
REASSURANCE_MAX = 200
SUMMARY_MAX = 300
TAG_MAX = 100  # django-taggit's Tag.name
MAX_APPROACHES = 6
DEFAULT_BUTTON_LABEL = "Get matched with a specialist"
#: The matching flow lives in the frontends, so the default button is a path, not a page.
DEFAULT_TARGET_URL = "/get-matched/"
#: Block fields that hold rich text, whose site links become page links.
RICH_TEXT_FIELDS = {
    "rich_text": ["body"],
    "exercise": ["instructions"],
    "therapy_expectations": ["body"],
}


class ArticleError(Exception):
    """A file that cannot be imported; nothing was written.

    ``str(error)`` names the file and, when it is about the text, the line:
    ``"trust-issues.txt, line 1: the file is empty"``.
    """

    def __init__(self, reason: str, *, source: str, line: int | None = None):
        self.reason = reason
        self.source = source
        self.line = line
        where = f"{source}, line {line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Unplaced:
    """Text no rule could place; it is imported as a ``rich_text`` block all the same."""

    line: int
    text: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}: “{_shorten(self.text, 80)}”"


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


# --------------------------------------------------------------------------- line kinds

_BULLET = r"(?:[-*+]\s+|[•·▪◦]\s*)"
_CHECK = re.compile(rf"^{_BULLET}*[✓✔☑✅]\s*(?P<text>\S.*)$")
_SIGN = re.compile(
    rf"^{_BULLET}*\*\*(?P<title>[^*]+?)(?::\s*\*\*|\*\*\s*:)\s*(?P<description>\S.*)$"
)
_LIST_ITEM = re.compile(rf"^{_BULLET}+(?P<text>\S.*)$")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.*?)[\s#]*$")
_BOLD_LINE = re.compile(r"^\*\*(?P<text>[^*]+)\*\*$")
_LINK = re.compile(r"\[(?P<text>[^\[\]\n]+)\]\((?P<href>[^()\s]+)\)")
_BOLD = re.compile(r"\*\*(?=\S)(?P<text>.+?)(?<=\S)\*\*")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
#: How a line may end and still be a heading: not like a sentence.
_SENTENCE_ENDINGS = ".!,;…"

_NUMBER = r"\d+(?:[.,]\d+)?"
_THOUSANDS = r"\d{1,3}(?:,\d{3})+"
_SMALL = r"(?:one|two|three|four|five|six|seven|eight|nine|ten)"
_TENS = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twenty|a\s+hundred)"
_QUALIFIER = (
    r"(?:(?:just\s+|well\s+)?(?:over|under|more\s+than|less\s+than|fewer\s+than|nearly|almost|"
    r"about|around|roughly|approximately|close\s+to|up\s+to|at\s+least|as\s+many\s+as|only)\s+)?"
)
_FIGURE = (
    rf"{_QUALIFIER}(?:"
    rf"{_NUMBER}\s*(?:%|percent\b|per\s+cent\b)"
    rf"|(?:\d+|{_SMALL})\s+(?:in|out\s+of)\s+{_TENS}\b"
    r"|(?:half|a\s+third|a\s+quarter|a\s+fifth|(?:one|two|three|four)[-\s]"
    r"(?:thirds?|quarters?|fifths?))\b"
    rf"|{_NUMBER}\s+(?:thousand|million|billion)\b"
    rf"|{_THOUSANDS}\b"
    r")"
)
_STAT = re.compile(
    r"^According\s+to\s+(?P<source>.+?),\s+(?P<figure>" + _FIGURE + r")\s+(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_LINK_LINE = re.compile(rf"^{_LINK.pattern}$")

_KICKER = re.compile(
    r"^(?:something\s+to\s+try|try\s+this(?:\s+exercise)?|an?\s+(?:exercise|practice)\s+to\s+try)$",
    re.IGNORECASE,
)
_THERAPY = re.compile(r"^what\s+to\s+expect\s+(?:in|from|during)\s+therapy\b", re.IGNORECASE)
_SIGNS = re.compile(r"^(?:(?:\d+|the|common|warning|early|key)\s+)*signs\b", re.IGNORECASE)
_OUTCOME = re.compile(r"^what\s+becomes\s+possible\b", re.IGNORECASE)
_NAME_SUBTITLE = re.compile(r"^(?P<name>.*?\S)\s*\((?P<subtitle>[^()]*\S[^()]*)\)$")
_CITATION = re.compile(r"\s*\((?P<citation>[^()]*?\b(?:1[5-9]|20)\d\d[a-z]?)\)(?P<end>[.!?]?)\s*$")
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45, "sixty": 60, "ninety": 90,
}  # fmt: skip
_AMOUNT = "(?:\\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_DURATION = re.compile(
    rf"\b(?P<low>{_AMOUNT})(?:\s*(?:-|–|—|to)\s*(?P<high>{_AMOUNT}))?(?:\s+|-)(?:minutes?|mins?)\b",
    re.IGNORECASE,
)
_ACRONYM = r"[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9-]*"
_APPROACH = re.compile(
    rf"\b(?P<name>{_ACRONYM})(?:\s*\([^()]*\))?\s+for\s+(?P<addresses>[^,;:.!?()]+?)"
    rf"(?=\s*(?:[,;:.!?()]|$)|\s+(?:or|and)\s+{_ACRONYM}\b)"
)


@dataclass
class _Line:
    number: int
    text: str
    kind: str  # check, sign, item, rule, heading, button, stat, para
    match: re.Match | None = None

    @property
    def body(self) -> str:
        """The text without its list marker or heading marks."""
        if self.kind in ("check", "item"):
            return self.match["text"].strip()
        if self.kind == "heading":
            return _heading_text(self.text)
        return self.text


def _classify(number: int, text: str) -> _Line:
    if match := _CHECK.match(text):
        return _Line(number, text, "check", match)
    if match := _SIGN.match(text):
        return _Line(number, text, "sign", match)
    if not any(char.isalnum() for char in text):
        return _Line(number, text, "rule")
    if _is_heading(text):
        return _Line(number, text, "heading")
    if match := _LINK_LINE.match(text):
        return _Line(number, text, "button", match)
    if match := _LIST_ITEM.match(text):
        return _Line(number, text, "item", match)
    if match := _STAT.match(text):
        return _Line(number, text, "stat", match)
    return _Line(number, text, "para")


def _is_heading(text: str) -> bool:
    if _MARKDOWN_HEADING.match(text) or _BOLD_LINE.match(text):
        return len(_heading_text(text)) <= HEADING_MAX and any(c.isalnum() for c in text)
    if len(text) > HEADING_MAX or _LINK.search(text) or _LIST_ITEM.match(text):
        return False
    ending = text.rstrip("\"'”’)]*_ ")[-1:]
    return ending not in _SENTENCE_ENDINGS


def _heading_text(text: str) -> str:
    if match := _MARKDOWN_HEADING.match(text):
        text = match["text"]
    if match := _BOLD_LINE.match(text):
        text = match["text"]
    text = text.strip()
    return text[:-1].rstrip() if text.endswith(":") else text


def _sentences(text: str) -> list[str]:
    sentences, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [sentence for sentence in sentences if sentence]


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:—–-") + "…"


# --------------------------------------------------------------------------- inline markup


def _safe_href(href: str) -> bool:
    if href.startswith("mailto:") and len(href) > 7:
        return True
    try:
        validate_link_target(href)
    except ValidationError:
        return False
    return True


def _format(text: str) -> str:
    return _BOLD.sub(lambda match: f"<b>{match['text']}</b>", escape(text, quote=False))


class _Parser:
    def __init__(self, text: str, *, source: str, slug: str | None):
        self.source = source
        self.slug = slug
        self.lines = text.split("\n")
        self.blocks: list[tuple[str, dict]] = []
        self.block_lines: list[int] = []
        self.unplaced: list[Unplaced] = []
        self.warnings: list[str] = []
        self.link_lines: dict[str, list[int]] = {}
        self.affirmation = ""
        self.first_paragraph = ""

    # ----------------------------------------------------------------- inline

    def html(self, text: str, line: int) -> str:
        """Markdown-ish inline text to rich text HTML whose links are site paths."""
        parts, position = [], 0
        for match in _LINK.finditer(text):
            parts.append(_format(text[position : match.start()]))
            href = match["href"]
            if _safe_href(href):
                lines = self.link_lines.setdefault(href, [])
                if line not in lines:
                    lines.append(line)
                parts.append(f'<a href="{escape(href)}">{_format(match["text"])}</a>')
            else:
                parts.append(_format(match[0]))
                self.warnings.append(
                    f"line {line}: {href!r} is not a web address or site path; "
                    "the link is kept as text"
                )
            position = match.end()
        parts.append(_format(text[position:]))
        return "".join(parts)

    def plain(self, text: str, line: int, field_name: str | None) -> str:
        """Text for a plain-text field: a link keeps its text, and the report says so.

        ``field_name`` None (the summary, derived from text that is kept
        elsewhere with its links) reports nothing.
        """

        def link_text(match: re.Match) -> str:
            if field_name is not None:
                self.warnings.append(
                    f"line {line}: {field_name} is plain text, so the link to {match['href']} "
                    f"is kept as its text “{match['text']}”"
                )
            return match["text"]

        text = _LINK.sub(link_text, text)
        return _BOLD.sub(lambda match: match["text"], text).strip()

    def paragraphs_html(self, lines: Sequence[_Line]) -> str:
        """Paragraphs become ``<p>``; consecutive list items become one ``<ul>``."""
        html, items = [], []
        for line in lines:
            if line.kind in ("item", "sign", "check"):
                if line.kind == "sign":
                    title, description = line.match["title"].strip(), line.match["description"]
                    item = f"<b>{_format(title)}:</b> {self.html(description, line.number)}"
                else:
                    item = self.html(line.body, line.number)
                items.append(f"<li>{item}</li>")
                continue
            if items:
                html.append(f"<ul>{''.join(items)}</ul>")
                items = []
            html.append(f"<p>{self.html(line.body, line.number)}</p>")
        if items:
            html.append(f"<ul>{''.join(items)}</ul>")
        return "".join(html)

    # ----------------------------------------------------------------- output

    def add(self, kind: str, value: dict, line: int) -> None:
        self.blocks.append((kind, value))
        self.block_lines.append(line)

    def add_unplaced(self, lines: Sequence[_Line], reason: str) -> None:
        """Keep text no rule could place, where it stood, and list it in the report."""
        for line in lines:
            self.unplaced.append(Unplaced(line=line.number, text=line.text, reason=reason))
        body = "".join(f"<p>{self.html(line.text, line.number)}</p>" for line in lines)
        self.add("rich_text", {"heading": "", "body": body}, lines[0].number)

    def note_paragraph(self, text: str, line: int) -> None:
        if not self.first_paragraph:
            self.first_paragraph = self.plain(text, line, None)

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

    def generic(self, heading: _Line | None, body: list[_Line]) -> None:
        """Paragraphs and lists under an optional heading; checklists and statistics apart."""
        pending: list[_Line] = []

        def flush() -> None:
            nonlocal heading
            if not pending:
                return
            value = {
                "heading": heading.body if heading else "",
                "body": self.paragraphs_html(pending),
            }
            self.add("rich_text", value, heading.number if heading else pending[0].number)
            heading = None
            pending.clear()

        def orphan_heading(reason: str) -> None:
            nonlocal heading
            if heading is not None:
                self.add_unplaced([heading], reason)
                heading = None

        index = 0
        while index < len(body):
            line = body[index]
            if line.kind == "check":
                flush()
                orphan_heading("a heading directly above a checklist, which has no heading")
                index = self.checklist(body, index)
                continue
            if line.kind == "stat":
                flush()
                orphan_heading("a heading directly above a statistic, which has no heading")
                self.stat(line)
            elif line.kind == "rule":
                flush()
                self.add_unplaced([line], "a line with no words")
            else:
                if line.kind == "para":
                    self.note_paragraph(line.text, line.number)
                pending.append(line)
            index += 1
        flush()
        orphan_heading("a heading with no text under it")

    def checklist(self, body: list[_Line], index: int) -> int:
        """Add a ``hook_checklist`` from ``body[index]`` on; return the index after it."""
        start = body[index]
        items = []
        while index < len(body) and body[index].kind == "check":
            line = body[index]
            items.append(self.plain(line.body, line.number, "a checklist item"))
            index += 1
        affirmation = ""
        if index < len(body) and self.is_affirmation(body[index]):
            line = body[index]
            affirmation = self.plain(line.text, line.number, "the affirmation")
            self.affirmation = self.affirmation or affirmation
            index += 1
        self.add("hook_checklist", {"items": items, "affirmation": affirmation}, start.number)
        return index

    @staticmethod
    def is_affirmation(line: _Line) -> bool:
        return (
            line.kind == "para"
            and len(line.text) <= AFFIRMATION_MAX
            and len(_sentences(line.text)) == 1
            and not _LINK.search(line.text)
        )

    def stat(self, line: _Line) -> None:
        match = line.match
        source, source_url = match["source"].strip(), ""
        if (link := _LINK.search(source)) and _safe_href(link["href"]):
            # The first link in the source is where the figure comes from.
            source_url = link["href"]
            source = source[: link.start()] + link["text"] + source[link.end() :]
        sentences = _sentences(match["rest"])
        statement, rest = sentences[0], sentences[1:]
        reassurance = ""
        if rest and len(rest[0]) <= REASSURANCE_MAX:
            reassurance = rest.pop(0)
        value = {
            "figure": " ".join(match["figure"].split()),
            "statement": self.plain(statement, line.number, "the statistic"),
            "source": self.plain(source, line.number, "the statistic's source"),  # other links
            "source_url": source_url,
            "reassurance": self.plain(reassurance, line.number, "the reassurance"),
        }
        self.add("stat_callout", value, line.number)
        if rest:
            extra = _Line(line.number, " ".join(rest), "para")
            self.add_unplaced([extra], "text after the statistic and its reassurance")

    # ----------------------------------------------------------------- special sections
    # Each returns None when it added its block, or why the section does not fit.

    def signs(self, heading: _Line, body: list[_Line]) -> str | None:
        count = 0
        while count < len(body) and body[count].kind == "sign":
            count += 1
        if not count:
            return "a “Signs …” heading must be followed by “**Title:** description” items"
        signs = [
            {
                "title": self.plain(line.match["title"], line.number, "a sign's title"),
                "description": self.plain(
                    line.match["description"], line.number, "a sign's description"
                ),
            }
            for line in body[:count]
        ]
        self.add("signs_list", {"heading": heading.body, "signs": signs}, heading.number)
        self.generic(None, body[count:])
        return None

    def exercise(self, heading: _Line, body: list[_Line]) -> str | None:
        if not body or body[0].kind != "heading":
            return "an exercise needs its name on the line after “Something to try”"
        name_line, text = body[0], body[1:]
        if not text:
            return "an exercise needs instructions under its name"
        if any(line.kind not in ("para", "item", "button") for line in text):
            return "an exercise may only hold paragraphs and lists"
        closing_note = ""
        if len(text) > 1 and text[-1].kind == "para" and not _CITATION.search(text[-1].text):
            closing_note = self.plain(text[-1].text, text[-1].number, "the closing note")
            text = text[:-1]
        citation = ""
        for index in range(len(text) - 1, -1, -1):
            line = text[index]
            if line.kind == "para" and (match := _CITATION.search(line.text)):
                citation = match["citation"].strip()
                cited = line.text[: match.start()] + match["end"]
                text = [*text[:index], _Line(line.number, cited, "para"), *text[index + 1 :]]
                break
        words = " ".join([name_line.body, *(line.body for line in text), closing_note])
        duration = _duration(words)
        if duration is None:
            return "an exercise needs its duration in the text, such as “For 10 minutes”"
        name, subtitle = name_line.body, ""
        if match := _NAME_SUBTITLE.match(name):
            name, subtitle = match["name"], match["subtitle"].strip()
        value = {
            "kicker": heading.body,
            "name": name,
            "subtitle": subtitle,
            "duration_minutes": duration,
            "instructions": self.paragraphs_html(text),
            "citation": citation,
            "closing_note": closing_note,
        }
        self.add("exercise", value, heading.number)
        return None

    def therapy(self, heading: _Line, body: list[_Line]) -> str | None:
        if not body or any(line.kind not in ("para", "item", "button") for line in body):
            return "“What to expect in therapy” may only hold paragraphs and lists"
        paragraphs = [index for index, line in enumerate(body) if line.kind == "para"]
        outcome_index = next(
            (index for index in paragraphs if _OUTCOME.match(body[index].text)), None
        )
        if outcome_index is None and len(body) > 1 and paragraphs[-1:] == [len(body) - 1]:
            if len(_sentences(body[-1].text)) == 1:
                outcome_index = len(body) - 1
        if outcome_index is None:
            return "“What to expect in therapy” needs an outcome: “What becomes possible is …”"
        outcome = body[outcome_index]
        text = [line for index, line in enumerate(body) if index != outcome_index]
        if not text:
            return "“What to expect in therapy” needs a paragraph besides its outcome"
        approaches: dict[str, str] = {}
        for line in text:
            words = _LINK.sub(lambda match: match["text"], line.body)
            for match in _APPROACH.finditer(words):
                approaches.setdefault(match["name"], " ".join(match["addresses"].split()))
        if len(approaches) > MAX_APPROACHES:
            self.warnings.append(
                f"line {heading.number}: {len(approaches)} therapy approaches are named; the "
                f"first {MAX_APPROACHES} are listed, and the text keeps them all"
            )
        value = {
            "heading": heading.body,
            "body": self.paragraphs_html(text),
            "approaches": [
                {"name": name, "addresses": addresses}
                for name, addresses in list(approaches.items())[:MAX_APPROACHES]
            ],
            "outcome": self.plain(outcome.text, outcome.number, "the outcome"),
        }
        self.add("therapy_expectations", value, heading.number)
        return None

    def cta(self, heading: _Line, body: list[_Line]) -> str | None:
        buttons = [line for line in body if line.kind == "button"]
        paragraphs = [line for line in body if line.kind == "para"]
        if len(buttons) > 1 or not paragraphs or len(buttons) + len(paragraphs) < len(body):
            return (
                "the closing question needs one or more paragraphs under it, "
                "and at most one button line “[Label](/path/)”"
            )
        label, target = DEFAULT_BUTTON_LABEL, DEFAULT_TARGET_URL
        if buttons:
            match = buttons[0].match
            label, target = match["text"].strip(), match["href"]
            self.link_lines.setdefault(target, []).append(buttons[0].number)
            if not _safe_href(target) or target.startswith("mailto:"):
                return "the button's link must be a web address or a site path"
        text = "\n\n".join(
            self.plain(line.text, line.number, "the call to action") for line in paragraphs
        )
        value = {
            "heading": heading.body,
            "body": text,
            "button_label": label,
            "target_page": "",
            "target_url": target,
        }
        self.add("cta", value, heading.number)
        return None


def _duration(text: str) -> int | None:
    match = _DURATION.search(text)
    if match is None:
        return None
    amounts = [match["low"], match["high"]]
    values = [
        int(amount) if amount.isdigit() else _NUMBER_WORDS[amount.lower()]
        for amount in amounts
        if amount
    ]
    return max(values)


def parse_article(text: str, *, source: str, slug: str | None = None) -> ParsedArticle:
    """Recognise the parts of a plain-text article (see the module docstring).

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
    from pages.similar import similar_topics

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
