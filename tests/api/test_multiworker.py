"""Every gunicorn worker serves the new revision right after a publish from another process.

Each worker has its own local-memory cache here, the hardest case: freshness
must come from the content version in the shared database, not from a purge
that only the publishing process could make.
"""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cms.settings.base import BASE_DIR

ARTICLE = "/api/v1/pages/resolve/?path=/topics/relationships/trust-issues/"
PUBLISH = """
from pages.models import TopicPage
page = TopicPage.objects.get(slug="trust-issues")
page.title = "Retitled in another process"
page.save_revision().publish()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server_env(tmp_path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CACHE_URL", "DEBUG"}
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "multi-worker-test-secret-key-with-enough-variety-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "CACHE_URL": "locmem://",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }
    for command in (["migrate", "--noinput"], ["load_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=BASE_DIR,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
    return env


@pytest.fixture
def gunicorn(server_env, tmp_path):
    port = free_port()
    access_log = tmp_path / "access.log"
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "cms.wsgi",
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
            f"--access-logfile={access_log}",
            "--access-logformat=%(p)s %(s)s %(U)s",
        ],
        cwd=BASE_DIR,
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield port, access_log
    finally:
        process.terminate()
        process.wait(timeout=30)


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


def test_every_worker_serves_the_new_revision_after_a_publish(gunicorn, server_env):
    port, access_log = gunicorn
    before = serve_until_both_workers_answered(port, access_log)
    assert set(before) == {(200, "I Want to Trust, But I Can't: Therapy for Trust Issues")}

    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PUBLISH],
        cwd=BASE_DIR,
        env=server_env,
        check=True,
        capture_output=True,
        timeout=120,
    )

    after = serve_until_both_workers_answered(port, access_log)
    assert set(after) == {(200, "Retitled in another process")}
