"""Shared fixtures: the local HTTP server (`tests/http_server.py`) on 127.0.0.1
as `site` (pages a test sets), `strict` (exact paths), `raw_server` (broken
HTTP), `examples_server` (serving `examples/`) and `https_site` (the same over
TLS, signed by the session's own `tls_authority`); the shared folder beside the
checkout; a `vault`; `run_clip`, the one way tests drive the command line,
in-process, returning (exit code, stdout, stderr); and `one_browser`, the one
Chromium of a test worker, which the commands of a test render in."""

from __future__ import annotations

import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from http_server import LocalServer

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SHARED = REPO.parent / "shared"


def pytest_collection_modifyitems(items):
    """The tests marked `slow(seconds)` first, longest first: with `--maxschedchunk 1`
    (pyproject's addopts) xdist hands tests out one at a time to the worker that is free, so
    the long ones are shared between the workers instead of one of them ending the run alone.
    (Without it xdist 3.8 sends each worker a quarter of its share at once, in order: one
    worker got every slow test and the whole `test_render.py`, and ended the suite 7 s after
    the other.)"""
    items.sort(key=lambda item: -_slow_seconds(item))


def _slow_seconds(item) -> float:
    marker = item.get_closest_marker("slow")
    return float(marker.args[0]) if marker is not None and marker.args else 0.0


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """No test reads the developer's own configuration or CLIPPER_* variables."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg")))
    for name in [name for name in os.environ if name.startswith("CLIPPER_")]:
        monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def examples_http():
    """The `LocalServer` whose root is `examples/`, shared by the session."""
    server = LocalServer(EXAMPLES)
    yield server
    server.close()


@pytest.fixture(scope="session")
def examples_server(examples_http):
    """Base URL of a local server whose root is `examples/` (so `…/cs25/` is the CS25 page)."""
    return examples_http.base


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
def clip(run_clip, vault):
    """`clip(TARGET, *options)` runs `clip TARGET --vault <vault> --date 2024-04-18 *options`:
    the one wrapper tests clip through (`date=` for another harvest day)."""

    def run(*args: str, date: str = "2024-04-18", stdin: str = "") -> Run:
        return run_clip(*args, "--vault", str(vault), "--date", date, stdin=stdin)

    return run


@pytest.fixture
def vault(tmp_path, monkeypatch):
    """An empty vault root; CLIPPER_VAULT points elsewhere to prove --vault wins."""
    root = tmp_path / "Notes"
    root.mkdir()
    monkeypatch.delenv("CLIPPER_VAULT", raising=False)
    return root


@pytest.fixture(scope="session")
def http_server():
    """The session's `LocalServer` (tests/http_server.py); `site` and the others reset it per test."""
    server = LocalServer()
    yield server
    server.close()


@pytest.fixture(scope="session")
def tls_authority(tmp_path_factory):
    """(a certificate authority of the session's own, its certificate as a PEM file):
    trusted only where SSL_CERT_FILE names the file."""
    import trustme

    authority = trustme.CA()
    pem = tmp_path_factory.mktemp("tls") / "authority.pem"
    authority.cert_pem.write_to_path(str(pem))
    return authority, pem


@pytest.fixture(scope="session")
def https_server(tls_authority):
    """A `LocalServer` speaking https at https://127.0.0.1:PORT, its certificate signed by `tls_authority`."""
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls_authority[0].issue_cert("127.0.0.1").configure_cert(context)
    server = LocalServer(tls=context)
    yield server
    server.close()


@pytest.fixture
def https_site(https_server):
    """The https site of one test (`https_server`, reset)."""
    yield https_server.reset()
    https_server.reset()


@pytest.fixture
def site(http_server):
    """The local web site of one test: pages set with `site.set(...)`, query and trailing slash ignored."""
    yield http_server.reset()
    http_server.reset()  # cut short whatever this test left waiting


@pytest.fixture
def strict(http_server):
    """The local web site of one test, answering only the exact paths set (query included when given)."""
    yield http_server.reset(strict=True)
    http_server.reset()


@pytest.fixture
def raw_server(http_server):
    """`start(talk)` -> URL whose answer `talk(conn)` writes on the socket (broken HTTP)."""
    http_server.reset()
    paths = iter(range(1, 1_000_000))

    def start(talk):
        return http_server.raw(f"/raw{next(paths)}/page", talk)

    yield start
    http_server.reset()


@pytest.fixture(scope="session")
def worker_browser():
    """One `clipper.render.Browser` per test worker (None without Playwright or Chromium): its
    Chromium starts with the first page rendered and serves every test that asks for `one_browser`."""
    from clipper.render import Browser, unavailable

    if unavailable() is not None:
        yield None
        return
    with Browser() as browser:
        yield browser


@dataclass
class OneBrowser:
    browser: object

    def __post_init__(self) -> None:
        self.first = self.renders_so_far()

    def renders_so_far(self) -> int:
        return getattr(self.browser, "renders", 0)

    @property
    def renders(self) -> int:
        """How many pages this test's commands rendered."""
        return self.renders_so_far() - self.first


@pytest.fixture
def one_browser(worker_browser, monkeypatch):
    """The commands of this test render in the worker's one Chromium (`Renderer(options,
    browser)`, each command with its own options) when their `browser` setting is the
    default: starting Chromium and Playwright once per worker instead of once per command
    keeps the suite short. A command given another `browser` starts its own, as a user's does."""
    from clipper import render_policy
    from clipper.render import Renderer

    def renderer(options):
        return Renderer(options, worker_browser if options.browser is None else None)

    if worker_browser is not None:
        monkeypatch.setattr(render_policy, "Renderer", renderer)
    return OneBrowser(worker_browser)
