"""The block picker, as an editor meets it: hovering a block shows its preview.

For each body block, hovering its option in the "Insert a block" chooser offers
a preview button (Wagtail 8 opens the preview on that button, not on the hover
alone), which shows Wagtail's preview panel with the block's label and description, and an iframe
that renders the block's reference template with its preview value.
"""

import re

import pytest
from playwright.sync_api import expect

from pages.blocks import TopicBodyBlock
from tests.e2e.browser import get_json, log_in, screenshot, session

pytestmark = pytest.mark.e2e

CATEGORY_PATH = "/topics/relationships/"


def a_line_of(value) -> str:
    """The first line of plain text in a block's preview value (not rich text)."""
    if isinstance(value, str):
        return "" if "<" in value else value
    items = value.values() if isinstance(value, dict) else value
    return next((line for line in map(a_line_of, items) if line), "")


def test_each_block_in_the_picker_shows_its_preview(server, browser, artifacts):
    category = get_json(f"{server.url}/api/v1/pages/resolve/?path={CATEGORY_PATH}")
    body_blocks = list(TopicBodyBlock().child_blocks.values())
    with session(browser, artifacts, "block-picker") as page:
        log_in(page, server.url, "editor")
        page.goto(f"{server.url}/admin/pages/add/pages/topicpage/{category['id']}/")
        body = page.get_by_role("region", name="Body*")
        body.get_by_role("button", name="Insert a block", exact=True).last.click()

        preview = page.locator(".w-combobox-preview")
        frame = page.frame_locator("iframe.w-combobox-preview__iframe")
        for block in body_blocks:
            line = a_line_of(block.meta.preview_value)
            assert block.is_previewable, block.name
            assert block.meta.description and line, block.name

            option = page.get_by_role("option", name=block.label, exact=True)
            option.hover()
            row = page.locator(".w-combobox__option-row").filter(has=option)
            row.get_by_role("button", name="Preview").click()
            expect(preview).to_be_visible()
            expect(preview.locator(".w-combobox-preview__label")).to_have_text(block.label)
            expect(preview.locator(".w-combobox-preview__description")).to_have_text(
                block.meta.description
            )
            expect(frame.locator("body")).to_contain_text(re.sub(r"\s+", " ", line))
            if block.name == "hook_checklist":
                screenshot(page, artifacts / "5-block-picker-preview.png")
