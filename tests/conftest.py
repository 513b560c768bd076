"""Shared fixtures: a real HTTP server on 127.0.0.1 serving `examples/`, the
shared folder beside the checkout, and a `run_clip` that drives the command
line in-process and returns (exit code, stdout, stderr)."""

from __future__ import annotations

import functools
import http.server
import io
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SHARED = REPO.parent / "shared"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 — stdlib signature
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
