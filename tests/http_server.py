"""The one HTTP test server: real sockets on 127.0.0.1, routes a test changes.

`LocalServer` answers, for each path:

- a page set with `set(path, body, status=, etag=, content_type=, headers=,
  trickle=)`: 304 when the request's If-None-Match matches the page's ETag;
  `trickle` sends the body in pieces with a pause between them;
- a handler set with `route(path, handler)`: `handler(request)` returns a
  `Reply` (status, headers, bytes or an iterable of byte pieces, trickling) —
  for answers that change from one request to the next;
- a raw talk set with `raw(path, talk)`: `talk(conn)` writes whatever bytes it
  likes on the socket once the request is read, for broken HTTP;
- otherwise a file under `root` (like `python -m http.server`), else 404.

`delay` (all answers) and `slow[path]` hold an answer back; every pause is
`wait(seconds)`, which `reset()` and `close()` cut short, so a test never
waits on a server that outlived it. `requests` logs (path, headers); `strict`
servers match the exact path, query included, others ignore the query and a
trailing slash. HTTP/1.1 with keep-alive, one thread per connection. Given a
server-side `tls` context, it speaks https (the handshake in the connection's
thread), at `https://127.0.0.1:PORT`.
"""

from __future__ import annotations

import functools
import http.server
import socket
import ssl
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

NOT_FOUND = b"<html><body>Not found</body></html>"


@dataclass(frozen=True)
class Request:
    path: str
    """As requested, query included."""
    headers: dict[str, str]
    server: LocalServer

    @property
    def query(self) -> str:
        return self.path.partition("?")[2]


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | Iterable[bytes] = b""
    """Bytes (sent with a Content-Length), or pieces streamed until the connection closes."""
    trickle: float = 0.0
    """Seconds between pieces (a bytes body is sent one byte a piece)."""
    length: int | None = None
    """A Content-Length to announce instead of the real one (a lying server)."""


Handler = Callable[[Request], Reply]
Talk = Callable[[socket.socket], None]


class LocalServer:
    """A threading HTTP server on 127.0.0.1 whose answers a test sets (see the module)."""

    def __init__(self, root: Path | None = None, *, strict: bool = False, tls: ssl.SSLContext | None = None) -> None:
        self.root = root
        self.strict = strict
        self.lock = threading.Lock()
        self.pages: dict[str, tuple[int, bytes, dict[str, str]]] = {}
        self.handlers: dict[str, Handler] = {}
        self.talks: dict[str, Talk] = {}
        self.trickles: dict[str, float] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.slow: dict[str, float] = {}
        self.started: list[float] = []
        """`time.monotonic()` at each request."""
        self.active = 0
        self.most = 0
        """Most requests held back (by `delay` or `slow`) at once."""
        self.delay = 0.0
        """Seconds each answer waits before it is sent (to catch a run mid-way)."""
        self._cancel = threading.Event()
        handler = functools.partial(_Handler, directory=str(root or Path.cwd()))
        self._server = _Server(("127.0.0.1", 0), handler)
        self._server.test_server = self  # type: ignore[attr-defined]
        port = self._server.server_address[1]
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True, do_handshake_on_connect=False)
        self.base = f"{'https' if tls is not None else 'http'}://127.0.0.1:{port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    # -- what a test sets

    def set(
        self,
        path: str,
        body: str | bytes,
        *,
        status: int = 200,
        etag: str | None = None,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
        trickle: float = 0.0,
        **more_headers: str,
    ) -> str:
        """Serve `body` at `path`; returns its URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        all_headers = {"Content-Type": content_type, **(headers or {}), **more_headers}
        if etag:
            all_headers["ETag"] = etag
        with self.lock:
            self.pages[path] = (status, data, all_headers)
            self.trickles[path] = trickle
        return self.base + path

    def route(self, path: str, handler: Handler) -> str:
        """Answer `path` with `handler(request)` each time; returns its URL."""
        with self.lock:
            self.handlers[path] = handler
        return self.base + path

    def raw(self, path: str, talk: Talk) -> str:
        """Let `talk(conn)` write the answer to `path` byte by byte; returns its URL."""
        with self.lock:
            self.talks[path] = talk
        return self.base + path

    def url(self, path: str) -> str:
        return self.base + path

    url_for = url

    # -- what a test reads

    def count(self, path: str) -> int:
        with self.lock:
            return sum(1 for requested, _ in self.requests if requested == path)

    def paths(self) -> list[str]:
        with self.lock:
            return [path for path, _ in self.requests]

    # -- time, driven by the server

    def wait(self, seconds: float) -> bool:
        """Pause up to `seconds`; True if cut short by `reset` or `close`."""
        return self._cancel.wait(seconds) if seconds > 0 else self._cancel.is_set()

    def reset(self, *, strict: bool = False) -> LocalServer:
        """Forget every page, handler, request and delay (a new test begins)."""
        self._cancel.set()
        with self.lock:
            self.pages.clear()
            self.handlers.clear()
            self.talks.clear()
            self.trickles.clear()
            self.requests.clear()
            self.slow.clear()
            self.started.clear()
            self.active = self.most = 0
            self.delay = 0.0
            self.strict = strict
            self._cancel = threading.Event()
        return self

    def close(self) -> None:
        self._cancel.set()
        self._server.shutdown()
        self._server.server_close()

    def _key(self, path: str, table: dict[str, object]) -> str:
        if self.strict:
            return path if path in table else path.split("?")[0]
        return path.split("?")[0].rstrip("/") or "/"


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], OSError):  # a client hanging up is no news
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: http.server.ThreadingHTTPServer

    @property
    def site(self) -> LocalServer:
        return self.server.test_server  # type: ignore[attr-defined, no-any-return]

    def do_GET(self) -> None:
        site = self.site
        with site.lock:
            site.requests.append((self.path, dict(self.headers)))
            site.started.append(time.monotonic())
            site.active += 1
            site.most = max(site.most, site.active)
            talk = site.talks.get(site._key(self.path, site.talks))  # type: ignore[arg-type]
            handler = site.handlers.get(site._key(self.path, site.handlers))  # type: ignore[arg-type]
            key = site._key(self.path, site.pages)  # type: ignore[arg-type]
            page = site.pages.get(key)
            trickle = site.trickles.get(key, 0.0)
            pause = site.delay + site.slow.get(self.path.split("?")[0], 0.0)
        cancelled = site.wait(pause)
        with site.lock:
            site.active -= 1
        if pause and cancelled:
            return
        if talk is not None:
            return self._talk(talk)
        if handler is not None:
            return self._reply(handler(Request(self.path, dict(self.headers), site)))
        if page is not None:
            return self._reply(self._page(page, trickle))
        if site.root is not None:
            return super().do_GET()
        return self._reply(Reply(404, {"Content-Type": "text/html"}, NOT_FOUND))

    def _page(self, page: tuple[int, bytes, dict[str, str]], trickle: float) -> Reply:
        status, body, headers = page
        etag = headers.get("ETag")
        if etag and self.headers.get("If-None-Match") == etag and status == 200:
            status, body = 304, b""
        return Reply(status, dict(headers), body, trickle=trickle)

    def _talk(self, talk: Talk) -> None:
        self.close_connection = True
        self.connection.settimeout(10)
        try:
            talk(self.connection)
        except OSError:
            pass

    def _reply(self, reply: Reply) -> None:
        streamed = not isinstance(reply.body, bytes)
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.length is not None:
            self.send_header("Content-Length", str(reply.length))
        elif not streamed:
            self.send_header("Content-Length", str(len(reply.body)))  # type: ignore[arg-type]
        if streamed or reply.length is not None:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        pieces: Iterable[bytes] = reply.body
        if isinstance(reply.body, bytes) and reply.trickle:
            pieces = (reply.body[i : i + 1] for i in range(len(reply.body)))
        elif isinstance(reply.body, bytes):
            pieces = (reply.body,)
        try:
            for number, piece in enumerate(pieces):
                if number and reply.trickle and self.site.wait(reply.trickle):
                    break
                self.wfile.write(piece)
        except OSError:
            self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass
