"""`export_content` and `import_content`: every page moves between databases without loss."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from pages.models import TopicPage
from pages.transfer import TransferError, export_content, import_content

pytestmark = pytest.mark.django_db

ARTICLE = "/topics/relationships/trust-issues/"


def exported() -> dict:
    return json.loads(json.dumps(export_content()))


def test_the_round_trip_is_identical_and_ids_are_remapped(client, demo):
    first = exported()
    old_ids = set(Page.objects.values_list("pk", flat=True))
    before = client.get("/api/v1/pages/resolve/", {"path": ARTICLE}).json()

    import_content(first, replace=True)

    assert not old_ids & set(Page.objects.filter(depth__gt=1).values_list("pk", flat=True))
    assert exported() == first
    after = client.get("/api/v1/pages/resolve/", {"path": ARTICLE}).json()
    for key in ("title", "path", "tags", "body", "seo", "summary", "first_published_at"):
        assert after[key] == before[key], key
    assert 'href="/topics/relationships/conflict-cycles/"' in after["body"][2]["value"]["body"]
    assert after["review"]["reviewed_by"] == "Dana Ortiz"


def test_the_export_carries_state_drafts_tags_and_pins(demo):
    from pages.models import TopicPageRelatedPin

    article = TopicPage.objects.get(slug="trust-issues")
    TopicPageRelatedPin.objects.create(
        page=article, related_page=TopicPage.objects.get(slug="panic-attacks")
    )
    data = exported()
    assert (data["format"], data["version"]) == ("topicdesk-content", 1)
    by_path = {record["url_path"]: record for record in data["pages"]}
    trust = by_path["/home/topics/relationships/trust-issues/"]
    assert trust["tags"] == ["attachment", "couples", "nervous-system", "relationships", "trust"]
    assert trust["pinned_related"] == ["/home/topics/anxiety/panic-attacks/"]
    section = trust["fields"]["body"][2]["value"]["body"]
    assert 'path="/home/topics/relationships/conflict-cycles/"' in section
    assert 'id="' not in section
    panic = by_path["/home/topics/anxiety/panic-attacks/"]
    assert panic["fields"]["live"] and panic["draft"]["summary"].startswith("Draft, not yet")
    in_review = by_path["/home/topics/relationships/loneliness-in-relationships/"]
    assert in_review["fields"]["live"] is False

    import_content(data, replace=True)
    panic = TopicPage.objects.get(slug="panic-attacks")
    assert panic.live and panic.has_unpublished_changes
    assert not panic.summary.startswith("Draft")
    assert panic.get_latest_revision_as_object().summary.startswith("Draft, not yet")
    assert not TopicPage.objects.get(slug="loneliness-in-relationships").live
    pins = TopicPage.objects.get(slug="trust-issues").pinned_related.all()
    assert [pin.related_page.slug for pin in pins] == ["panic-attacks"]


def test_an_import_over_existing_content_is_refused_and_changes_nothing(demo):
    data = exported()
    pages = Page.objects.count()
    with pytest.raises(TransferError, match="already has 15 of these pages"):
        import_content(data)
    assert Page.objects.count() == pages


def test_a_failing_import_rolls_everything_back(demo):
    data = exported()
    data["pages"][-1]["url_path"] = "/nowhere/orphan/"
    ids = sorted(Page.objects.values_list("pk", flat=True))
    with pytest.raises(TransferError, match="its parent /nowhere/ is not in the export"):
        import_content(data, replace=True)
    assert sorted(Page.objects.values_list("pk", flat=True)) == ids


def test_commands_write_and_read_files(tmp_path, demo):
    out = tmp_path / "content.json"
    call_command("export_content", str(out), stderr=StringIO())
    with pytest.raises(CommandError, match="already has"):
        call_command("import_content", str(out))
    stdout = StringIO()
    call_command("import_content", str(out), replace=True, stdout=stdout)
    assert "Imported 15 pages" in stdout.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "cannot read it as JSON"),
        ('{"format": "something-else"}', "This is not a Topicdesk export"),
        ('{"format": "topicdesk-content", "version": 99}', "this Topicdesk reads version 1"),
    ],
)
def test_bad_files_are_refused_clearly(tmp_path, demo, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_content", str(path))


PAYLOAD = "<p><script>alert(1)</script><img src=x onerror=alert(2)></p>"
PROSE = {"rich_text": "body", "exercise": "instructions", "therapy_expectations": "body"}


def crafted_export() -> dict:
    """An export edited by hand: script in every rich text, script URLs in every link field."""
    data = exported()
    for record in data["pages"]:
        for block in record.get("fields", {}).get("body", []):
            value = block["value"]
            if block["type"] in PROSE:
                value[PROSE[block["type"]]] += PAYLOAD
            for name in ("target_url", "source_url"):
                if name in value:
                    value[name] = "javascript:alert(3)"
            if "target_page" in value:
                value["target_page"] = None
    return data


@pytest.mark.parametrize("fresh", [True, False], ids=["fresh database", "replacing"])
def test_a_crafted_export_is_refused_whole_naming_each_problem(client, demo, fresh):
    data = crafted_export()
    if fresh:
        Page.objects.filter(depth__gt=1).delete()
    counts = (Page.objects.count(), Revision.objects.count())
    with pytest.raises(TransferError) as refused:
        import_content(data, replace=not fresh)
    message = str(refused.value)
    assert "nothing was written" in message
    assert (
        "/home/topics/relationships/trust-issues/: body[2] rich_text.body: "
        "script elements are not allowed; img elements are not allowed" in message
    )
    assert "/home/topics/relationships/trust-issues/: body[1] stat_callout.source_url: " in message
    assert "/home/topics/relationships/trust-issues/: body[7] cta.target_url: " in message
    assert (Page.objects.count(), Revision.objects.count()) == counts
    if not fresh:
        detail = client.get("/api/v1/pages/resolve/", {"path": ARTICLE})
        assert detail.status_code == 200 and "<script" not in detail.content.decode()
