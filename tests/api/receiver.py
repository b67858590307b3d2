"""A real HTTP receiver on 127.0.0.1 that records the webhooks (or purges) it gets."""

import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


@dataclass
class Received:
    headers: dict
    body: bytes
    method: str = "POST"
    path: str = ""


@dataclass
class Receiver:
    port: int
    status: int = 200
    #: What it answers with (a purge API's JSON, say).
    reply: bytes = b""
    received: list[Received] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhooks/topicdesk"

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (the stdlib's name)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                receiver.received.append(
                    Received(dict(self.headers), body, self.command, self.path)
                )
                self.send_response(receiver.status)
                self.send_header("Content-Length", str(len(receiver.reply)))
                self.end_headers()
                self.wfile.write(receiver.reply)

            do_PURGE = do_POST  # an edge cache's purge  # noqa: N815

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def readme_verify():
    """The `verify` function exactly as the README documents it."""
    text = README.read_text(encoding="utf-8")
    block = re.search(
        r"<!-- webhook-verification-snippet -->\s*```python\n(.*?)```", text, re.DOTALL
    ).group(1)
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 (our own README)
    return namespace["verify"]
