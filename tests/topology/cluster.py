"""The production topology on one machine: PostgreSQL and Redis shared by two gunicorn
nodes, two `db_worker` processes and a scheduler, behind Varnish running the VCL in
``cms/deploy/varnish.vcl``. Every process is ours, on 127.0.0.1, stopped on exit."""

import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
import uuid
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psutil
import psycopg

from tests.live_server import (
    BASE_DIR,
    HOST,
    PYTHON,
    background,
    free_port,
    gunicorn,
    prepare_database,
    server_env,
    stop,
)

VCL = BASE_DIR / "cms" / "deploy" / "varnish.vcl"
BINARIES = ("varnishd", "redis-server")


def missing_binaries() -> list[str]:
    return [name for name in BINARIES if shutil.which(name) is None]


@contextmanager
def postgres_database(url: str):
    """A fresh database beside the one ``url`` names, dropped afterwards."""
    name = f"topicdesk_topology_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wait_until(check, deadline: float, what: str) -> None:
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not happen in time")
        time.sleep(0.2)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (127.0.0.1)
            return response.status == 200
    except OSError:
        return False


@dataclass
class Cluster:
    env: dict[str, str]
    logs: Path
    node_ports: list[int]
    redis_port: int
    edge_port: int
    stack: ExitStack
    nodes: list = field(default_factory=list)
    workers: list = field(default_factory=list)
    redis: subprocess.Popen | None = None

    @property
    def edge(self) -> str:
        return f"http://{HOST}:{self.edge_port}"

    # --- the processes ------------------------------------------------------

    def start_node(self, index: int):
        log = self.logs / f"node{index + 1}.log"
        node = self.stack.enter_context(gunicorn(self.env, log, port=self.node_ports[index]))
        if index < len(self.nodes):
            self.nodes[index] = node
        else:
            self.nodes.append(node)
        return node

    def kill_node(self, index: int) -> None:
        """SIGKILL a node's gunicorn and its workers, as a machine dying would."""
        os.killpg(self.nodes[index].process.pid, signal.SIGKILL)
        self.nodes[index].process.wait(10)

    def start_worker(self, name: str) -> subprocess.Popen:
        args = [PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"]
        log = self.logs / f"{name}.log"
        worker = self.stack.enter_context(background([*args, "--worker-id", name], self.env, log))
        self.workers.append(worker)
        return worker

    def worker_connected_to(self, port: int) -> subprocess.Popen | None:
        """The worker holding a connection to ``port`` (sending it a webhook)."""
        for worker in self.workers:
            if worker.poll() is None and any(
                conn.raddr and conn.raddr.port == port
                for conn in psutil.Process(worker.pid).net_connections(kind="tcp")
            ):
                return worker
        return None

    def wait_for_idle_queue(self, seconds: float = 180) -> None:
        """Until the workers have run every queued task (the setup's indexing and
        rebuilds), so that the test's figures count only what its own publishes did."""

        def idle() -> bool:
            with psycopg.connect(self.env["DATABASE_URL"]) as connection:
                (busy,) = connection.execute(
                    "SELECT count(*) FROM django_tasks_database_dbtaskresult"
                    " WHERE status IN ('READY', 'RUNNING')"
                ).fetchone()
            return busy == 0

        wait_until(idle, time.monotonic() + seconds, "the task queue emptying")

    def start_redis(self) -> None:
        args = ["redis-server", "--port", str(self.redis_port), "--bind", HOST]
        args += ["--save", "", "--appendonly", "no"]
        with (self.logs / "redis.log").open("ab") as log:
            self.redis = subprocess.Popen(
                args, stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True
            )
        self.stack.callback(lambda: stop(self.redis))
        wait_until(lambda: b"+PONG" in self._redis_ping(), time.monotonic() + 20, "Redis")

    def restart_redis(self) -> float:
        """Stop Redis and start it again, empty; the seconds it was away."""
        began = time.monotonic()
        stop(self.redis)
        self.start_redis()
        return time.monotonic() - began

    def _redis_ping(self) -> bytes:
        import socket

        try:
            with socket.create_connection((HOST, self.redis_port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(64)
        except OSError:
            return b""

    def start_edge(self) -> None:
        vcl = VCL.read_text()
        for default, port in zip(('"8001"', '"8002"'), self.node_ports, strict=True):
            vcl = vcl.replace(default, f'"{port}"')
        # Varnish reads its VCL as its own unprivileged user: not under pytest's 0700 tmp.
        workdir = Path(tempfile.mkdtemp(prefix="topicdesk-varnish-"))
        workdir.chmod(0o755)
        self.stack.callback(shutil.rmtree, workdir, ignore_errors=True)
        (workdir / "topicdesk.vcl").write_text(vcl)
        (workdir / "topicdesk.vcl").chmod(0o644)
        args = ["varnishd", "-F", "-a", f"{HOST}:{self.edge_port}", "-T", "none"]
        args += ["-f", str(workdir / "topicdesk.vcl"), "-n", str(workdir / "state")]
        args += ["-s", "malloc,256m", "-p", "thread_pool_min=50"]
        self.stack.enter_context(background(args, self.env, self.logs / "varnish.log"))
        wait_until(lambda: answers(f"{self.edge}/api/v1/tags/"), time.monotonic() + 30, "Varnish")


@contextmanager
def cluster(logs: Path, database_url: str, *, extra_pages: int = 0, **settings: str):
    """Start the whole topology on a fresh copy of the demo, with ``extra_pages``
    generated topics (`benchmarks.generate`); yield the `Cluster`."""
    logs.mkdir(parents=True, exist_ok=True)
    # The database goes last, once every process using it has stopped.
    with postgres_database(database_url) as url, ExitStack() as stack:
        redis_port, edge_port = free_port(), free_port()
        env = server_env(
            logs / "unused.sqlite3",
            DATABASE_URL=url,
            CACHE_URL=f"redis://{HOST}:{redis_port}/0",
            EDGE_PURGE_BACKEND="varnish",
            EDGE_PURGE_LOCATIONS=f"http://{HOST}:{edge_port}",
            API_NUM_PROXIES="1",
            **settings,
        )
        prepare_database(env)
        if extra_pages:
            subprocess.run(
                [PYTHON, "-m", "benchmarks.generate", "--count", str(extra_pages), "--no-setup"],
                cwd=BASE_DIR,
                env=env | {"BENCH_DATABASE_URL": url},
                check=True,
                capture_output=True,
                timeout=300,
            )
        topology = Cluster(
            env=env,
            logs=logs,
            node_ports=[free_port(), free_port()],
            redis_port=redis_port,
            edge_port=edge_port,
            stack=stack,
        )
        topology.start_redis()
        topology.start_node(0)
        topology.start_node(1)
        topology.start_worker("worker1")
        topology.start_worker("worker2")
        stack.enter_context(
            background(
                [PYTHON, "manage.py", "scheduler", "--interval", "2"],
                env,
                logs / "scheduler.log",
            )
        )
        topology.start_edge()
        topology.wait_for_idle_queue()
        yield topology
