"""The renderer: a page loaded in headless Chromium, its scripts run, its DOM
serialised for the same extractors as a static page.

    with Renderer(RenderOptions(browser=None, timeout=30)) as renderer:
        rendered = renderer.render(page)          # Page(html=<the DOM>, rendered=True)

Imported only when a page is rendered (it pulls in Playwright, whose driver
is a Node process). The browser is the system's Chromium, found on PATH or
named by the `browser` setting; nothing is downloaded. It is started on the
first page that needs it, shared by the pages of one command, and closed
with the `Renderer` (a `Browser` can also be started once and given to several
`Renderer`s, each with its own options: the test suite does). Chromium is started by clipper itself, in its own
process group and with `PR_SET_PDEATHSIG`, so it never outlives the command,
not even a killed one; Playwright attaches to it over the DevTools protocol.

The document is not fetched twice: the browser is handed the HTML clipper
fetched, and fetches the page's scripts and data itself, waiting until the
network is idle (at most `render_page.SETTLE_LIMIT` seconds, and never past the
timeout). Safety: downloads, pop-ups, frames, WebSockets, navigation away
from the page and requests to other schemes than http(s) are refused; images,
media and fonts are not loaded (the note saves images itself, from the
rendered DOM's resolved sources). A saved page (a file) is rendered with
access to its own folder only, read from disk: no network at all.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from clipper.errors import RenderError
from clipper.models import Page
from clipper.render_page import load_page, milliseconds

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_HINT = (
    "to clip what a browser shows, install the renderer: pip install -e '.[render]' and apt-get install chromium"
)
START_LIMIT = 30.0
"""Most seconds allowed for Chromium and Playwright to start (not counted in the page's timeout)."""
WATCHDOG_GRACE = 5.0
"""Seconds past the timeout after which a page that holds the browser (a script
that never yields) has its browser killed."""
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class RenderOptions:
    browser: str | None = None
    """The `browser` setting: a path or a command name; None looks for Chromium on PATH."""
    timeout: float = 30.0
    """Seconds for the page: load, scripts, settling (the browser's start has `START_LIMIT`)."""
    user_agent: str | None = None


def find_browser(setting: str | None = None) -> Path | None:
    """The Chromium to run: the `browser` setting (path or name on PATH), else the first of
    `BROWSER_NAMES` on PATH; None when there is none."""
    for name in (setting,) if setting else BROWSER_NAMES:
        found = shutil.which(os.path.expanduser(name))
        if found:
            return Path(found)
    return None


def playwright_installed() -> bool:

    return importlib.util.find_spec("playwright") is not None


def unavailable(setting: str | None = None) -> str | None:
    """Why no page can be rendered here (the hint included), or None when one can."""
    if not playwright_installed():
        return f"Playwright is not installed; {INSTALL_HINT}"
    if find_browser(setting) is None:
        named = f"no browser at {setting!r}" if setting else "no Chromium on PATH"
        return f"{named}; {INSTALL_HINT}"
    return None


def browser_found(setting: str | None, source: str) -> tuple[str, str]:
    """What `clip config` shows for the `browser` setting: (the browser found, where from
    or what is missing)."""
    found = find_browser(setting)
    if found is None:
        return "", f"{source}; none found: pages are clipped as served (apt-get install chromium)"
    if not playwright_installed():
        return str(found), f"{source}; Playwright missing: pip install -e '.[render]'"
    return str(found), source if setting else "found on PATH"


class Browser:
    """One headless Chromium, started on the first page that needs it (again if it died),
    and the one thread Playwright drives it from. A `Renderer` starts its own; one given
    to several `Renderer`s (`Renderer(options, browser)`) serves them all until closed."""

    def __init__(self, setting: str | None = None) -> None:
        self.setting = setting
        """The `browser` setting it runs (see `find_browser`)."""
        self.launches = 0
        """How many times a browser was started (0: no page needed one)."""
        self.renders = 0
        """How many pages it was asked to render."""
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="clipper-render")
        self._browser: _Browser | None = None
        self._process: subprocess.Popen[bytes] | None = None
        """The newest Chromium started, known from its start on (before Playwright attaches)."""

    def __enter__(self) -> Browser:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if error is not None:
            self.kill()
        self.close()

    def render(self, page: Page, options: RenderOptions, local_folder: Path | None = None) -> Page:
        """`page` as the browser shows it, within `options.timeout`. Raises RenderError."""
        self.renders += 1
        return self._executor.submit(self._render, page, options, local_folder).result()

    def kill(self) -> None:
        """Kill the browser's whole process group at once: an interrupted command (Ctrl-C)
        waits neither for the page in flight nor for a browser still being attached to."""
        if self._process is not None:
            _kill_group(self._process)

    def close(self) -> None:
        if self.launches:  # the render thread exists only once a page needed the browser
            self._executor.submit(self._shut).result()
        self._executor.shutdown()

    def _render(self, page: Page, options: RenderOptions, local_folder: Path | None) -> Page:
        try:
            browser = self._started(time.monotonic() + max(options.timeout, START_LIMIT))
        except RenderError:
            raise
        except Exception as error:  # Playwright could not attach to the browser
            raise RenderError(f"cannot start the browser ({_first_line(error)})", page.url) from error
        deadline = time.monotonic() + options.timeout  # the page's own time starts now
        watchdog = threading.Timer(max(0.0, deadline - time.monotonic()) + WATCHDOG_GRACE, browser.kill)
        watchdog.start()
        try:
            return load_page(browser.connection, page, local_folder, options.user_agent, deadline)
        except Exception as error:  # Playwright's errors, a browser killed by the watchdog
            reason = "it did not settle within the timeout" if not browser.alive() else _first_line(error)
            raise RenderError(f"the page could not be rendered ({reason})", page.url) from error
        finally:
            watchdog.cancel()

    def _started(self, deadline: float) -> _Browser:
        if self._browser is None or not self._browser.alive():
            self._shut()
            self._browser = _Browser.launch(self.setting, deadline, self._started_process)
            self.launches += 1
        return self._browser

    def _started_process(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process

    def _shut(self) -> None:
        if self._browser is not None:
            self._browser.close()
            self._browser = None


class Renderer:
    """Renders the pages of one command, with its options, in one headless Chromium shared
    by every page (and thread) of the command: its own, started on the first page and
    closed with the `Renderer`, or the `browser` it is given, which it leaves open."""

    def __init__(self, options: RenderOptions, browser: Browser | None = None) -> None:
        self.options = options
        self._owns_browser = browser is None
        self.browser = Browser(options.browser) if browser is None else browser

    def __enter__(self) -> Renderer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self._owns_browser:
            self.browser.__exit__(kind, error, traceback)

    def render(self, page: Page, local_folder: Path | None = None) -> Page:
        """`page` as the browser shows it. `local_folder`: the folder of a saved page, which
        is then all the page may read. Raises RenderError."""
        return self.browser.render(page, self.options, local_folder)

    def close(self) -> None:
        if self._owns_browser:
            self.browser.close()


class _Browser:
    """A Chromium process of our own and Playwright's connection to it."""

    def __init__(self, process: subprocess.Popen[bytes], profile: str, driver: Any, connection: Any) -> None:
        self.process, self.profile, self.driver, self.connection = process, profile, driver, connection

    @staticmethod
    def launch(setting: str | None, deadline: float, started: Callable[[subprocess.Popen[bytes]], None]) -> _Browser:
        """Start Chromium (`started` is told its process at once), then attach Playwright."""
        reason = unavailable(setting)
        if reason:
            raise RenderError(reason, setting)
        executable = find_browser(setting)
        assert executable is not None  # unavailable() said there is one
        profile = tempfile.mkdtemp(prefix="clipper-chromium-")
        try:
            process = subprocess.Popen(
                [str(executable), *_chromium_flags(profile), "about:blank"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=_die_with_parent(os.getpid()),
            )
        except OSError as error:
            shutil.rmtree(profile, ignore_errors=True)
            raise RenderError(f"cannot start the browser ({error})", str(executable)) from error
        started(process)
        driver = connection = None
        try:
            # deferred: playwright is the optional render extra, loaded only to render
            from playwright.sync_api import sync_playwright

            driver = sync_playwright().start()  # Playwright's driver starts while Chromium does
            endpoint = _devtools_endpoint(process, Path(profile), deadline)
            connection = driver.chromium.connect_over_cdp(endpoint, timeout=milliseconds(deadline))
        except BaseException:
            _Browser(process, profile, driver, connection).close()
            raise
        return _Browser(process, profile, driver, connection)

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        _kill_group(self.process)

    def close(self) -> None:
        if self.connection is not None and self.alive():
            try:
                self.connection.close()
            except Exception:  # noqa: BLE001 — the browser is killed below whatever happened
                pass
        if self.driver is not None:
            try:
                self.driver.stop()
            except Exception:  # noqa: BLE001
                pass
        self.kill()
        self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL to Chromium's process group (it was started in a session of its own)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _chromium_flags(profile: str) -> list[str]:
    flags = [
        "--headless=new",
        "--remote-debugging-port=0",
        f"--user-data-dir={profile}",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-gpu",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--mute-audio",
        "--deny-permission-prompts",
    ]
    if os.geteuid() == 0:
        flags.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    return flags


def _die_with_parent(parent: int) -> Any:
    """For the child, before exec: be killed when the parent dies, even by SIGKILL."""

    libc = ctypes.CDLL(None, use_errno=True)  # loaded before the fork, not in the child

    def arm() -> None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the signal was armed
            os._exit(1)

    return arm


def _devtools_endpoint(process: subprocess.Popen[bytes], profile: Path, deadline: float) -> str:
    """The browser's DevTools address, which it writes into its profile once listening."""
    marker = profile / "DevToolsActivePort"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RenderError(f"the browser exited at start (status {process.returncode})")
        try:
            lines = marker.read_text().splitlines()
        except OSError:
            lines = []
        if len(lines) >= 2 and lines[0].isdigit():
            return f"http://127.0.0.1:{lines[0]}"
        time.sleep(0.02)
    raise RenderError("the browser did not start within the timeout")
