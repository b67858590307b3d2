"""PostgreSQL: a fresh benchmark database (``topicdesk_bench``) on the local cluster.

``postgres_database`` starts Debian's ``main`` cluster if it is not running (and
stops it again afterwards), creates the ``topicdesk`` role if it is missing, and
drops the database at the end. Commands run as the ``postgres`` superuser, over
the local socket.
"""

import os
import shlex
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.load import HOST
from benchmarks.servers import Database

POSTGRES_DATABASE = "topicdesk_bench"
POSTGRES_URL = f"postgres://topicdesk:topicdesk@{HOST}:5432/{POSTGRES_DATABASE}"
POSTGRES = Database("postgresql", "PostgreSQL", POSTGRES_URL)


def as_postgres(command: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """A shell command as the postgres superuser, over the local socket."""
    argv = ["su", "postgres", "-c", command] if os.geteuid() == 0 else ["sh", "-c", command]
    return subprocess.run(
        argv, capture_output=True, text=True, timeout=timeout, check=False, cwd="/"
    )


def _postgres_version() -> str:
    installed = Path("/usr/lib/postgresql")
    versions = sorted((p.name for p in installed.iterdir()), key=int) if installed.is_dir() else []
    if not versions or not shutil.which("pg_ctlcluster"):
        raise RuntimeError("PostgreSQL is not installed (apt-get install -y postgresql)")
    return versions[-1]


def _cluster_status(pg_version: str) -> str | None:
    """``online``, ``down``, … for the ``main`` cluster; None if there is none."""
    listed = subprocess.run(
        ["pg_lsclusters", "-h"], capture_output=True, text=True, timeout=30, check=False
    ).stdout
    for line in listed.splitlines():
        columns = line.split()
        if columns[:2] == [pg_version, "main"] and len(columns) > 3:
            return columns[3]
    return None


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh ``topicdesk_bench`` database on the local cluster; dropped afterwards.

    Starts the cluster (as .ci/run does) if it is not running, and then stops it
    again at the end; creates the topicdesk role if it is missing. Yields the
    server's version.
    """
    pg_version = _postgres_version()
    started_cluster = False
    status = _cluster_status(pg_version)
    if status != "online":
        if status is None:
            subprocess.run(["pg_createcluster", pg_version, "main"], timeout=120, check=True)
        subprocess.run(["pg_ctlcluster", pg_version, "main", "start"], timeout=120, check=True)
        started_cluster = True
    try:
        for _ in range(30):
            if subprocess.run(["pg_isready", "-q", "-h", HOST], timeout=10).returncode == 0:
                break
            time.sleep(1)
        role = (
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'topicdesk') "
            "THEN CREATE ROLE topicdesk LOGIN CREATEDB PASSWORD 'topicdesk'; END IF; END $$;"
        )
        done = as_postgres(f"psql -q -v ON_ERROR_STOP=1 -c {shlex.quote(role)}")
        if done.returncode:
            raise RuntimeError(f"Could not create the topicdesk role: {done.stderr}")
        drop = f"dropdb --if-exists --force {POSTGRES_DATABASE}"
        as_postgres(drop)
        done = as_postgres(f"createdb -O topicdesk {POSTGRES_DATABASE}")
        if done.returncode:
            raise RuntimeError(f"createdb {POSTGRES_DATABASE} failed: {done.stderr}")
        server = as_postgres("psql -tAc 'SHOW server_version'").stdout.strip()
        try:
            yield server or pg_version
        finally:
            done = as_postgres(drop)
            if done.returncode:
                print(f"!! dropdb {POSTGRES_DATABASE} failed: {done.stderr}", flush=True)
            else:
                print(f"-- dropped database {POSTGRES_DATABASE}", flush=True)
    finally:
        if started_cluster:
            subprocess.run(["pg_ctlcluster", pg_version, "main", "stop"], timeout=120, check=False)
