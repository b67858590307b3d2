"""Real Topicdesk processes on 127.0.0.1, for the tests that need more than a test client.

The multi-worker, webhook-worker, browser, fuzz and load tests share these:
a free port, the environment of a site on its own SQLite file (production
settings without the HTTPS redirect, a dummy mailer, throttling effectively
off), ``manage.py`` commands, gunicorn on a free port, helper processes, and a
bounded wait for a URL to answer. Every process started here is stopped by its
own id when its context manager exits, also on errors and Ctrl-C.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
HOST = "127.0.0.1"
#: DRF's throttle keeps one timestamp per request for the whole period: a one-second
#: period keeps that list short, so the throttle neither refuses nor slows anything.
NO_THROTTLE = "1000000/second"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env(db_path: Path, *, throttle: str = NO_THROTTLE, **extra: str) -> dict[str, str]:
    """The environment of every process sharing the database at ``db_path``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CACHE_URL", "DEBUG", "SEARCH_URL", "PYTHONPATH"}
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "live-server-test-secret-key-with-enough-variety-0123456789",
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"sqlite:///{db_path}",
        "CACHE_URL": "locmem://",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "MAILER_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "API_ANON_THROTTLE_RATE": throttle,
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    return env | extra


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    """Run ``manage.py`` with ``env``; raise with its output if it fails."""
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        )
    return result.stdout


def prepare_database(env: dict[str, str]) -> None:
    """A fresh demo site with its search index built."""
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    manage(env, "update_index")


def stop(process: subprocess.Popen, *, timeout: float = 20) -> None:
    """SIGTERM the process we started, then SIGKILL its own process group if it lingers."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        # start_new_session=True made the process the leader of a group of its own.
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def log_tail(self, chars: int = 20_000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except FileNotFoundError:
            return ""


def wait_for_url(url: str, process: subprocess.Popen, log_path: Path, deadline: float) -> None:
    """Until ``url`` answers 200; fail with the log's tail if ``process`` exits or time runs out."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (127.0.0.1)
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            tail = log_path.read_text(errors="replace")[-20_000:] if log_path.exists() else ""
            raise RuntimeError(f"{url} did not answer:\n{tail}")
        time.sleep(0.2)


def _wait_until_serving(server: Server, deadline: float) -> None:
    """Wait for *our* gunicorn's "Listening at" line, then for a real API answer."""
    listening = f"Listening at: http://{HOST}:{server.port}"
    while listening not in server.log_tail(200_000):
        if server.process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn did not start:\n{server.log_tail()}")
        time.sleep(0.1)
    wait_for_url(f"{server.base_url}/api/v1/tags/", server.process, server.log_path, deadline)


@contextmanager
def gunicorn(
    env: dict[str, str],
    log_path: Path,
    *,
    workers: int = 2,
    access_log: Path | None = None,
    access_format: str = "%(s)s %(m)s %(U)s?%(q)s",
    port: int | None = None,
) -> Iterator[Server]:
    """gunicorn cms.wsgi on ``port`` (by default a free one) of 127.0.0.1; its error
    log and Django's go to log_path.

    With ``access_log``, each request is logged there in ``access_format``
    (gunicorn's; by default ``STATUS METHOD PATH?QUERY``).
    """
    port = port or free_port()
    access = (
        [f"--access-logfile={access_log}", f"--access-logformat={access_format}"]
        if access_log
        else []
    )
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [
                GUNICORN,
                "cms.wsgi",
                f"--workers={workers}",
                f"--bind={HOST}:{port}",
                "--log-level=info",
                "--timeout=60",
                "--graceful-timeout=5",
                *access,
            ],
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
    server = Server(port=port, process=process, log_path=log_path)
    try:
        _wait_until_serving(server, time.monotonic() + 90)
        yield server
    finally:
        stop(process)


@contextmanager
def background(
    args: list[str], env: dict[str, str], log_path: Path, **popen
) -> Iterator[subprocess.Popen]:
    """Any helper process (task worker, publisher), stopped on exit."""
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            args,
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=popen.pop("stdout", log),
            stderr=log,
            start_new_session=True,
            **popen,
        )
    try:
        yield process
    finally:
        stop(process)
