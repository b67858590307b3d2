"""A frontend's webhook endpoint on 127.0.0.1 that can go down, hold a request, and
deduplicate by delivery id (``X-Topicdesk-Delivery``), as a real receiver should."""

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class WebhookReceiver:
    def __init__(self, port: int):
        self.port = port
        self.arrivals: Counter[str] = Counter()  # delivery id -> times it arrived
        self.hold_next = threading.Event()  # hold the next request until `release`
        self.holding = threading.Event()
        self.release = threading.Event()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    @property
    def delivered(self) -> set[str]:
        return set(self.arrivals)

    def start(self) -> "WebhookReceiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (the stdlib's name)
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                # Acted on as it arrives; a repeat of the same id is only counted.
                receiver.arrivals[self.headers["X-Topicdesk-Delivery"]] += 1
                if receiver.hold_next.is_set():
                    receiver.hold_next.clear()
                    receiver.holding.set()
                    receiver.release.wait(30)
                    return  # its sender was killed meanwhile: nobody waits for the answer
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

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

    def down_for(self, seconds: float) -> None:
        """Refuse every connection for ``seconds`` (nothing listens on the port)."""
        self.stop()
        time.sleep(seconds)
        self.start()
