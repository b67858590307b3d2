"""The browser tests' fixtures: one server with the demo and one browser for the run.

The server is `manage.py runserver` with the dev settings on a throwaway SQLite
database holding the demo; the browser is Debian's chromium, driven by Playwright.
"""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from cms.settings.base import BASE_DIR
from tests.e2e.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, PASSWORDS, Server
from tests.live_server import free_port, manage, stop, wait_for_url


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[Server]:
    """`manage.py runserver` on a free port over a fresh database with the demo; its URL."""
    workdir = tmp_path_factory.mktemp("e2e-server")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CACHE_URL", "SEARCH_URL", "DEBUG", "SECRET_KEY"}
    }
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env |= {
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DEBUG": "true",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{workdir / 'site.sqlite3'}",
        "CACHE_URL": "locmem://",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "MAILER_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "WAGTAILADMIN_BASE_URL": base_url,
        "DEMO_ADMIN_PASSWORD": "e2e-admin-password-1164",
        "DEMO_EDITOR_PASSWORD": PASSWORDS["editor"],
        "DEMO_REVIEWER_PASSWORD": PASSWORDS["reviewer"],
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    manage(env, "migrate", "--noinput", timeout=180)
    manage(env, "load_demo", timeout=180)
    log = workdir / "runserver.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, which `stop` may kill
        )
    try:
        wait_for_url(f"{base_url}/admin/login/", process, log, time.monotonic() + 60)
        yield Server(url=base_url, log=log)
    finally:
        stop(process, timeout=15)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), "
            "or leave this test out with -m 'not e2e'."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """`artifacts/e2e/`, without the failure screenshots of an earlier run."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for stale in ARTIFACTS.glob("failure-*.png"):
        stale.unlink()
    return ARTIFACTS
