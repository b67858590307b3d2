"""Readers through the edge: persistent connections, each read's times, status,
cache verdict (Varnish's ``X-Cache``) and the page's title marker."""

import http.client
import random
import threading
import time
from dataclasses import dataclass

from tests.topology.publisher import marker_of


@dataclass(frozen=True)
class Read:
    began: float
    ended: float
    path: str
    page: int | None  # the page a detail shows; None for a listing
    status: int  # 0: no answer at all
    hit: bool
    marker: int


def read_loop(
    port: int,
    paths: list[tuple[str, int | None]],
    stop: threading.Event,
    seed: int,
    limit: int,
    out: list[Read],
) -> None:
    """Read random ``paths`` until ``stop`` is set or ``limit`` reads are done."""
    rng = random.Random(seed)  # noqa: S311 (which page to read next)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for _ in range(limit):
        if stop.is_set():
            break
        path, page = rng.choice(paths)
        began = time.monotonic()
        # As browsers do, a GET that fails on a reused connection (the edge closed it
        # as the request left) is sent once more on a new one; a second failure counts.
        for _attempt in range(2):
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                status, hit = response.status, response.getheader("X-Cache") == "HIT"
                break
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                status, hit, body = 0, False, b""
        out.append(Read(began, time.monotonic(), path, page, status, hit, marker_of(body)))
    connection.close()


def start_readers(port: int, paths, clients: int, limit: int):
    """``clients`` reader threads; returns (stop event, threads, shared list of reads)."""
    stop, reads = threading.Event(), []
    threads = [
        threading.Thread(target=read_loop, args=(port, paths, stop, seed, limit, reads))
        for seed in range(clients)
    ]
    for thread in threads:
        thread.start()
    return stop, threads, reads
