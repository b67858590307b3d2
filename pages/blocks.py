"""The structured blocks that topic pages are composed from.

The block names registered in `TopicBodyBlock` (``hook_checklist``,
``stat_callout`` …) and the child field names inside each block are the
contract with frontends: renaming one needs a data migration.
"""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.rich_text import RichText

from pages.demo import block_previews as previews
from pages.richtext import (
    PageLinks,
    clean_html,
    frontend_html,
    frontend_path,
    linked_page_ids,
    links_for_ids,
    neutralise_html,
    rich_text_problems,
)
from pages.text import plain_text, safe_link_target, validate_link_target, validate_plain_text

#: Rich text features for prose inside blocks. Block headings are <h2>, so
#: prose may only go one level deeper.
PROSE_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]


def page_links(context: dict | None) -> PageLinks | None:
    """The link targets the delivery API looked up for this response, if any."""
    return (context or {}).get("page_links")


class NeutralRichText(RichText):
    """Rich text that templates render through the allowlist, whatever is stored."""

    def __init__(self, source, *, features: list[str]):
        super().__init__(source)
        self.features = features

    def __html__(self):
        return neutralise_html(super().__html__(), self.features)


#: Rich text longer than this (in characters of text) belongs in several sections.
PROSE_MAX_LENGTH = 20_000


class ProseBlock(blocks.RichTextBlock):
    """Rich text whose API value is HTML with page links resolved to frontend paths.

    API value: ``"<p>See <a href=\"/topics/relationships/conflict-cycles/\">conflict
    cycles</a>.</p>"``. Links to pages that are not live become their text.

    Whatever the way in (the admin, an importer, an export file, code), the text
    may only hold what the editor's features produce: anything else is refused
    by `clean`, stripped on save, and neutralised again on the way out.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("features", PROSE_FEATURES)
        kwargs.setdefault("max_length", PROSE_MAX_LENGTH)
        super().__init__(**kwargs)

    def to_python(self, value):
        return NeutralRichText(value, features=self.features)

    def normalize(self, value):
        if isinstance(value, NeutralRichText):
            return value
        source = value.source if isinstance(value, RichText) else value
        return self.to_python(source and str(source))

    def value_from_form(self, value):
        return self.to_python(value)

    def clean(self, value):
        value = super().clean(value)
        problems = rich_text_problems(value.source, self.features)
        if problems:
            raise ValidationError("; ".join(problems))
        return value

    def get_prep_value(self, value):
        """Store only what the editor could have written, however the text arrived."""
        prepared = super().get_prep_value(self.normalize(value))
        return clean_html(prepared, self.features) if prepared else prepared

    def get_api_representation(self, value, context=None):
        source = value.source if value is not None else ""
        links = page_links(context)
        if links is None:  # outside the delivery API (e.g. /api/v2/): look up this field's links
            links = links_for_ids(linked_page_ids(source))
        return frontend_html(source, links, self.features)

    def api_schema(self) -> dict:
        return {"type": "string", "contentMediaType": "text/html"}


class PlainTextMixin:
    def __init__(self, **kwargs):
        kwargs["validators"] = [*kwargs.get("validators", []), validate_plain_text]
        super().__init__(**kwargs)

    def get_api_representation(self, value, context=None):
        return plain_text(value)


class TextLine(PlainTextMixin, blocks.CharBlock):
    """A single line of plain text.

    Its input is named by its label (``aria-label``): as an item of a ListBlock, it
    has no ``<label>`` of its own in the admin.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self.meta.label:
            self.field.widget.attrs["aria-label"] = self.meta.label


class TextParagraph(PlainTextMixin, blocks.TextBlock):
    """A paragraph of plain text."""


class LinkTargetBlock(blocks.CharBlock):
    """A URL or site path that is safe to put in an ``href``; re-checked on the way out."""

    def __init__(self, **kwargs):
        super().__init__(max_length=500, validators=[validate_link_target], **kwargs)

    def get_api_representation(self, value, context=None):
        return safe_link_target(value)


class HookChecklistBlock(blocks.StructBlock):
    """API value: ``{"items": ["I'm constantly checking their phone…"], "affirmation": "…"}``."""

    items = blocks.ListBlock(
        TextLine(max_length=160, label="Statement"),
        min_num=1,
        max_num=6,
        label="Statements",
        help_text=(
            "1 to 6 short first-person statements a reader recognises themselves in, "
            "shown checked. For example: “I'm constantly checking their phone”."
        ),
    )
    affirmation = TextLine(
        required=False,
        max_length=240,
        help_text="Optional line that answers the reader after the checklist.",
    )

    class Meta:
        label = "Hook checklist"
        icon = "tasks"
        template = "blocks/hook_checklist.html"
        help_text = "Opening lines the reader ticks off in their head."
        description = (
            "The opening: lines a reader recognises themselves in, ticked off, and an "
            "optional line that answers them."
        )
        preview_value = previews.HOOK_CHECKLIST


class StatCalloutBlock(blocks.StructBlock):
    """API value::

        {"figure": "over 40 percent", "statement": "of couples seeking therapy …",
         "source": "relationship research", "source_url": "", "reassurance": "…"}

    Frontends render it as "According to {source}, {figure} {statement}".
    """

    figure = TextLine(max_length=60, help_text="The figure itself, for example “over 40 percent”.")
    statement = TextLine(
        max_length=300,
        help_text="What the figure measures, read straight after it: “of couples seeking …”.",
    )
    source = TextLine(
        max_length=200,
        help_text="Who found it, read after “According to”, for example “relationship research”.",
    )
    source_url = LinkTargetBlock(
        required=False, label="Source URL", help_text="Optional link to the source."
    )
    reassurance = TextLine(
        required=False,
        max_length=200,
        help_text="Optional reassurance after the figure, for example “You're not alone in this.”",
    )

    class Meta:
        label = "Statistic callout"
        icon = "decimal"
        template = "blocks/stat_callout.html"
        help_text = "A single figure with its source. The source is required."
        description = "One figure that tells the reader they are not alone, with its source."
        preview_value = previews.STAT_CALLOUT


class RichTextSectionBlock(blocks.StructBlock):
    """API value: ``{"heading": "Why Trust Feels Out of Reach", "body": "<p>…</p>"}``."""

    heading = TextLine(required=False, max_length=120, help_text="Optional section heading.")
    body = ProseBlock(
        help_text="Prose. Link to other topics with the page chooser in the link tool."
    )

    class Meta:
        label = "Text section"
        icon = "pilcrow"
        template = "blocks/rich_text.html"
        help_text = "A section of prose with an optional heading."
        description = "A section of prose with an optional heading and links to other topics."
        preview_value = previews.RICH_TEXT_SECTION


class SignBlock(blocks.StructBlock):
    title = TextLine(max_length=80, help_text="A short name for the sign.")
    description = TextParagraph(max_length=600, help_text="One or two sentences.")

    class Meta:
        label = "Sign"
        icon = "radio-full"


class SignsListBlock(blocks.StructBlock):
    """API value: ``{"heading": "Signs …", "signs": [{"title": "…", "description": "…"}]}``."""

    heading = TextLine(
        max_length=120, help_text="For example “Signs You're Dealing With Trust Issues”."
    )
    signs = blocks.ListBlock(
        SignBlock(),
        min_num=2,
        max_num=10,
        help_text="2 to 10 signs, each a short title and a description.",
    )

    class Meta:
        label = "Signs list"
        icon = "list-ul"
        template = "blocks/signs_list.html"
        help_text = "Signs a reader may recognise."
        description = "A heading and 2 to 10 signs, each a short title and a sentence or two."
        preview_value = previews.SIGNS_LIST


class ExerciseBlock(blocks.StructBlock):
    """API value::

    {"kicker": "Something to try", "name": "The Transparency Window",
     "subtitle": "Trust Repair Protocol", "duration_minutes": 10,
     "instructions": "<p>…</p>", "citation": "APA, 2023", "closing_note": "…"}
    """

    kicker = TextLine(
        max_length=60, default="Something to try", help_text="Small label above the name."
    )
    name = TextLine(max_length=120, help_text="For example “The Transparency Window”.")
    subtitle = TextLine(
        required=False, max_length=120, help_text="For example “Trust Repair Protocol”."
    )
    duration_minutes = blocks.IntegerBlock(
        min_value=1,
        max_value=120,
        label="Duration (minutes)",
        help_text="How long it takes, 1 to 120 minutes.",
    )
    instructions = ProseBlock(help_text="What to do.")
    citation = TextLine(
        required=False, max_length=120, help_text="Short citation, for example “APA, 2023”."
    )
    closing_note = TextParagraph(
        required=False, max_length=400, help_text="A closing note after the instructions."
    )

    class Meta:
        label = "Exercise"
        icon = "time"
        template = "blocks/exercise.html"
        help_text = "A short exercise the reader can try today."
        description = "“Something to try”: a named exercise, how long it takes, and what to do."
        preview_value = previews.EXERCISE


class ApproachBlock(blocks.StructBlock):
    name = TextLine(max_length=60, help_text="The approach, for example “EFCT”.")
    addresses = TextLine(
        max_length=160, help_text="What it addresses, for example “emotional safety”."
    )

    class Meta:
        label = "Approach"
        icon = "user"


class TherapyExpectationsBlock(blocks.StructBlock):
    """API value::

    {"heading": "What to expect in therapy", "body": "<p>…</p>",
     "approaches": [{"name": "EFCT", "addresses": "emotional safety"}],
     "outcome": "What becomes possible is …"}
    """

    heading = TextLine(max_length=120, default="What to expect in therapy")
    body = ProseBlock()
    approaches = blocks.ListBlock(
        ApproachBlock(),
        min_num=0,
        max_num=6,
        help_text="The therapeutic approaches named in the text, each with what it addresses.",
    )
    outcome = TextLine(
        max_length=300,
        help_text="What becomes possible, for example “What becomes possible is …”.",
    )

    class Meta:
        label = "What to expect in therapy"
        icon = "group"
        template = "blocks/therapy_expectations.html"
        help_text = "How therapy approaches this topic, and what it makes possible."
        description = "What to expect in therapy: the approaches, and what becomes possible."
        preview_value = previews.THERAPY_EXPECTATIONS


class CtaBlock(blocks.StructBlock):
    """The closing call to action; its API value is described on `get_api_representation`."""

    heading = TextLine(max_length=120, help_text="Usually a question.")
    body = TextParagraph(max_length=800)
    button_label = TextLine(max_length=60)
    target_page = blocks.PageChooserBlock(
        required=False, help_text="Link the button to a page on this site …"
    )
    target_url = LinkTargetBlock(
        required=False,
        label="Target URL",
        help_text="… or to a URL or path. Set exactly one of the two.",
    )

    def clean(self, value):
        value = super().clean(value)
        has_page = value.get("target_page") is not None
        has_url = bool(value.get("target_url"))
        if has_page == has_url:
            message = (
                "Choose a target page or enter a target URL, not both."
                if has_page
                else "The button needs a target: choose a page or enter a URL."
            )
            raise blocks.StructBlockValidationError(
                block_errors={
                    "target_page": ValidationError(message),
                    "target_url": ValidationError(message),
                }
            )
        return value

    def get_api_representation(self, value, context=None):
        """API value::

            {"heading": "Ready for support that fits?", "body": "…",
             "button_label": "Get matched", "target": "/get-matched/"}

        ``target`` is the live page's frontend path or the URL; it is null when
        the chosen page is no longer live, and the frontend drops the button.
        """
        page = value.get("target_page")
        if page is not None:
            links = page_links(context)
            target = (
                links.path_for(page.pk)
                if links is not None
                else (frontend_path(page.url_path) if page.live else None)
            )
        else:
            target = safe_link_target(value.get("target_url")) or None
        return {
            "heading": plain_text(value["heading"]),
            "body": plain_text(value["body"]),
            "button_label": plain_text(value["button_label"]),
            "target": target,
        }

    def api_schema(self) -> dict:
        string = {"type": "string"}
        return {
            "type": "object",
            "properties": {
                "heading": string,
                "body": string,
                "button_label": string,
                "target": {
                    "type": ["string", "null"],
                    "description": "Frontend path or URL; null when the target page is not live.",
                },
            },
            "required": ["heading", "body", "button_label", "target"],
            "additionalProperties": False,
        }

    class Meta:
        label = "Call to action"
        icon = "link-external"
        template = "blocks/cta.html"
        help_text = "The closing call to action, with one button."
        description = "The closing call to action: a question, a line of text and one button."
        preview_value = previews.CTA


class TopicBodyBlock(blocks.StreamBlock):
    hook_checklist = HookChecklistBlock()
    stat_callout = StatCalloutBlock()
    rich_text = RichTextSectionBlock()
    signs_list = SignsListBlock()
    exercise = ExerciseBlock()
    therapy_expectations = TherapyExpectationsBlock()
    cta = CtaBlock()

    class Meta:
        block_counts = {"cta": {"max_num": 1}}
