"""`manage.py import_topic`: progress per file, a summary table, non-zero exit on failure."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from wagtail.models import Page, Revision

from pages.models import TopicPage

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent.parent / "fixtures"


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_topic", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def files(tmp_path):
    """The seed, a second article, and three files that cannot be imported."""
    shutil.copy(FIXTURES / "trust-issues.txt", tmp_path / "trust-issues.txt")
    shutil.copy(FIXTURES / "generalized-anxiety.txt", tmp_path / "worry.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "latin1.txt").write_bytes("Café\nNot UTF-8: café.".encode("latin-1"))
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return tmp_path


def test_imports_one_file_as_a_draft(category, files):
    output = run(str(files / "trust-issues.txt"), "--category", "relationships")
    assert output.splitlines()[0] == (
        "[1/1] trust-issues.txt … created /topics/relationships/trust-issues/ (draft)"
    )
    page = TopicPage.objects.get(slug="trust-issues")
    assert not page.live and page.revisions.count() == 1
    # The category fixture has none of the pages the seed links to.
    assert output.splitlines()[1:3] == [
        "    warning: lines 7, 9, 20: no page at /topics/relationships/conflict-cycles/; "
        "kept as a plain link",
        "    warning: line 9: no page at /topics/relationships/attachment-anxiety/; "
        "kept as a plain link",
    ]
    assert "trust-issues.txt | created | /topics/relationships/trust-issues/ | 2" in output
    assert "1 file(s): 1 created, 0 updated, 0 failed, 1 with warnings" in output


def test_many_files_report_progress_and_a_summary_and_fail_as_a_whole(category, files):
    names = ["trust-issues.txt", "empty.txt", "worry.txt", "latin1.txt", "image.png"]
    out = StringIO()
    with pytest.raises(CommandError, match=r"3 of 5 file\(s\) failed"):
        call_command(
            "import_topic",
            *(str(files / name) for name in names),
            "--category=relationships",
            "--tags=trust, imported",
            stdout=out,
        )
    output = out.getvalue()
    progress = [line for line in output.splitlines() if line.startswith("[")]
    assert progress[:3] == [
        "[1/5] trust-issues.txt … created /topics/relationships/trust-issues/ (draft)",
        "[2/5] empty.txt … failed: empty.txt, line 1: the file is empty",
        "[3/5] worry.txt … created /topics/relationships/worry/ (draft)",
    ]
    after_worry = output.split(progress[2])[1].splitlines()
    assert after_worry[1].startswith(
        "    warning: line 10: no page at /topics/anxiety/panic-attacks/"
    )
    assert "[4/5] latin1.txt … failed: latin1.txt, line 1: the file is not UTF-8" in output
    assert "[5/5] image.png … failed: image.png, line 3: the file contains NUL bytes" in output
    table = output[output.index("\nfile ") + 1 :].splitlines()
    assert [cell.strip() for cell in table[0].split("|")] == ["file", "result", "page", "warnings"]
    assert len({row.index("|") for row in table[:7] if "|" in row}) == 1, "columns line up"
    assert table[2].split(" | ") == [
        "trust-issues.txt",
        "created",
        "/topics/relationships/trust-issues/",
        "2",
    ]
    assert table[3].split(" | ") == ["empty.txt       ", "failed ", "-" + " " * 34, "-"]
    assert [row.split(" | ")[1].strip() for row in table[2:7]] == [
        "created",
        "failed",
        "created",
        "failed",
        "failed",
    ]
    assert table[-1] == "5 file(s): 2 created, 0 updated, 3 failed, 2 with warnings"
    assert TopicPage.objects.count() == 2
    worry = TopicPage.objects.get(slug="worry")
    assert sorted(tag.name for tag in worry.tags.all()) == ["imported", "trust"]


def test_exit_status_is_non_zero_when_a_file_fails(category, files, capsys):
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(
            ["manage.py", "import_topic", str(files / "empty.txt"), "--category", "relationships"]
        )
    assert exit_info.value.code == 1
    assert "1 of 1 file(s) failed" in capsys.readouterr().err


def test_importing_again_updates_the_page(category, files):
    run(str(files / "trust-issues.txt"), "--category", "relationships")
    pages, revisions = Page.objects.count(), Revision.objects.count()
    output = run(str(files / "trust-issues.txt"), "--category", "relationships", "--submit")
    assert output.splitlines()[0] == (
        "[1/1] trust-issues.txt … updated /topics/relationships/trust-issues/ "
        "(draft, submitted for review)"
    )
    assert (Page.objects.count(), Revision.objects.count()) == (pages, revisions + 1)
    page = TopicPage.objects.get(slug="trust-issues")
    assert page.workflow_in_progress and not page.live
    assert "1 file(s): 0 created, 1 updated, 0 failed" in output


def test_missing_file(category, files):
    out = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_topic", str(files / "nope.txt"), "--category", "relationships", stdout=out
        )
    assert "[1/1] nope.txt … failed: nope.txt: cannot read the file" in out.getvalue()


def test_unknown_category_is_a_clear_error(category, files):
    with pytest.raises(CommandError) as error:
        run(str(files / "trust-issues.txt"), "--category", "nope")
    assert str(error.value) == ("No topic category has the slug 'nope'. Categories: relationships.")
    assert not TopicPage.objects.exists()


def test_bad_tags_are_a_clear_error(category, files):
    with pytest.raises(CommandError, match="--tags: the tag .* is longer than 100"):
        run(str(files / "trust-issues.txt"), "--category", "relationships", "--tags", "x" * 101)
