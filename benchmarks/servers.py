"""Server control: the benchmarks' processes, the paths they use, and how they are set up.

``gunicorn`` serves ``benchmarks.wsgi`` on 127.0.0.1 and a free port, ``worker``
runs the task worker (``db_worker``), ``run_module`` and ``manage`` run a module or a
management command to completion; all of them with ``bench_env``: the benchmark
settings, a ``Mode`` (the server's caches and database connections) and a
``Database``. Every process started here is stopped when its block ends, also on
errors or Ctrl-C.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.load import HOST, request, request_bytes

if TYPE_CHECKING:
    from benchmarks.scenarios import Config


BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
VAR = BENCH_DIR / "var"
DATABASE = VAR / "bench.sqlite3"
PYTHON = sys.executable
#: A lone request may take this long (gunicorn's worker timeout is a little longer).
REQUEST_TIMEOUT = 90
#: The constant-bytes ceiling (``benchmarks.urls``); a server is up once it answers.
CEILING = "/bench/ceiling/"
#: How often `db_worker` polls for tasks, in seconds.
WORKER_INTERVAL = "0.05"


@dataclass(frozen=True, eq=False)
class Mode:
    """How a server is configured: its cache, and whether DB connections persist."""

    key: str
    label: str
    env: dict[str, str]


#: BENCH_UNCACHED (see benchmarks/settings.py) and DATABASE_CONN_MAX_AGE per mode;
#: without DATABASE_CONN_MAX_AGE the project default applies.
UNCACHED = Mode("uncached", "response cache bypassed", {"BENCH_UNCACHED": "1"})
WARM = Mode("warm", "warm locmem cache", {"BENCH_UNCACHED": ""})
DUMMY = Mode("dummy", "DummyCache (all caches off)", {"BENCH_UNCACHED": "dummy"})
WARM_NEW_CONNECTIONS = Mode(
    "warm-conn0",
    "warm locmem cache, DATABASE_CONN_MAX_AGE=0",
    {"BENCH_UNCACHED": "", "DATABASE_CONN_MAX_AGE": "0"},
)


@dataclass(frozen=True)
class Database:
    key: str
    label: str
    url: str | None  # BENCH_DATABASE_URL; None: the SQLite file in benchmarks/var/


SQLITE = Database("sqlite", "SQLite", None)


def sqlite_files() -> list[Path]:
    """The benchmark's SQLite database and its write-ahead log files."""
    return [DATABASE, *(DATABASE.with_name(DATABASE.name + suffix) for suffix in ("-wal", "-shm"))]


# --- Processes --------------------------------------------------------------


def bench_env(mode: Mode, database: Database, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "PYTHONPATH": str(ROOT),
        **mode.env,
        **extra,
    }
    if "DATABASE_CONN_MAX_AGE" not in mode.env:
        env.pop("DATABASE_CONN_MAX_AGE", None)  # the project default
    env.pop("SEARCH_URL", None)  # the database search backend, always
    if database.url:
        env["BENCH_DATABASE_URL"] = database.url
    else:
        env.pop("BENCH_DATABASE_URL", None)  # the fresh SQLite file in benchmarks/var/
    return env


def run_module(module: str, *args: str, env: dict[str, str], timeout: float) -> str:
    done = subprocess.run(
        [PYTHON, "-m", module, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(
    mode: Mode, database: Database, config: "Config", ceiling_bytes: int | None
) -> Iterator[int]:
    """A gunicorn serving benchmarks.wsgi on 127.0.0.1; yields its port, always stops it."""
    port = free_port()
    log_path = VAR / f"gunicorn-{database.key}-{mode.key}.log"
    extra = {"BENCH_CEILING_BYTES": str(ceiling_bytes)} if ceiling_bytes else {}
    env = bench_env(mode, database, **extra)
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "benchmarks.wsgi:application",
                f"--bind={HOST}:{port}",
                f"--workers={config.workers}",
                "--worker-class=sync",
                f"--timeout={REQUEST_TIMEOUT + 30}",
                "--graceful-timeout=5",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopping it stops its workers
        )
    try:
        wait_until_serving(process, port, log_path)
        yield port
    finally:
        stop(process)


def wait_until_serving(process: subprocess.Popen, port: int, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log_path}")
        try:
            status, _ = request(port, request_bytes(port, CEILING), timeout=2)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within 60s; see {log_path}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def manage(database: Database, *args: str, timeout: float = 3600) -> tuple[float, str]:
    """Run a management command on the benchmark's database: (seconds, stdout)."""
    started = time.monotonic()
    done = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=bench_env(UNCACHED, database),
        timeout=timeout,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return time.monotonic() - started, done.stdout


@contextmanager
def worker(database: Database):
    log = (VAR / f"worker-{database.key}.log").open("ab")
    process = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
        + [f"--interval={WORKER_INTERVAL}"],
        cwd=ROOT,
        env=bench_env(UNCACHED, database, BENCH_TASKS="db"),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        stop(process)
        log.close()
