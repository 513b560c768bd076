"""Shared fixtures: a real HTTP server on 127.0.0.1 serving `examples/`, the
shared folder beside the checkout, and a `run_clip` that drives the command
line in-process and returns (exit code, stdout, stderr)."""

from __future__ import annotations

import functools
import http.server
import io
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """No test reads the developer's own configuration or CLIPPER_* variables."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg")))
    for name in [name for name in os.environ if name.startswith("CLIPPER_")]:
        monkeypatch.delenv(name)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def examples_server():
    """Base URL of a local server whose root is `examples/` (so `…/cs25/` is the CS25 page)."""
    handler = functools.partial(_QuietHandler, directory=str(EXAMPLES))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def run_clip(monkeypatch, capsys):
    """Run `clip ARGS…` in this process, as a user would from a shell."""
    from clipper.cli import main

    def run(*args: str, stdin: str = "") -> Run:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def vault(tmp_path, monkeypatch):
    """An empty vault root; CLIPPER_VAULT points elsewhere to prove --vault wins."""
    root = tmp_path / "Notes"
    root.mkdir()
    monkeypatch.delenv("CLIPPER_VAULT", raising=False)
    return root


class MutableSite:
    """A local web site whose pages a test changes between runs.

    `set(path, body, etag=…, status=…, headers=…)`; answers 304 when the
    request's If-None-Match matches the page's ETag; counts requests per path.
    A request's query string and trailing slash are ignored when finding its page.
    """

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, bytes, dict[str, str]]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.base = ""
        self.delay = 0.0
        """Seconds each answer waits before it is sent (to catch a run mid-way)."""

    def set(
        self,
        path: str,
        body: str | bytes,
        *,
        status: int = 200,
        etag: str | None = None,
        content_type: str = "text/html; charset=utf-8",
        headers: dict | None = None,
    ) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        all_headers = {"Content-Type": content_type, **(headers or {})}
        if etag:
            all_headers["ETag"] = etag
        with self.lock:
            self.pages[path] = (status, data, all_headers)
        return self.base + path

    def count(self, path: str) -> int:
        with self.lock:
            return sum(1 for requested, _ in self.requests if requested == path)


@pytest.fixture
def site():
    """A `MutableSite` served on 127.0.0.1 for the duration of one test."""
    state = MutableSite()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            path = self.path.split("?")[0].rstrip("/") or "/"
            with state.lock:
                state.requests.append((path, dict(self.headers)))
                page = state.pages.get(path)
            if page is None:
                status, body, headers = 404, b"<html><body>Not found</body></html>", {"Content-Type": "text/html"}
            else:
                status, body, headers = page
            if state.delay:
                time.sleep(state.delay)
            etag = headers.get("ETag")
            if etag and self.headers.get("If-None-Match") == etag and status == 200:
                status, body = 304, b""
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
