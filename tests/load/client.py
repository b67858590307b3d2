"""The load test's readers (one request, its checks, the client loop) and the publisher's
log as they see it (`Publishing`)."""

import http.client
import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.live_server import (
    HOST,
)
from tests.load.publisher import revision_of, title_revision

ARTICLE_PATH = "/topics/relationships/trust-issues/"

ENDPOINTS = {
    "resolve": f"/api/v1/pages/resolve/?path={ARTICLE_PATH}",
    "listing": "/api/v1/topics/?limit=20",
    "search": "/api/v1/search/?q=trust",
}

DETAIL_KEYS = {"id", "type", "title", "slug", "path", "seo", "summary", "body", "breadcrumbs"}

DEFAULT_REPORT = Path(__file__).resolve().parent / "last-run.md"

REQUEST_TIMEOUT = 15.0

#: After the last publish, this many rounds in a row (each: all three endpoints) must
#: serve the last revision, so that both gunicorn workers are seen to serve it.
FRESH_ROUNDS = 10


@dataclass(slots=True)
class Sample:
    endpoint: str
    started: float  # wall clock, comparable with the publisher's timestamps
    seconds: float
    status: int  # 0: no HTTP response at all
    error: str | None = None
    revision: int | None = None  # the article's revision in the response, if it has it


def get(port: int, path: str) -> tuple[int, bytes]:
    """One GET on a new connection (gunicorn's sync workers close each one)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", path, headers={"Accept": "application/json"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def check(endpoint: str, status: int, body: bytes) -> tuple[str | None, int | None]:
    """What is wrong with a response, if anything; and the article revision it shows."""
    if status != 200:
        return f"{endpoint}: HTTP {status}", None
    try:
        document = json.loads(body)
    except ValueError:
        return f"{endpoint}: incomplete or invalid JSON", None
    if endpoint == "resolve":
        if not isinstance(document, dict) or not DETAIL_KEYS <= set(document):
            return "resolve: not a page detail", None
        title, body_marker = revision_of(document)
        if title != body_marker:
            return f"resolve: mixed revisions (title {title}, body {body_marker})", None
        return None, title
    if not isinstance(document, dict) or not isinstance(document.get("results"), list):
        return f"{endpoint}: no result list", None
    if endpoint == "search" and not {"count", "facets"} <= set(document):
        return "search: not a search result", None
    title = next(
        (hit.get("title") for hit in document["results"] if hit.get("path") == ARTICLE_PATH),
        None,
    )
    return None, title_revision(title) if isinstance(title, str) else None


class Budget:
    """At most ``limit`` requests across all clients."""

    def __init__(self, limit: int):
        self.left = limit
        self.lock = threading.Lock()

    def take(self) -> bool:
        with self.lock:
            if self.left <= 0:
                return False
            self.left -= 1
            return True


def client(index: int, port: int, until: float, budget: Budget, out: list[Sample]) -> None:
    names = list(ENDPOINTS)
    turn = index
    while time.monotonic() < until and budget.take():
        endpoint = names[turn % len(names)]
        turn += 1
        started, clock = time.time(), time.perf_counter()
        try:
            status, body = get(port, ENDPOINTS[endpoint])
        except (OSError, http.client.HTTPException) as exc:
            error = f"{endpoint}: {type(exc).__name__}: {exc}"
            out.append(Sample(endpoint, started, time.perf_counter() - clock, 0, error))
            continue
        seconds = time.perf_counter() - clock
        error, revision = check(endpoint, status, body)
        out.append(Sample(endpoint, started, seconds, status, error, revision))


@dataclass
class Publishing:
    """What the publisher reports, one JSON line per publish; a copy goes to ``log``."""

    log: Path
    events: list[dict] = field(default_factory=list)
    first: threading.Event = field(default_factory=threading.Event)
    finished: threading.Event = field(default_factory=threading.Event)

    def read(self, stream) -> None:
        with self.log.open("a") as log:
            for line in stream:
                log.write(line)
                log.flush()
                self.record(line)
        self.first.set()
        self.finished.set()

    def record(self, line: str) -> None:
        try:
            event = json.loads(line)
        except ValueError:
            event = {"error": f"unexpected output: {line.strip()}"}
        self.events.append(event)
        self.first.set()
        if event.get("done"):
            self.finished.set()

    @property
    def published(self) -> list[dict]:
        return [event for event in self.events if "published_at" in event]

    @property
    def errors(self) -> list[str]:
        return [event["error"] for event in self.events if "error" in event]

    @property
    def done(self) -> dict:
        return next((event for event in self.events if event.get("done")), {})
