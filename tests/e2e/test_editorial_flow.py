"""The editorial flow in a real browser, against a real server.

An editor composes a topic page from one block of each type through Wagtail's
StreamField UI, tags it and submits it for review; a reviewer finds it on the
dashboard and approves it; the delivery API and the reference page then serve
every block with what was typed.

The server, the browser and the helpers they share are in `conftest.py` and
`browser.py`.
"""

import re
import time

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.browser import (
    STEP_TIMEOUT_MS,
    get_json,
    insert_block,
    log_in,
    screenshot,
    session,
)

pytestmark = pytest.mark.e2e

CATEGORY_PATH = "/topics/relationships/"
TITLE = "Why Do I Feel So Jealous? Therapy for Jealousy"
SLUG = "jealousy-e2e"
PATH = f"{CATEGORY_PATH}{SLUG}/"
SUMMARY = "Jealousy can take over a loving relationship. Therapy helps you feel secure again."
TAGS = ["jealousy", "insecurity"]

# What the editor types, block by block, as the delivery API should give it back.
# Rich text fields (Draftail) are compared by their text; avoid "/" and markdown-like
# prefixes in them, which Draftail turns into commands.
HOOK = {
    "items": ["I reread their messages looking for clues"],
    "affirmation": "Feeling jealous does not make you a bad partner.",
}
STAT = {
    "figure": "about 1 in 3",
    "statement": "adults say jealousy has strained a relationship.",
    "source": "a survey of couples",
    "source_url": "https://example.org/jealousy-survey",
    "reassurance": "Many people feel this way.",
}
SECTION = {
    "heading": "Where Jealousy Comes From",
    "body": "Jealousy often grows from an old fear of being left behind.",
}
SIGNS = {
    "heading": "Signs Jealousy Is Running the Show",
    "signs": [
        {"title": "Checking Their Phone", "description": "You look through it for proof."},
        {"title": "Replaying Conversations", "description": "You go over what they said."},
    ],
}
EXERCISE = {
    "kicker": "Something to try",  # the block's default, left as it is
    "name": "The Pause Before Asking",
    "subtitle": "Jealousy Check-In",
    "duration_minutes": 5,
    "instructions": "When jealousy spikes, wait five minutes and name the feeling.",
    "citation": "Gottman Institute, 2021",
    "closing_note": "Small pauses add up.",
}
THERAPY = {
    "heading": "How Therapy Helps With Jealousy",
    "body": "Therapy looks at the fears underneath the jealousy.",
    "approaches": [{"name": "EFT", "addresses": "attachment fears"}],
    "outcome": "What becomes possible is feeling secure without checking.",
}
CTA = {
    "heading": "Ready to feel secure again?",
    "body": "We can match you with a therapist who understands jealousy.",
    "button_label": "Find a therapist",
    "target": "/get-matched/",
}
RICH_TEXT = {("rich_text", "body"), ("exercise", "instructions"), ("therapy_expectations", "body")}
EXPECTED_BODY = {
    "hook_checklist": HOOK,
    "stat_callout": STAT,
    "rich_text": SECTION,
    "signs_list": SIGNS,
    "exercise": EXERCISE,
    "therapy_expectations": THERAPY,
    "cta": CTA,
}


# --- The StreamField UI ------------------------------------------------------------------


def type_rich_text(block: Locator, field: str, text: str) -> None:
    """Type into a Draftail editor, as an editor would.

    Draftail's contenteditable textbox is not labelled by the field's label, so it
    is found as the textbox inside the field (`data-contentpath` names the field).
    """
    editor = block.locator(f'[data-contentpath="{field}"]').get_by_role("textbox")
    editor.click()
    editor.press_sequentially(text)
    expect(editor).to_have_text(text)


def fill_blocks(page: Page) -> None:
    body = page.get_by_role("region", name="Body*")

    block = insert_block(body, "Hook checklist")
    block.get_by_role("region", name=re.compile("^Statement")).get_by_role("textbox").fill(
        HOOK["items"][0]
    )
    block.get_by_label("Affirmation", exact=True).fill(HOOK["affirmation"])

    block = insert_block(body, "Statistic callout")
    block.get_by_label("Figure*", exact=True).fill(STAT["figure"])
    block.get_by_label("Statement*", exact=True).fill(STAT["statement"])
    block.get_by_label("Source*", exact=True).fill(STAT["source"])
    block.get_by_label("Source URL", exact=True).fill(STAT["source_url"])
    block.get_by_label("Reassurance", exact=True).fill(STAT["reassurance"])

    block = insert_block(body, "Text section")
    block.get_by_label("Heading", exact=True).fill(SECTION["heading"])
    type_rich_text(block, "body", SECTION["body"])

    block = insert_block(body, "Signs list")
    block.get_by_label("Heading*", exact=True).fill(SIGNS["heading"])
    signs = block.get_by_role("region", name=re.compile(r"^Sign\b"))
    expect(signs).to_have_count(1)
    add = block.get_by_role("button", name="Add", exact=True).last
    for _ in range(3):  # under load, a click can land before the admin's script has bound it
        add.click()
        try:
            expect(signs).to_have_count(2, timeout=5_000)
            break
        except AssertionError:
            if signs.count() != 1:
                raise
    expect(signs).to_have_count(2)
    for sign, values in zip(signs.all(), SIGNS["signs"], strict=True):
        sign.get_by_label("Title*", exact=True).fill(values["title"])
        sign.get_by_label("Description*", exact=True).fill(values["description"])

    block = insert_block(body, "Exercise")
    expect(block.get_by_label("Kicker*", exact=True)).to_have_value(EXERCISE["kicker"])
    block.get_by_label("Name*", exact=True).fill(EXERCISE["name"])
    block.get_by_label("Subtitle", exact=True).fill(EXERCISE["subtitle"])
    block.get_by_label("Duration (minutes)*", exact=True).fill(str(EXERCISE["duration_minutes"]))
    type_rich_text(block, "instructions", EXERCISE["instructions"])
    block.get_by_label("Citation", exact=True).fill(EXERCISE["citation"])
    block.get_by_label("Closing note", exact=True).fill(EXERCISE["closing_note"])

    block = insert_block(body, "What to expect in therapy")
    block.get_by_label("Heading*", exact=True).fill(THERAPY["heading"])
    type_rich_text(block, "body", THERAPY["body"])
    approach = block.get_by_role("region", name=re.compile(r"^Approach\b"))
    expect(approach).to_have_count(1)
    approach.get_by_label("Name*", exact=True).fill(THERAPY["approaches"][0]["name"])
    approach.get_by_label("Addresses*", exact=True).fill(THERAPY["approaches"][0]["addresses"])
    block.get_by_label("Outcome*", exact=True).fill(THERAPY["outcome"])

    block = insert_block(body, "Call to action")
    block.get_by_label("Heading*", exact=True).fill(CTA["heading"])
    block.get_by_label("Body*", exact=True).fill(CTA["body"])
    block.get_by_label("Button label*", exact=True).fill(CTA["button_label"])
    block.get_by_label("Target URL", exact=True).fill(CTA["target"])


def add_tags(page: Page) -> None:
    page.get_by_role("tab", name="Promote").click()
    promote = page.get_by_role("tabpanel", name="Promote")
    expect(promote).to_be_visible()
    promote.get_by_label("Slug*", exact=True).fill(SLUG)
    tags = promote.get_by_role("region", name="Tags and related pages")
    tag_input = tags.get_by_role("listitem").get_by_role("textbox")
    for tag in TAGS:
        tag_input.click()
        tag_input.press_sequentially(tag)
        tag_input.press("Enter")
        expect(tags.get_by_role("listitem").filter(has_text=re.compile(rf"^{tag}"))).to_be_visible()


def wait_for_autosave(page: Page) -> None:
    """Wait until Wagtail's autosave has stored every change.

    The form checks itself for edits every 0.5 s and autosaves 0.5 s after an edit.
    Submitting while an edit is unsaved or an autosave is in flight could leave a
    revision newer than the submitted one, which the reviewer would be refused to
    approve. Settled means: no unsaved edits and no autosave saving, for a whole
    second (twice the interval at which the form looks for edits).
    """
    deadline = time.monotonic() + STEP_TIMEOUT_MS / 1000
    settled_since = None
    while True:
        has_edits, state, message = page.evaluate(
            """() => {
                const form = document.getElementById("page-edit-form");
                const indicator = document.getElementById("w-autosave-indicator");
                return [
                    form.dataset.wUnsavedHasEditsValue === "true",
                    indicator.dataset.wAutosaveStateValue,
                    indicator.dataset.wTooltipContentValue,
                ];
            }"""
        )
        assert state != "paused", f"Wagtail's autosave failed: {message}"
        now = time.monotonic()
        if has_edits or state == "saving":
            settled_since = None
        elif settled_since is None:
            settled_since = now
        elif now - settled_since >= 1.0:
            return
        assert now < deadline, f"Wagtail's autosave did not settle (state {state!r})"
        page.wait_for_timeout(100)


# --- Reading the result ------------------------------------------------------------------


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def category_id(base: str) -> int:
    return get_json(f"{base}/api/v1/pages/resolve/?path={CATEGORY_PATH}")["id"]


# --- The flow ----------------------------------------------------------------------------


def test_editor_composes_reviewer_approves_readers_get_every_block(server, browser, artifacts):
    base = server.url

    # 1–2. The editor composes the page, tags it and submits it for review.
    with session(browser, artifacts, "editor") as page:
        log_in(page, base, "editor")
        page.goto(f"{base}/admin/pages/{category_id(base)}/")
        expect(page.get_by_role("heading", name="Exploring: Relationships")).to_be_visible()
        page.get_by_role("link", name="Add child page").click()
        # Topic pages are the only type a category takes, so Wagtail goes straight to the form.
        expect(page.get_by_role("heading", name="New: Topic page")).to_be_visible()

        page.get_by_role("textbox", name="Title*").fill(TITLE)
        page.get_by_role("textbox", name="Summary*").fill(SUMMARY)
        fill_blocks(page)
        screenshot(page, artifacts / "1-editor-blocks.png")
        add_tags(page)

        # Autosave creates the page as a draft as soon as the form is valid.
        expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
        wait_for_autosave(page)
        footer = page.get_by_role("navigation", name="Actions (footer)")
        footer.get_by_role("button", name="More actions", exact=True).click()
        submit = footer.get_by_role("button", name="Submit to Clinical review", exact=True)
        expect(submit).to_be_visible()
        submit.click()
        expect(page.get_by_role("status")).to_contain_text(
            f"Page '{TITLE}' has been submitted for moderation."
        )

    # 3. The reviewer finds it on the dashboard and approves it.
    with session(browser, artifacts, "reviewer") as page:
        log_in(page, base, "reviewer")
        awaiting = page.get_by_role("region", name="Awaiting your review")
        row = awaiting.get_by_role("row").filter(has=page.get_by_role("link", name=TITLE))
        expect(row).to_be_visible()
        expect(row).to_contain_text("Eli Editor")
        screenshot(page, artifacts / "2-reviewer-dashboard.png")

        row.get_by_role("link", name=TITLE).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
        footer = page.get_by_role("navigation", name="Actions (footer)")
        footer.get_by_role("button", name="More actions", exact=True).click()
        approve = footer.get_by_role("button", name="Approve and Publish", exact=True)
        expect(approve).to_be_visible()
        screenshot(page, artifacts / "3-reviewer-approve.png")
        approve.click()
        # Approving publishes: back in the explorer, the page is live.
        expect(page.get_by_role("status")).to_contain_text(
            f"“{TITLE}” was approved and published. It is credited as reviewed by Dana Ortiz, LMFT."
        )
        listed = page.get_by_role("row").filter(has=page.get_by_role("link", name=TITLE))
        expect(listed).to_contain_text(re.compile("live", re.IGNORECASE))

    # 4. The delivery API serves every block with what was typed.
    detail = get_json(f"{base}/api/v1/pages/resolve/?path={PATH}")
    assert detail["title"] == TITLE
    assert detail["summary"] == SUMMARY
    assert sorted(tag["name"] for tag in detail["tags"]) == sorted(TAGS)
    assert detail["review"]["reviewed_by"] == "Dana Ortiz"
    blocks = {block["type"]: block["value"] for block in detail["body"]}
    assert [block["type"] for block in detail["body"]] == list(EXPECTED_BODY)
    for block_type, expected in EXPECTED_BODY.items():
        value = dict(blocks[block_type])
        for name in [name for kind, name in RICH_TEXT if kind == block_type]:
            assert value[name].startswith("<p"), (block_type, name, value[name])
            value[name] = text_of(value[name])
        assert value == expected, block_type

    # ... and so does the reference page.
    with session(browser, artifacts, "reader") as page:
        page.goto(f"{base}{PATH}")
        article = page.get_by_role("article", name=TITLE)
        expect(article).to_be_visible()
        expect(article.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(article).to_contain_text(SUMMARY)
        expect(article).to_contain_text("Clinically reviewed by Dana Ortiz, LMFT")
        tags = article.get_by_role("list", name="Tags")
        for tag in TAGS:
            expect(tags.get_by_role("listitem").filter(has_text=tag)).to_be_visible()

        expect(article.get_by_role("listitem").filter(has_text=HOOK["items"][0])).to_be_visible()
        expect(article).to_contain_text(HOOK["affirmation"])

        stat = article.get_by_role("complementary", name="Statistic")
        expect(stat).to_contain_text(
            f"According to {STAT['source']}, {STAT['figure']} {STAT['statement']}"
        )
        expect(stat.get_by_role("link", name=STAT["source"])).to_have_attribute(
            "href", STAT["source_url"]
        )
        expect(stat).to_contain_text(STAT["reassurance"])

        expect(article.get_by_role("heading", name=SECTION["heading"])).to_be_visible()
        expect(article).to_contain_text(SECTION["body"])

        expect(article.get_by_role("heading", name=SIGNS["heading"])).to_be_visible()
        for sign in SIGNS["signs"]:
            expect(article.get_by_role("term").filter(has_text=sign["title"])).to_be_visible()
            expect(
                article.get_by_role("definition").filter(has_text=sign["description"])
            ).to_be_visible()

        for text in (
            EXERCISE["kicker"],
            EXERCISE["name"],
            f"({EXERCISE['subtitle']})",
            f"{EXERCISE['duration_minutes']} minutes",
            EXERCISE["instructions"],
            f"({EXERCISE['citation']})",
            EXERCISE["closing_note"],
        ):
            expect(article).to_contain_text(text)

        expect(article.get_by_role("heading", name=THERAPY["heading"])).to_be_visible()
        expect(article).to_contain_text(THERAPY["body"])
        approach = THERAPY["approaches"][0]
        expect(article.get_by_role("term").filter(has_text=approach["name"])).to_be_visible()
        expect(article).to_contain_text(f"for {approach['addresses']}")
        expect(article).to_contain_text(THERAPY["outcome"])

        expect(article.get_by_role("heading", name=CTA["heading"])).to_be_visible()
        expect(article).to_contain_text(CTA["body"])
        button = article.get_by_role("link", name=CTA["button_label"])
        expect(button).to_have_attribute("href", CTA["target"])
        screenshot(page, artifacts / "4-rendered-page.png")

    assert "Internal Server Error" not in server.log.read_text(errors="replace")
