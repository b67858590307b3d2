"""Twenty seconds of load while a revision is published every second (`tests.load.loadtest`).

gunicorn (2 workers), the task worker and a publisher process run on a temporary SQLite
demo on 127.0.0.1; 16 clients read the page, the listing and a search meanwhile. The
figures are printed (and written to the test's temporary directory, not the tree).
"""

import sys

import pytest

from tests.load.loadtest import run

pytestmark = pytest.mark.load


def test_readers_never_see_an_error_a_torn_revision_or_a_stale_page(tmp_path, capsys):
    result = run(seconds=20, clients=16, max_requests=100_000, workdir=tmp_path / "run")
    report = result.markdown()
    (tmp_path / "load.md").write_text(report)
    with capsys.disabled():
        sys.stdout.write("\n" + report)
        sys.stdout.flush()

    assert result.problems == []
    assert result.errors == 0
    assert result.server_errors == 0
    assert result.mixed == 0
    assert result.publishes >= 15 and not result.publish_errors
    # Every revision the clients could have seen was seen: publishing and reading overlapped.
    assert result.revisions_seen >= result.publishes // 2
    assert result.fresh_after is not None and result.fresh_after <= result.max_age
    assert all(endpoint.requests > 0 for endpoint in result.endpoints)
