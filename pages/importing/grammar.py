"""The rules of the plain-text article format: limits, line patterns, line kinds.

The rules are general (they describe the format, not the seed,
``tests/fixtures/trust-issues.txt``) and are the same ones the README lists:

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
from dataclasses import dataclass
from html import escape

from django.core.exceptions import ValidationError

from pages.text import validate_link_target

TITLE_MAX = 255  # Wagtail's Page.title
HEADING_MAX = 120  # the blocks' heading fields
AFFIRMATION_MAX = 240
REASSURANCE_MAX = 200
SUMMARY_MAX = 300
MAX_APPROACHES = 6
DEFAULT_BUTTON_LABEL = "Get matched with a specialist"
#: The matching flow lives in the frontends, so the default button is a path, not a page.
DEFAULT_TARGET_URL = "/get-matched/"


# Every module of the package raises it, so it lives in the one they all import.
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
