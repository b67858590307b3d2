"""Every gunicorn worker serves the new revision right after a publish from another process.

Each worker has its own local-memory cache here, the hardest case: freshness
must come from the content version in the shared database, not from a purge
that only the publishing process could make.
"""

import http.client
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.live_server import gunicorn, manage, server_env

ARTICLE = "/api/v1/pages/resolve/?path=/topics/relationships/trust-issues/"
PUBLISH = """
from django.contrib.auth import get_user_model
from pages.models import TopicPage
page = TopicPage.objects.get(slug="trust-issues")
page.title = "Retitled in another process"
page.save_revision().publish(user=get_user_model().objects.get(username="reviewer"))
"""


@pytest.fixture
def site_env(tmp_path) -> dict[str, str]:
    env = server_env(tmp_path / "site.sqlite3")
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    return env


@pytest.fixture
def server(site_env, tmp_path):
    access_log = tmp_path / "access.log"
    # %(p)s is the worker's process id: the test waits until both workers answered.
    with gunicorn(
        site_env,
        tmp_path / "gunicorn.log",
        access_log=access_log,
        access_format="%(p)s %(s)s %(U)s",
    ) as server:
        yield server.port, access_log


def fetch(port: int) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", ARTICLE)
        response = connection.getresponse()
        return response.status, json.loads(response.read())["title"]
    finally:
        connection.close()


def serve_until_both_workers_answered(port: int, access_log: Path) -> list[tuple[int, str]]:
    """Send concurrent requests until both workers have answered some (at most 400)."""
    seen_before = len(access_log.read_text().splitlines())
    results: list[tuple[int, str]] = []
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _ in range(20):
            results += pool.map(lambda _: fetch(port), range(20))
            lines = access_log.read_text().splitlines()[seen_before:]
            if len({line.split()[0] for line in lines}) >= 2:
                return results
    raise AssertionError("only one gunicorn worker answered 400 requests")


def test_every_worker_serves_the_new_revision_after_a_publish(server, site_env):
    port, access_log = server
    before = serve_until_both_workers_answered(port, access_log)
    assert set(before) == {(200, "I Want to Trust, But I Can't: Therapy for Trust Issues")}

    manage(site_env, "shell", "-c", PUBLISH)

    after = serve_until_both_workers_answered(port, access_log)
    assert set(after) == {(200, "Retitled in another process")}
