"""Load generation: the benchmarks' HTTP clients, and the numbers they report.

``load`` drives a server from N threads of a small keep-nothing HTTP/1.1 client
(``benchmarks.run``); ``wrk`` runs Debian's wrk and parses its output
(``benchmarks.documents``); ``get`` is one plain request. Only ``HOST``,
127.0.0.1, is ever contacted, and every request has a timeout.
"""

import http.client
import re
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
#: No request of a ``load`` is started after this many seconds, ``at_least`` or not.
SLOWEST = 150
WRK = "/usr/bin/wrk"
WRK_CONNECTIONS = 8


# --- The Python client ------------------------------------------------------


def request_bytes(port: int, path: str) -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nAccept: application/json\r\n"
        "Connection: close\r\n\r\n"
    ).encode()


def request(port: int, raw_request: bytes, timeout: float = 10) -> tuple[int, int]:
    """One request on a fresh connection (gunicorn's sync workers close every connection).

    Returns the status and the body's size.
    """
    chunks = []
    with socket.create_connection((HOST, port), timeout=timeout) as sock:
        sock.sendall(raw_request)
        while data := sock.recv(262_144):
            chunks.append(data)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), len(body)


def load(
    port: int,
    paths: list[str],
    *,
    concurrency: int,
    requests: int,
    seconds: float,
    at_least: int = 0,
    timeout: float = 10,
) -> dict:
    """``concurrency`` threads share at most ``requests`` requests and ``seconds`` seconds.

    Request n asks for ``paths[n % len(paths)]``. With ``at_least``, that many are
    issued even past ``seconds`` (but never past ``SLOWEST`` seconds).
    """
    raw_requests = [request_bytes(port, path) for path in paths]
    lock = threading.Lock()
    issued = 0
    samples: list[tuple[float, int, int, int]] = []
    started = time.perf_counter()
    deadline = started + seconds
    hard_deadline = started + max(seconds, SLOWEST)

    def worker() -> None:
        nonlocal issued
        mine = []
        while True:
            with lock:
                now = time.perf_counter()
                if issued >= requests or now >= hard_deadline:
                    break
                if now >= deadline and issued >= at_least:
                    break
                which = issued % len(raw_requests)
                issued += 1
            begin = time.perf_counter()
            try:
                status, size = request(port, raw_requests[which], timeout=timeout)
            except (OSError, ValueError, IndexError):
                status, size = 0, 0
            mine.append((time.perf_counter() - begin, status, size, which))
        with lock:
            samples.extend(mine)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(seconds, SLOWEST) + timeout + 5)
    elapsed = time.perf_counter() - started
    with lock:
        samples = list(samples)
    latencies = sorted(sample[0] for sample in samples)
    statuses: dict[int, int] = {}
    for sample in samples:
        statuses[sample[1]] = statuses.get(sample[1], 0) + 1
    sizes = [sample[2] for sample in samples if sample[1] == 200]
    per_path = {
        paths[which]: percentile(sorted(s[0] for s in samples if s[3] == which), 0.5) * 1000
        for which in range(len(paths))
    }
    return {
        "requests": len(samples),
        "errors": sum(count for status, count in statuses.items() if status != 200),
        "seconds": elapsed,
        "rps": len(samples) / elapsed if elapsed else 0.0,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "statuses": statuses,
        "bytes": round(sum(sizes) / len(sizes)) if sizes else None,
        "per_path_p50_ms": per_path if len(paths) > 1 else {},
    }


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


# --- wrk --------------------------------------------------------------------


@dataclass
class Wrk:
    path: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(port: int, path: str, seconds: float, *, script: Path | None = None, args=()) -> Wrk:
    command = [WRK, "-t1", f"-c{WRK_CONNECTIONS}", f"-d{seconds:g}s", "--latency", "--timeout=10s"]
    if script:
        command += ["-s", str(script)]
    command += [f"http://{HOST}:{port}{path}", *(["--", *args] if args else [])]
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=True
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.MULTILINE))
    errors = sum(map(int, re.findall(r"(?:connect|read|write|timeout) (\d+)", output)))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Wrk(
        path=path,
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=wrk_ms(latency["50"]),
        p99_ms=wrk_ms(latency["99"]),
        requests=int(re.search(r"(\d+) requests in", output).group(1)),
        errors=errors + (int(non_2xx.group(1)) if non_2xx else 0),
    )


def get(port: int, path: str) -> tuple[int, bytes, dict[str, str]]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()
