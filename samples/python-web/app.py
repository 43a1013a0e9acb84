"""A small web app in the spirit of Docker's Flask and Redis example, on the standard library only.

It counts visits in memory. GET /healthz responds with "ok", GET /api/visits with the new count as
JSON, and any other GET path with a greeting from the local `greeting` package.
"""

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from greeting import greet

NAME = os.environ.get("GREETING_NAME", "Buildlab")
PORT = int(os.environ.get("PORT", "8000"))

_visits = 0
_visits_lock = threading.Lock()


def count_visit() -> int:
    """Add one visit and return the new total."""
    global _visits
    with _visits_lock:
        _visits += 1
        return _visits


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/healthz":
            self._send(200, "text/plain; charset=utf-8", "ok\n")
        elif self.path == "/api/visits":
            body = json.dumps({"visits": count_visit()}) + "\n"
            self._send(200, "application/json", body)
        else:
            self._send(200, "text/plain; charset=utf-8", greet(NAME, count_visit()) + "\n")

    def _send(self, status: int, content_type: str, body: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main() -> None:
    # 0.0.0.0 inside the container, so that a published port reaches the app.
    server = ThreadingHTTPServer(("0.0.0.0", PORT), Handler)
    print(f"Listening on port {PORT}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
