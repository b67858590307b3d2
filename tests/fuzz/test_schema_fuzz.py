"""Schemathesis fuzzes every operation of /api/v1/schema/ against a real gunicorn.

The server runs production settings on a temporary SQLite copy of the demo (one page
in review, one live page with an unpublished draft). The run must find no 5xx, no
response that breaks the schema, and no draft-only text in any response
(`tests/fuzz/hooks.py` adds that check, one for the review queue, and explicit examples
aimed at the drafts). Schemathesis's own report is printed as the run goes.

Knobs: FUZZ_MAX_EXAMPLES (per operation, default 600), FUZZ_SEED (default
random; the report prints the seed, so a failure can be replayed with it).
"""

import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest

from tests.fuzz import hooks
from tests.live_server import BASE_DIR, gunicorn, prepare_database, server_env

pytestmark = pytest.mark.fuzz

SCHEMATHESIS = str(Path(sys.executable).parent / "schemathesis")
#: Seconds after which a Schemathesis run that has not finished is killed (and fails).
TIMEOUT = 600
CHECKS = [
    "not_a_server_error",
    "response_schema_conformance",
    "no_draft_content",
    "review_queue_needs_a_reviewer",
]
#: The operations the schema must describe: the fuzzer covers each of them.
OPERATIONS = [
    f"GET /api/v1/{path}"
    for path in [
        "navigation/",
        "pages/resolve/",
        "preview/",
        "redirects/",
        "review/",
        "routes/",
        "schema/blocks/",
        "search/",
        "search/suggest/",
        "tags/",
        "topics/",
        "topics/{id}/",
    ]
]


def schemathesis_command(base_url: str, report_dir: Path) -> list[str]:
    command = [
        SCHEMATHESIS,
        "run",
        f"{base_url}/api/v1/schema/",
        f"--url={base_url}",
        f"--checks={','.join(CHECKS)}",
        "--phases=examples,coverage,fuzzing",
        f"--max-examples={int(os.environ.get('FUZZ_MAX_EXAMPLES', '600'))}",
        "--workers=2",
        "--request-timeout=30",
        "--generation-database=none",
        "--suppress-health-check=too_slow,filter_too_much",
        "--no-color",
        "--output-truncate=false",
        f"--report-dir={report_dir}",
        "--report=junit",
    ]
    if seed := os.environ.get("FUZZ_SEED"):
        command.append(f"--seed={int(seed)}")
    return command


def echo(text: str) -> None:
    """Write to the terminal (call inside ``capsys.disabled()``, so CI logs show it)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def run_and_echo(command: list[str], env: dict[str, str], capsys) -> tuple[int, str]:
    """Run Schemathesis, copying its output to the real terminal as it comes."""
    lines: list[str] = []
    with capsys.disabled():
        echo("\n== Schemathesis " + " ".join(command[1:]))
        process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        watchdog = threading.Timer(TIMEOUT, process.kill)  # a hung run still ends
        watchdog.start()
        try:
            for line in process.stdout:
                lines.append(line)
                echo(line.rstrip("\n"))
            returncode = process.wait(timeout=60)
        finally:
            watchdog.cancel()
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)
    return returncode, "".join(lines)


def server_errors(log: str) -> str:
    """The server log's tracebacks and ERROR lines, without the 4xx warnings around them."""
    kept, in_traceback = [], False
    for line in log.splitlines():
        if (
            line.startswith("Traceback")
            or "[ERROR]" in line
            or line.startswith(("Internal Server Error", "ERROR"))
        ):
            in_traceback = True
        elif re.match(r"(Bad Request|Not Found|Forbidden|Unauthorized|Method Not Allowed): ", line):
            in_traceback = False
        elif line.startswith("[") and "[INFO]" in line:
            in_traceback = False
        if in_traceback:
            kept.append(line)
    return "\n".join(kept)


def junit_results(report_dir: Path) -> dict[str, str]:
    """Each operation Schemathesis tested, and "passed" or what went wrong."""
    results = {}
    for report in report_dir.glob("junit*.xml"):
        for case in ElementTree.parse(report).iter("testcase"):  # noqa: S314 (our own file)
            problems = [child.tag for child in case if child.tag in {"failure", "error"}]
            results[case.get("name")] = ", ".join(problems) or "passed"
    return results


def test_the_draft_check_catches_drafts_and_ignores_echoes():
    request = SimpleNamespace(query={"path": "/nope/"}, path_parameters={}, operation=None)
    leak = SimpleNamespace(status_code=200, text='{"summary": "Draft, not yet reviewed: x"}')
    with pytest.raises(AssertionError, match="Draft-only"):
        hooks.no_draft_content(None, leak, request)

    asked = SimpleNamespace(query={"path": hooks.IN_REVIEW_PATH}, path_parameters={})
    repeated = SimpleNamespace(
        status_code=404,
        text=f'{{"error": {{"message": "No live page at {hooks.IN_REVIEW_PATH}."}}}}',
    )
    hooks.no_draft_content(None, repeated, asked)

    unknown = SimpleNamespace(query={"Parallel Lives": "1"}, path_parameters={})
    named = SimpleNamespace(
        status_code=400, text='{"fields": {"Parallel Lives": ["Unknown query parameter."]}}'
    )
    hooks.no_draft_content(None, named, unknown)

    encoded = SimpleNamespace(query={}, path_parameters={"id": "Parallel%20Lives"})
    path_echo = SimpleNamespace(
        status_code=404, text='{"error": {"message": "No API endpoint at /topics/Parallel Lives/"}}'
    )
    hooks.no_draft_content(None, path_echo, encoded)

    short = SimpleNamespace(query={"q": "e"}, path_parameters={})
    with pytest.raises(AssertionError, match="Draft-only"):
        hooks.no_draft_content(
            None, SimpleNamespace(status_code=200, text='"Lonely Together"'), short
        )


def test_fuzzing_the_schema_finds_no_errors_no_mismatches_and_no_drafts(tmp_path, capsys):
    env = server_env(tmp_path / "site.sqlite3", throttle="100000/minute")
    prepare_database(env)
    access_log = tmp_path / "access.log"
    report_dir = tmp_path / "report"
    with gunicorn(env, tmp_path / "gunicorn.log", access_log=access_log) as server:
        fuzz_env = {**env, "SCHEMATHESIS_HOOKS": "tests.fuzz.hooks", "PYTHONPATH": str(BASE_DIR)}
        started = time.monotonic()
        returncode, _ = run_and_echo(
            schemathesis_command(server.base_url, report_dir), fuzz_env, capsys
        )
        took = time.monotonic() - started
    server_log = server.log_tail(5_000_000)
    requests = access_log.read_text(errors="replace").splitlines()
    # A fuzzed URL may contain a line break; only lines that start with a status count.
    statuses = Counter(line[:3] for line in requests if re.match(r"\d{3} ", line))

    with capsys.disabled():
        echo(
            f"== Schemathesis: exit code {returncode} after {took:.0f} s; the server answered "
            f"{len(requests)} requests: "
            + ", ".join(f"{count} x {status}" for status, count in sorted(statuses.items()))
        )
    errors = server_errors(server_log)
    assert returncode == 0, f"Schemathesis found problems (above); the server logged:\n{errors}"
    assert not errors, errors
    assert not any(status.startswith("5") for status in statuses), statuses
    results = junit_results(report_dir)
    assert results == dict.fromkeys(OPERATIONS, "passed")
    # The explicit examples reached the drafts, so the draft check had something to refuse.
    assert any("loneliness-in-relationships" in line for line in requests)
    assert any("q=Lonely" in line for line in requests)
