"""Pages built by JavaScript, served from 127.0.0.1: `clip` renders them in
headless Chromium when their static HTML looks script-built, and only then.

The pages are in `tests/fixtures/render/`: a course page whose schedule table
is filled from `schedule.json` by a script, an application page with an empty
`#root`, and a static page. The browser is the system's Chromium. Most tests
render in the test worker's one Chromium (`one_browser`, conftest), which
counts the pages it renders; the tests about the browser's own life (one per
batch, killed with the command, no download into the user's folder) start
their own, through a wrapper that logs each start, as a user's `clip` does.
Tests that need the browser are skipped, saying why, when Playwright or
Chromium is missing (`.ci/run` installs both).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clipper.render import unavailable

FIXTURES = Path(__file__).parent / "fixtures" / "render"
PNG = bytes.fromhex(  # 2x2: a 1x1 image is a tracking pixel, which no note keeps
    "89504e470d0a1a0a0000000d494844520000000200000002080600000072b60d24"
    "0000001149444154789c63f8cfc0f01f8419600c0047ca07f967596eb70000000049454e44ae426082"
)
MISSING = unavailable()
pytestmark = pytest.mark.slow(2)  # most start or use a browser
needs_browser = pytest.mark.skipif(
    MISSING is not None, reason=f"no renderer here ({MISSING}); .ci/run installs Chromium and the render extra"
)


def serve_fixtures(site, *names: str, etag: str | None = None) -> None:
    types = {".html": "text/html; charset=utf-8", ".js": "text/javascript", ".json": "application/json"}
    for name in names:
        path = FIXTURES / name
        site.set("/" + name, path.read_bytes(), content_type=types[path.suffix], etag=etag)


@pytest.fixture
def browser_log(tmp_path, monkeypatch):
    """The `browser` setting points at a wrapper of the system Chromium that logs its
    process id, one line per start."""
    log = tmp_path / "browser-starts.log"
    real = unavailable() is None and __import__("clipper.render").render.find_browser()
    wrapper = tmp_path / "chromium-wrapper"
    wrapper.write_text(f'#!/bin/sh\necho $$ >> "{log}"\nexec "{real or "/nonexistent"}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("CLIPPER_BROWSER", str(wrapper))
    return log


def starts(log: Path) -> int:
    return len(log.read_text().split()) if log.exists() else 0


def the_note(vault: Path) -> str:
    notes = list((vault / "vault").glob("*.md"))
    assert len(notes) == 1, notes
    return notes[0].read_text(encoding="utf-8")


@needs_browser
def test_course_schedule_built_by_a_script_reaches_the_note_and_the_json(site, vault, run_clip, one_browser):
    serve_fixtures(site, "course.html", "schedule.js", "schedule.json")
    result = run_clip(site.base + "/course.html", "--vault", str(vault), "--date", "2024-04-02")
    assert result.code == 0, result.err
    note = the_note(vault)
    assert "rendered: true" in note
    for topic in ("Attention is all you need, revisited", "Scaling laws for language models", "Barbara Liskov"):
        assert topic in note
    assert one_browser.renders == 1

    result = run_clip("extract", site.base + "/course.html")
    data = json.loads(result.out)
    assert data["rendered"] is True
    assert [session["date"] for session in data["schedule"]] == ["2024-04-04", "2024-04-11", "2024-04-18"]
    assert data["schedule"][1]["speakers"] == ["Claude Shannon"]
    assert one_browser.renders == 2


@needs_browser
def test_an_application_with_an_empty_root_is_clipped_with_its_content_and_images(site, vault, run_clip, one_browser):
    serve_fixtures(site, "app.html", "app.js", "article.json")
    site.set("/images/couverture.png", PNG, content_type="image/png")
    result = run_clip(site.base + "/app.html", "--vault", str(vault), "--date", "2024-04-02")
    assert result.code == 0, result.err
    note = the_note(vault)
    assert "herbiers du dix-huitième siècle" in note
    assert "rendered: true" in note
    saved = list((vault / "attachments").iterdir())
    assert len(saved) == 1 and saved[0].read_bytes() == PNG  # the image the script inserted, from its resolved URL
    assert f"![[attachments/{saved[0].name}]]" in note


def test_a_static_page_is_not_rendered(site, vault, run_clip, browser_log):
    serve_fixtures(site, "static.html")
    result = run_clip(site.base + "/static.html", "--vault", str(vault), "--date", "2024-04-02")
    assert result.code == 0, result.err
    note = the_note(vault)
    assert "jardins familiaux" in note and "rendered" not in note
    assert starts(browser_log) == 0 and "hint" not in result.err


def test_render_never_gives_the_page_as_served(site, vault, run_clip, browser_log):
    serve_fixtures(site, "course.html", "schedule.js", "schedule.json")
    result = run_clip("extract", site.base + "/course.html", "--render", "never")
    data = json.loads(result.out)
    assert data["schedule"] == [] and data["rendered"] is False
    assert [person["name"] for person in data["instructors"]] == ["Ada Lovelace", "Alan Turing"]
    (vault / ".clipper").mkdir()
    (vault / ".clipper" / "config.toml").write_text('render = "never"\n')  # the setting, as the option
    result = run_clip(site.base + "/course.html", "--vault", str(vault))
    assert result.code == 0 and "Grace Hopper" not in the_note(vault) and "rendered" not in the_note(vault)
    assert "hint" not in result.err and starts(browser_log) == 0


@needs_browser
def test_the_reharvest_renders_again_and_picks_up_a_change_in_the_data(site, vault, run_clip, one_browser):
    serve_fixtures(site, "course.html", "schedule.js", etag='"shell-v1"')  # the shell never changes: 304
    site.set("/schedule.json", (FIXTURES / "schedule.json").read_bytes(), content_type="application/json")
    assert run_clip(site.base + "/course.html", "--vault", str(vault), "--date", "2024-04-02").code == 0
    rows = json.loads((FIXTURES / "schedule.json").read_text())
    rows.append({"date": "April 25, 2024", "topic": "Mixture of experts", "speaker": "Frances Allen"})
    site.set("/schedule.json", json.dumps(rows), content_type="application/json")

    result = run_clip("reharvest", "--vault", str(vault), "--delay", "0", "--date", "2024-04-20")
    assert result.code == 0, result.err
    note = the_note(vault)
    assert "Mixture of experts" in note and "Frances Allen" in note
    assert "1 séance ajoutée" in note  # the Historique line
    assert "rendered: true" in note
    assert one_browser.renders == 2  # the clip, then the night


@needs_browser
def test_the_reharvest_renders_after_the_state_database_is_lost(site, vault, run_clip, one_browser):
    serve_fixtures(site, "course.html", "schedule.js", etag='"shell-v1"')
    site.set("/schedule.json", (FIXTURES / "schedule.json").read_bytes(), content_type="application/json")
    assert run_clip(site.base + "/course.html", "--vault", str(vault), "--date", "2024-04-02").code == 0
    (vault / ".clipper" / "state.sqlite3").unlink()
    site.set("/schedule.json", "[]", content_type="application/json")
    result = run_clip("reharvest", "--vault", str(vault), "--delay", "0", "--date", "2024-04-20")
    assert result.code == 0, result.err
    assert "Grace Hopper" not in the_note(vault)  # rendered again (the note says so), not a 304


def test_without_a_browser_auto_clips_as_served_with_one_hint(site, vault, run_clip, monkeypatch):
    monkeypatch.setenv("CLIPPER_BROWSER", "/nonexistent/chromium")
    serve_fixtures(site, "course.html", "schedule.js", "schedule.json")
    result = run_clip(site.base + "/course.html", "--vault", str(vault))
    assert result.code == 0, result.err
    hints = [line for line in result.err.splitlines() if line.startswith("hint:")]
    assert len(hints) == 1 and "schedule container is empty" in hints[0] and "apt-get install chromium" in hints[0]
    assert "Ada Lovelace" in the_note(vault) and "rendered" not in the_note(vault)

    serve_fixtures(site, "static.html")
    result = run_clip(site.base + "/course.html", site.base + "/static.html", "--vault", str(vault))  # a batch
    assert result.code == 0, result.err
    assert len([line for line in result.out.splitlines() if "hint:" in line]) == 1  # under its page's line

    result = run_clip(site.base + "/course.html", "--vault", str(vault), "--render", "always")
    assert result.code == 3
    assert result.err.count("\n") == 1 and "apt-get install chromium" in result.err and "Traceback" not in result.err


def test_clip_config_shows_the_browser(run_clip, vault, monkeypatch):
    result = run_clip("config", "--vault", str(vault))
    line = next(line for line in result.out.splitlines() if line.startswith("browser"))
    assert ("found on PATH" in line) if MISSING is None else ("none found" in line or "Playwright" in line)
    monkeypatch.setenv("CLIPPER_BROWSER", "/nonexistent/chromium")
    line = next(line for line in run_clip("config").out.splitlines() if line.startswith("browser"))
    assert "none found" in line and "CLIPPER_BROWSER" in line
    render = next(line for line in run_clip("config").out.splitlines() if line.startswith("render"))
    assert render.split()[1] == "auto"


NEVER_SETTLES = """<!doctype html><html><head><title>Tableau de bord</title></head><body><div id="app"></div>
<script>
document.getElementById('app').innerHTML = '<article><h1>Tableau de bord</h1>' +
  '<p>' + 'Les relevés de la station météo arrivent toutes les secondes et le tableau se met à jour. '.repeat(6) + '</p></article>';
setInterval(() => fetch('/poll?' + Math.random()), 100);
</script></body></html>"""


@needs_browser
def test_a_page_that_never_settles_is_cut_at_the_timeout(site, vault, run_clip, one_browser):
    url = site.set("/dashboard", NEVER_SETTLES)
    site.set("/poll", "{}", content_type="application/json")
    started = time.monotonic()
    result = run_clip(url, "--vault", str(vault), "--render", "always", "--timeout", "2.5")
    assert result.code == 0, result.err
    assert time.monotonic() - started < 20
    assert "relevés de la station météo" in the_note(vault)


def start_clip(command: list[str]) -> subprocess.Popen[bytes]:
    """`clip` in a process of its own, with Ctrl-C's default meaning even when the suite
    runs in the background (where the shell hands its children SIGINT ignored)."""

    def default_sigint() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    return subprocess.Popen(
        command,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=default_sigint,
    )


def clip_a_page_that_never_settles(site, vault, browser_log) -> tuple[subprocess.Popen[bytes], int]:
    """`clip --render always` of a page that polls forever, in a process of its own, once its
    Chromium has started: the process and the browser's pid."""
    url = site.set("/dashboard", NEVER_SETTLES)
    site.set("/poll", "{}", content_type="application/json")
    command = [sys.executable, "-m", "clipper", url, "--vault", str(vault), "--render", "always", "--timeout", "60"]
    clip = start_clip(command)
    deadline = time.monotonic() + 30
    while starts(browser_log) == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    return clip, int(browser_log.read_text().split()[0])


def _processes() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, session id) of every process."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                found[int(entry.name)] = (int(fields[1]), int(fields[3]))
    return found


@needs_browser
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["killed", "interrupted"])
def test_a_killed_or_interrupted_clip_leaves_no_browser_behind(site, vault, browser_log, tmp_path, how):
    clip, browser = clip_a_page_that_never_settles(site, vault, browser_log)
    deadline = time.monotonic() + 30
    while not any(path.startswith("/poll?") for path in site.paths()) and time.monotonic() < deadline:  # polling
        time.sleep(0.05)
    helpers = [pid for pid, (parent, session) in _processes().items() if parent == clip.pid or session == browser]
    assert browser in helpers and len(helpers) >= 3  # Chromium, its own processes, Playwright's driver

    os.kill(clip.pid, how)
    assert clip.wait(timeout=40) == (130 if how == signal.SIGINT else -signal.SIGKILL)  # not the page's 60 s
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and set(helpers) & set(_processes()):
        time.sleep(0.1)
    assert not set(helpers) & set(_processes()), "processes outlived the killed clip"
    assert not list((vault / "vault").glob("*.md"))


@needs_browser
def test_a_clip_interrupted_while_the_browser_starts_stops_at_once(site, vault, browser_log):
    """Ctrl-C before Playwright has attached to Chromium: no wait for the page's timeout."""
    clip, browser = clip_a_page_that_never_settles(site, vault, browser_log)
    os.kill(clip.pid, signal.SIGINT)
    assert clip.wait(timeout=40) == 130
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(session == browser for _, session in _processes().values()):
        time.sleep(0.1)
    assert not any(session == browser for _, session in _processes().values()), "Chromium outlived the clip"
    assert not list((vault / "vault").glob("*.md"))


@needs_browser
def test_the_renderer_keeps_to_the_page(site, vault, run_clip, browser_log, tmp_path, monkeypatch):
    """No pop-up, no navigation away, no frame, no download, no other scheme: only the page and its data."""
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    page = """<!doctype html><html><head><title>Programme</title></head><body><div id="root"></div>
<script>
window.open('/popup');
const link = document.createElement('a'); link.href = '/file.bin'; link.download = 'file.bin'; link.click();
const frame = document.createElement('iframe'); frame.src = '/frame'; document.body.appendChild(frame);
fetch('file:///etc/hostname').then(r => r.text()).then(t => { document.title = t; }).catch(() => {});
fetch('data.json').then(r => r.json()).then(d => {
  document.getElementById('root').innerHTML = '<article><h1>Programme</h1><p>' + d.text + '</p></article>';
  setTimeout(() => { location.href = '/elsewhere'; }, 50);
});
</script></body></html>"""
    text = (
        "Les conférences du jeudi reprennent en septembre, salle des actes, avec un cycle consacré aux archives. " * 3
    )
    url = site.set("/programme", page)
    site.set("/data.json", json.dumps({"text": text}), content_type="application/json")
    site.set("/elsewhere", "<html><body><p>Ailleurs, une autre page entièrement.</p></body></html>")
    site.set(
        "/file.bin",
        b"\x00" * 4096,
        content_type="application/octet-stream",
        headers={"Content-Disposition": "attachment"},
    )
    result = run_clip(url, "--vault", str(vault), "--render", "always")
    assert result.code == 0, result.err
    note = the_note(vault)
    assert "cycle consacré aux archives" in note and "Ailleurs" not in note
    assert site.count("/popup") == 0 and site.count("/frame") == 0 and site.count("/elsewhere") == 0
    assert not list(home.rglob("file.bin*")) and not list((home / "Downloads").iterdir())  # the download was refused


@needs_browser
def test_a_saved_page_is_rendered_with_its_own_folder_only(site, vault, run_clip, one_browser, tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    (tmp_path / "secret.json").write_text('[{"date": "May 2, 2024", "topic": "Secret", "speaker": "Eve"}]')
    script = (FIXTURES / "schedule.js").read_text()
    script += "\nfetch('../secret.json').catch(() => {});\nfetch('" + site.base + "/beacon').catch(() => {});\n"
    (folder / "schedule.js").write_text(script)
    (folder / "schedule.json").write_bytes((FIXTURES / "schedule.json").read_bytes())
    (folder / "course.html").write_bytes((FIXTURES / "course.html").read_bytes())
    result = run_clip("extract", str(folder / "course.html"))
    data = json.loads(result.out)
    assert [session["speakers"] for session in data["schedule"]] == [
        ["Grace Hopper"],
        ["Claude Shannon"],
        ["Barbara Liskov"],
    ]
    assert "Secret" not in result.out and site.count("/beacon") == 0


@needs_browser
def test_a_batch_renders_its_script_built_pages_with_one_browser(site, vault, run_clip, browser_log):
    serve_fixtures(
        site, "course.html", "schedule.js", "schedule.json", "app.html", "app.js", "article.json", "static.html"
    )
    urls = [site.base + "/course.html", site.base + "/app.html", site.base + "/static.html"]
    result = run_clip(*urls, "--vault", str(vault), "--date", "2024-04-02")
    assert result.code == 0, result.err
    notes = {path.name: path.read_text(encoding="utf-8") for path in (vault / "vault").glob("*.md")}
    assert len(notes) == 3
    course = next(text for text in notes.values() if "Ada Lovelace" in text)
    assert "Claude Shannon" in course and "rendered: true" in course
    assert any("herbiers du dix-huitième siècle" in text for text in notes.values())
    assert "rendered" not in next(text for text in notes.values() if "jardins familiaux" in text)
    assert starts(browser_log) == 1


@needs_browser
def test_a_night_without_a_browser_leaves_a_rendered_note_untouched(site, vault, run_clip, one_browser, monkeypatch):
    serve_fixtures(site, "course.html", "schedule.js", "schedule.json", etag='"shell-v1"')
    assert run_clip(site.base + "/course.html", "--vault", str(vault), "--date", "2024-04-02").code == 0
    before = the_note(vault)
    monkeypatch.setenv("CLIPPER_BROWSER", "/nonexistent/chromium")
    result = run_clip("reharvest", "--vault", str(vault), "--delay", "0", "--date", "2024-04-20")
    assert result.code == 6 and "apt-get install chromium" in result.out + result.err
    assert the_note(vault) == before  # the schedule is not lost to the static page


@needs_browser
def test_a_script_that_only_decorates_the_page_leaves_the_page_as_served(site, vault, run_clip, one_browser):
    """auto renders a thin page with an empty app root, but keeps the page as served when
    the rendered one reads no more (a badge, an icon): no `rendered`, no nightly render."""
    page = """<!doctype html><html><head><title>Les jardins</title></head><body>
<main><h1>Les jardins ouvriers</h1><p>Les jardins ouvriers de la ville ouvrent le samedi matin,
avec une visite guidée des parcelles et un atelier de semis pour les enfants du quartier.</p></main>
<div id="root"></div><script>document.getElementById('root').textContent = 'Partager';</script>
</body></html>"""
    url = site.set("/jardins", page)
    result = run_clip(url, "--vault", str(vault), "--date", "2024-04-02")
    assert result.code == 0, result.err
    note = the_note(vault)
    assert one_browser.renders == 1  # it was looked at in the browser…
    assert "jardins ouvriers" in note and "rendered" not in note  # …and kept as served


@needs_browser
def test_a_rendered_saved_page_reads_its_staff_cards_as_the_page_as_served(vault, run_clip, one_browser, tmp_path):
    """The browser resolves a saved page's images to `file:` addresses: its photo cards stay
    cards, and each person keeps the role heading above them ("Teaching Assistants" under "Staff")."""
    cards = "".join(
        f'<div class="member"><img src="/img/{slug}.jpg" alt="" width="120px"><div><h3>'
        f'<a href="https://{slug}.example.org/">{name}</a></h3><p>{slug}@example.edu</p></div></div>'
        for slug, name in (("ana", "Ana Costa"), ("ben", "Ben Okafor"), ("chen", "Chen Wei"))
    )
    at = cards.index('<div class="member"><img src="/img/ben')
    page = tmp_path / "staff.html"
    page.write_text(
        "<!doctype html><html><head><title>Staff | CS 4410 Robot Learning, Fall 2025</title></head><body><main>"
        f"<h1>Staff</h1><h2>Instructor</h2>{cards[:at]}<h2>Teaching Assistants</h2>{cards[at:]}</main>"
        "<script>document.title = document.title;</script></body></html>"
    )
    read = {}
    for mode in ("never", "always"):
        result = run_clip("extract", str(page), "--render", mode)
        assert result.code == 0, result.err
        data = json.loads(result.out)
        read[mode] = [(person["name"], person["role"]) for person in data["instructors"]]
        assert "instructors-cards" in data["strategy"] and data["rendered"] == (mode == "always")
    assert (
        read["always"]
        == read["never"]
        == [
            ("Ana Costa", "instructor"),
            ("Ben Okafor", "teaching assistant"),
            ("Chen Wei", "teaching assistant"),
        ]
    )
