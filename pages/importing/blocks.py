"""Classified lines to block values: inline markup, and one builder per block type.

`_BlockBuilder` holds what the rules write (the blocks, their lines, the unplaced
text, the warnings, the lines each link is on) and the rules for each kind of
section; `pages.importing.parser` decides which lines go to which rule.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from pages.importing.grammar import (
    _APPROACH,
    _BOLD,
    _CITATION,
    _LINK,
    _NAME_SUBTITLE,
    _OUTCOME,
    AFFIRMATION_MAX,
    DEFAULT_BUTTON_LABEL,
    DEFAULT_TARGET_URL,
    MAX_APPROACHES,
    REASSURANCE_MAX,
    _duration,
    _format,
    _Line,
    _safe_href,
    _sentences,
    _shorten,
)


@dataclass(frozen=True)
class Unplaced:
    """Text no rule could place; it is imported as a ``rich_text`` block all the same."""

    line: int
    text: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}: “{_shorten(self.text, 80)}”"


class _BlockBuilder:
    """The blocks an article's lines make, and what the report says about them."""

    def __init__(self):
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

    # ----------------------------------------------------------------- text sections

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
