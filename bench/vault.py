"""A whole vault re-harvested, next to its peer, against local web servers.

    .venv/bin/python bench/vault.py [--notes 1000] [--changed-notes 300] [--hosts 4] [--reps 3]
    .venv/bin/python bench/vault.py --scaling [--reps 1]
    .venv/bin/python bench/vault.py --before /tmp/old/src     (other code's runs beside, alternately)

Serves generated article pages from a threaded stdlib HTTP server on each of
127.0.0.2, 127.0.0.3, … (one per `--hosts`; the whole of 127/8 is loopback on
Linux, so clipper's per-host limits apply as with real sites). Pages answer
304 to a matching ETag; "changing" a page gives it a new paragraph and a new
ETag, same image.

The vault is what `clip` makes: every page is extracted by
`clipper.extract`, rendered by `clipper.note.render`, written by
`clipper.vault.create_note`, with its image saved by
`clipper.attachments.save_image` and its state row written as `clip` writes
it (see `_note_record`). Generation is not timed. Then, in fresh processes:

- unchanged: `clip reharvest --delay 0 --quiet` on the `--notes` vault, every
  page answering 304;
- changed: `clip reharvest --delay 0 --quiet` on a vault of `--changed-notes`
  notes whose pages all changed, `clip --from urls.txt --delay 0` clipping the
  same URLs into an empty vault, and `trafilatura --input-file urls.txt
  --output-dir out --parallel 2 --config-file cfg` (SLEEP_TIME = 0,
  SSRF_PROTECTION = off) on the same URLs, run alternately.

Each run starts from a fresh copy of the vault. Wall time and peak memory
(the whole process tree, sampled from /proc every 20 ms: sum of PSS, which
counts pages shared after fork once) are reported as medians over `--reps`.
A line gives, for each row, the median (and quartiles) of each run's wall
time over that of the trafilatura run of the same round; the last splits each
row's wall time in three, from the requests the servers saw: start-up (to the
first request), pages (to the last) and end (to the exit). `--scaling` times
1k/2k/5k-note vaults (unchanged and all changed) and page sizes from 10 KB to 5 MB.
Every subprocess has a time limit; the servers stop with the script.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.server
import itertools
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

BIN = Path(sys.executable).parent
RUN_LIMIT = 600.0
"""Seconds any one timed command may take."""
HARVEST_DAY = "2026-11-28"

PNG = bytes.fromhex(  # 2x2: a 1x1 image is a tracking pixel, which no note keeps
    "89504e470d0a1a0a0000000d494844520000000200000002080600000072b60d24"
    "0000001149444154789c63f8cfc0f01f8419600c0047ca07f967596eb70000000049454e44ae426082"
)
WORDS = (
    "les bibliothèques municipales ouvrent leurs fonds anciens au public chaque premier samedi "
    "du mois avec des visites guidées par les conservateurs et des ateliers de reliure où "
    "chacun apprend à coudre un cahier puis à restaurer une couverture de cuir abîmée"
).split()


# --------------------------------------------------------------------------- pages


def paragraph(seed: int, words: int = 60) -> str:
    return " ".join(WORDS[(seed * 7 + k * 3) % len(WORDS)] for k in range(words)).capitalize() + "."


def page_word(number: int) -> str:
    """A word only page `number` has (pages must differ in their words, not only digits)."""
    letters = ""
    while True:
        number, digit = divmod(number, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[digit]
        if not number:
            return "quartier" + letters


def page_html(number: int, version: int, size: int = 10_000) -> str:
    """Article page `number`; version 2 adds a dated paragraph. About `size` bytes."""
    title = f"Article {number} : les fonds anciens de la bibliothèque"
    head = (
        f"<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>{title}</title>"
        f"<meta name='description' content='Chronique numéro {number}.'>"
        f"<meta name='author' content='Claire Martin'>"
        f"<meta property='article:published_time' content='2024-03-{1 + number % 28:02d}'></head>"
        "<body><nav><a href='/'>Accueil</a> <a href='/archives'>Archives</a></nav><article>"
        f"<h1>{title}</h1><figure><img src='/img/illustration.png' alt='illustration'></figure>"
    )
    tail = "</article><footer>© La Gazette des bibliothèques</footer></body></html>"
    parts, length, seed = [], len(head) + len(tail), number
    while length < size:
        text = f"<p>{paragraph(seed)} Au {page_word(number)}, section {len(parts) + 1} de l'article {number}.</p>"
        parts.append(text)
        length += len(text.encode("utf-8"))
        seed += 1
    if version > 1:
        parts.append(
            f"<p>Mise à jour {version} : les horaires changent à partir de décembre pour "
            f"l'article {number}, avec une nocturne le jeudi.</p>"
        )
    return head + "".join(parts) + tail


class Site:
    """What every host serves: /a/<n> pages (version and size per page) and one image."""

    def __init__(self) -> None:
        self.version: dict[int, int] = {}
        self.size = 10_000
        self._cache: dict[tuple[int, int, int], bytes] = {}
        self._lock = threading.Lock()
        self.asked: list[float] = []
        """When each request arrived (`time.perf_counter`), for `phased`; cleared by it."""

    def body(self, number: int) -> tuple[bytes, str]:
        version = self.version.get(number, 1)
        key = (number, version, self.size)
        body = self._cache.get(key)
        if body is None:
            body = page_html(number, version, self.size).encode("utf-8")
            with self._lock:
                if (
                    len(self._cache) > 20_000
                    or sum(map(len, list(self._cache.values())[:1])) * len(self._cache) > 400e6
                ):
                    self._cache.clear()
                self._cache[key] = body
        return body, f'"v{version}-{number}-{self.size}"'


def make_handler(site: Site):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            # headers and body go out in two writes: without this, Nagle's algorithm holds
            # the body until the client's delayed ACK (40 ms a small answer, an image say)
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def do_GET(self) -> None:  # noqa: N802
            site.asked.append(time.perf_counter())
            if self.path.startswith("/img/"):
                self._send(200, PNG, "image/png")
                return
            try:
                number = int(self.path.rsplit("/", 1)[-1])
            except ValueError:
                self._send(404, b"not found", "text/plain")
                return
            body, etag = site.body(number)
            if self.headers.get("If-None-Match") == etag:
                self._send(304, b"", None, etag)
            else:
                self._send(200, body, "text/html; charset=utf-8", etag)

        def _send(self, status: int, body: bytes, content_type: str | None, etag: str | None = None) -> None:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            if etag:
                self.send_header("ETag", etag)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    return Handler


def start_servers(site: Site, hosts: int) -> list[str]:
    """Base URLs of one server per loopback address 127.0.0.2, 127.0.0.3, …"""
    bases = []
    for index in range(hosts):
        address = f"127.0.0.{2 + index}"
        server = http.server.ThreadingHTTPServer((address, 0), make_handler(site))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        bases.append(f"http://{address}:{server.server_address[1]}")
    return bases


# --------------------------------------------------------------------------- vault generation


def _note_record(args: tuple[str, int, int]) -> tuple[str, str, dict]:
    """(stem, note text, state row) for page `number`, as `clip` would write them."""
    from clipper.acquire import extract_page
    from clipper.models import Page
    from clipper.note import NoteRequest, render, texte_complet
    from clipper.note_file import texte_hash
    from clipper.refresh import snapshot
    from clipper.urls import canonical_url

    base, number, size = args
    url = f"{base}/a/{number}"
    page = Page(url=url, html=page_html(number, 1, size), etag=f'"v1-{number}-{size}"')
    extraction = extract_page(page)
    embeds = {ref.url: IMAGE_NAME for ref in extraction.images}
    note = render(extraction, NoteRequest(dt.date(2024, 4, 18)), embeds=embeds)
    state = dict(
        source=canonical_url(page.url),
        address=url,
        etag=page.etag,
        last_modified=None,
        content_hash=texte_hash(texte_complet(extraction, embeds)),
        snapshot=snapshot(extraction),
        last_status="ok",
        last_checked="2024-04-18",
    )
    return note.stem, note.text, state


IMAGE_NAME = ""


def _init_worker(image_name: str) -> None:
    global IMAGE_NAME
    IMAGE_NAME = image_name


def generate_vault(
    folder: Path, bases: list[str], count: int, size: int, cache: dict[tuple[int, int], tuple]
) -> list[str]:
    """A vault of `count` clipped notes spread over `bases`; returns their URLs."""
    from clipper.attachments import save_image
    from clipper.state import NoteState, StateDatabase
    from clipper.vault import VaultLayout, create_note

    layout = VaultLayout(folder)
    folder.mkdir(parents=True)
    image_name = save_image(PNG, layout.attachments_dir, vault_root=folder)
    jobs = [(bases[n % len(bases)], n, size) for n in range(count)]
    todo = [job for job in jobs if (job[1], size) not in cache]
    if todo:
        with ProcessPoolExecutor(2, initializer=_init_worker, initargs=(image_name,)) as pool:
            for job, record in zip(todo, pool.map(_note_record, todo, chunksize=64)):
                cache[(job[1], size)] = record
    states = []
    with StateDatabase(folder) as db:
        for _base, number, _ in jobs:
            stem, text, state = cache[(number, size)]
            path = create_note(layout.notes_dir, stem, text)
            states.append(NoteState(path=path.relative_to(folder).as_posix(), **state))
        db.put_many(states)
        db.remember_images({f"{base}/img/illustration.png": image_name for base in bases})
    return [f"{base}/a/{number}" for base, number, _ in jobs]


# --------------------------------------------------------------------------- measuring


def _tree_pss_kib(root: int) -> int:
    """Sum of PSS (KiB) of `root` and its descendants."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as stream:
                    fields = stream.read().rsplit(b")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(name))
            except (OSError, IndexError, ValueError):
                continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as stream:
                for line in stream:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


def measure(command: list[str], cwd: Path | None = None, ok_codes=(0,)) -> tuple[float, float]:
    """(wall seconds, peak PSS of the process tree in MB) of `command`."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    stderr_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: stderr_chunks.append(process.stderr.read()), daemon=True)
    reader.start()
    while process.poll() is None:
        peak = max(peak, _tree_pss_kib(process.pid))
        if time.perf_counter() - started > RUN_LIMIT:
            process.kill()
            raise SystemExit(f"{command[0]} ran over {RUN_LIMIT} s")
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    reader.join(5)
    if process.returncode not in ok_codes:
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}: {b''.join(stderr_chunks)[-800:]!r}")
    return elapsed, peak / 1024


def code_env(source: Path | None) -> dict[str, str] | None:
    """The environment that runs clipper from the source folder `source` (`--before`), or None (this checkout)."""
    if source is None:
        return None
    return {**os.environ, "PYTHONPATH": str(source)}


def reharvest(template: Path, work: Path, source: Path | None = None) -> tuple[float, float, str]:
    work = fresh(work)
    shutil.copytree(template, work)
    log = work.parent / "reharvest.log"
    command = [str(BIN / "clip"), "reharvest", "--vault", str(work), "--delay", "0", "--quiet", "--date", HARVEST_DAY]
    started = time.perf_counter()
    with open(log, "wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=code_env(source))
        peak = 0
        while process.poll() is None:
            peak = max(peak, _tree_pss_kib(process.pid))
            if time.perf_counter() - started > RUN_LIMIT:
                process.kill()
                raise SystemExit("clip reharvest ran too long")
            time.sleep(0.02)
    elapsed = time.perf_counter() - started
    lines = log.read_text(encoding="utf-8").strip().splitlines()
    summary = next((line for line in reversed(lines) if "summary: " in line), lines[-1])  # the digest's line follows
    if process.returncode != 0:
        raise SystemExit(f"clip reharvest exited {process.returncode}: {summary}")
    digest = " (+ digest)" if lines[-1].startswith("digest: ") else ""
    return elapsed, peak / 1024, summary.split("summary: ", 1)[-1] + digest


def clip_from(urls: list[str], work: Path, source: Path | None = None) -> tuple[float, float, str]:
    """`clip --from urls.txt --delay 0` into an empty vault: (wall s, peak MB, summary)."""
    work = fresh(work)
    work.mkdir(parents=True)
    listing = work.parent / "clip-urls.txt"
    listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
    log = work.parent / "clip-from.log"
    command = [str(BIN / "clip"), "--from", str(listing), "--vault", str(work), "--delay", "0", "--date", HARVEST_DAY]
    started = time.perf_counter()
    with open(log, "wb") as out:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=out, env=code_env(source))
        peak = 0
        while process.poll() is None:
            peak = max(peak, _tree_pss_kib(process.pid))
            if time.perf_counter() - started > RUN_LIMIT:
                process.kill()
                raise SystemExit("clip --from ran too long")
            time.sleep(0.02)
    elapsed = time.perf_counter() - started
    summary = log.read_text(encoding="utf-8").strip().splitlines()[-1]
    if process.returncode not in (0, 6):
        raise SystemExit(f"clip --from exited {process.returncode}: {summary}")
    return elapsed, peak / 1024, summary


def byte_compile_clipper() -> None:
    """Compile clipper's modules once, as installing a package does (pip compiles a
    wheel's modules; trafilatura's are compiled). An editable checkout under
    PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module at each start."""
    import compileall

    import clipper

    compileall.compile_dir(Path(clipper.__file__).parent, quiet=1)


def trafilatura_config(folder: Path) -> Path:
    import trafilatura

    text = (Path(trafilatura.__file__).parent / "settings.cfg").read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines():
        if line.startswith("SLEEP_TIME"):
            line = "SLEEP_TIME = 0"
        elif line.startswith("SSRF_PROTECTION"):
            line = "SSRF_PROTECTION = off"
        lines.append(line)
    path = folder / "trafilatura.cfg"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_trafilatura(urls: list[str], folder: Path, config: Path) -> tuple[float, float]:
    out = fresh(folder / "traf-out")
    listing = folder / "urls.txt"
    listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
    elapsed, peak = measure(
        [
            str(BIN / "trafilatura"),
            "--input-file",
            str(listing),
            "--output-dir",
            str(out),
            "--parallel",
            "2",
            "--config-file",
            str(config),
        ],
        cwd=folder,
    )
    written = len(list(out.glob("*"))) if out.exists() else 0
    if written < len(urls) * 0.95:
        raise SystemExit(f"trafilatura wrote {written} files for {len(urls)} URLs")
    return elapsed, peak


_RUNS = itertools.count(1)


def fresh(folder: Path) -> Path:
    """A folder of its own for one run, beside `folder` (`work-1`, `work-2`, …), never
    deleted before the script ends.

    This machine's ext4 has no journal, and there a new inode skips every inode
    freed lately (up to 5 minutes, while its inode table block is not written
    back), looking each up in the buffer cache. Deleting the last run's copy just
    before a run made every file the run created cost a scan of those: 500 empty
    files took 0.19-0.27 s of system time right after the runs' deletions, 0.01 s
    four minutes later. `perf` put 17 % of a re-harvest's CPU in
    `find_inode_bit`/`recently_deleted`, and its workers' system time fell from
    0.45-0.67 to 0.19-0.21 s once nothing was deleted during the rounds. Every
    row paid it, each by the files it creates, whatever the load of the last
    few minutes had been."""
    return folder.parent / f"{folder.name}-{next(_RUNS)}"


PROBE_FILES = 200
QUIET_CREATE_SECONDS = 0.02
"""System time `PROBE_FILES` new empty files may take when nothing was deleted lately (500 took 0.01 s here)."""


def wait_for_quiet_disk(scratch: Path, limit: float = 330.0) -> None:
    """Wait (up to `limit` s) until new files are cheap again: files deleted in the last
    minutes, by another benchmark or a test run, make every new one slow (`fresh`)."""
    started = time.monotonic()
    said = False
    while True:
        probe = fresh(scratch / "probe")
        probe.mkdir()
        before = os.times().system
        for number in range(PROBE_FILES):
            (probe / str(number)).touch()
        cost = os.times().system - before
        if cost <= QUIET_CREATE_SECONDS:
            return
        if time.monotonic() - started > limit:
            print(f"warning: {PROBE_FILES} new files still take {cost:.2f} s; timing anyway", file=sys.stderr)
            return
        if not said:
            print(
                f"waiting for the disk: {PROBE_FILES} new files took {cost:.2f} s of system time"
                " (files deleted in the last minutes slow every new one)",
                file=sys.stderr,
                flush=True,
            )
            said = True
        time.sleep(15)


def median(values: list[float]) -> float:
    return statistics.median(values)


def children_cpu() -> float:
    """User + system CPU seconds of the finished child processes so far (their own
    children included: clipper's extraction workers, trafilatura's)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def phased(site: Site, run, *args):
    """`run(*args)`'s result (its first item the run's wall time, which ended as it returned)
    and two phases of it: from its start to the servers' first request (the command's
    start-up: imports, the vault scan, the client), and from their last request to its
    end (the last pages' work, the digest, the exit)."""
    site.asked.clear()
    result = run(*args)
    ended = time.perf_counter()
    if not site.asked:
        return result, 0.0, 0.0
    return result, site.asked[0] - (ended - result[0]), ended - site.asked[-1]


def timed_cpu(run, *args):
    """`run(*args)`'s result and the CPU seconds its processes used."""
    before = children_cpu()
    result = run(*args)
    return result, children_cpu() - before


# --------------------------------------------------------------------------- scenarios


def main_bench(args, site: Site, bases: list[str], scratch: Path, cache: dict) -> None:
    site.size = args.page_size
    site.version.clear()
    unchanged_vault = scratch / f"vault-{args.notes}"
    generate_vault(unchanged_vault, bases, args.notes, args.page_size, cache)
    changed_vault = scratch / f"vault-{args.changed_notes}-changed"
    urls = generate_vault(changed_vault, bases, args.changed_notes, args.page_size, cache)
    config = trafilatura_config(scratch)

    rows = []
    times, peaks, cpus = [], [], []
    for _ in range(args.reps):
        (elapsed, peak, summary), cpu = timed_cpu(reharvest, unchanged_vault, scratch / "work")
        times.append(elapsed)
        peaks.append(peak)
        cpus.append(cpu)
    rows.append(
        (f"clip reharvest, {args.notes} notes, all 304", median(times), median(cpus), median(peaks), None, summary)
    )

    site.version.update({n: 2 for n in range(args.changed_notes)})
    runs: dict[str, list[tuple[float, float, float, float, float]]] = {"reharvest": [], "trafilatura": [], "from": []}
    """Each row's runs: (wall s, CPU s, peak MB, start-up s, end s)."""
    if args.before:
        runs |= {"reharvest before": [], "from before": []}
    for _ in range(args.reps):  # alternately, so the machine's load hits every row alike
        ((elapsed, peak, summary), head, tail), cpu = timed_cpu(
            phased, site, reharvest, changed_vault, scratch / "work"
        )
        runs["reharvest"].append((elapsed, cpu, peak, head, tail))
        if args.before:
            ((elapsed, peak, _), head, tail), cpu = timed_cpu(
                phased, site, reharvest, changed_vault, scratch / "work", args.before
            )
            runs["reharvest before"].append((elapsed, cpu, peak, head, tail))
        ((elapsed, peak), head, tail), cpu = timed_cpu(phased, site, run_trafilatura, urls, scratch, config)
        runs["trafilatura"].append((elapsed, cpu, peak, head, tail))
        ((elapsed, peak, batch_summary), head, tail), cpu = timed_cpu(phased, site, clip_from, urls, scratch / "batch")
        runs["from"].append((elapsed, cpu, peak, head, tail))
        if args.before:
            ((elapsed, peak, _), head, tail), cpu = timed_cpu(
                phased, site, clip_from, urls, scratch / "batch", args.before
            )
            runs["from before"].append((elapsed, cpu, peak, head, tail))
    site.version.clear()
    wall, cpu, peak, head, tail = (
        {name: median([run[k] for run in values]) for name, values in runs.items()} for k in range(5)
    )
    labels = [
        ("reharvest", f"clip reharvest, {args.changed_notes} notes, all changed", summary),
        ("from", f"clip --from, {args.changed_notes} URLs, empty vault", batch_summary),
        ("trafilatura", f"trafilatura --parallel 2, {args.changed_notes} URLs", ""),
    ]
    if args.before:
        labels[2:2] = [
            ("reharvest before", "  reharvest all changed, --before code", ""),
            ("from before", "  --from, --before code", ""),
        ]
    for name, label, shown in labels:
        rows.append((label, wall[name], cpu[name], peak[name], wall[name] / wall["trafilatura"], shown))

    print(
        f"vault re-harvest, {args.hosts} loopback hosts, pages ~{args.page_size // 1000} KB, "
        f"median of {args.reps} runs ({os.cpu_count()} cores)"
    )
    print(f"{'run':<46}{'wall s':>8}{'CPU s':>7}{'peak MB':>9}{'/ trafilatura':>15}  clip summary")
    for name, wall_s, cpu_s, peak_mb, ratio, summary in rows:
        shown = f"{ratio:.2f}" if ratio is not None else "-"
        print(f"{name:<46}{wall_s:>8.2f}{cpu_s:>7.2f}{peak_mb:>9.0f}{shown:>15}  {summary}")
    cpu_ratios = {name: cpu[name] / cpu["trafilatura"] for name in runs if name != "trafilatura"}
    print("CPU / trafilatura's: " + ", ".join(f"{name} {ratio:.2f}" for name, ratio in cpu_ratios.items()))
    print("each run / the trafilatura run of its round (median, quartiles): " + paired_ratios(runs))
    pages = {name: median([run[0] - run[3] - run[4] for run in values]) for name, values in runs.items()}
    print(
        "start-up (start to first request) + pages (first to last request) + end (last request to exit), "
        "medians: " + ", ".join(f"{name} {head[name]:.2f} + {pages[name]:.2f} + {tail[name]:.2f} s" for name in runs)
    )


def paired_ratios(runs: dict[str, list[tuple[float, ...]]]) -> str:
    """Each run's wall time over that of the trafilatura run made in the same round, the
    median and quartiles over the rounds: the load drifting from one round to the next
    moves both runs of a round alike, which a ratio of two medians does not cancel."""
    shown = []
    for name, values in runs.items():
        if name == "trafilatura":
            continue
        ratios = sorted(run[0] / peer[0] for run, peer in zip(values, runs["trafilatura"]))
        low, high = ratios[len(ratios) // 4], ratios[(3 * len(ratios)) // 4]
        shown.append(f"{name} {median(ratios):.2f} ({low:.2f}-{high:.2f})")
    return ", ".join(shown)


def scaling_bench(args, site: Site, bases: list[str], scratch: Path, cache: dict) -> None:
    print(f"scaling: vault size (pages ~10 KB), {args.hosts} hosts, median of {args.reps} runs")
    print(f"{'notes':>6}{'304 s':>8}{'304 ms/note':>13}{'304 MB':>8}{'changed s':>11}{'ms/note':>9}{'chg MB':>8}")
    site.size = 10_000
    for count in (1000, 2000, 5000):
        vault = scratch / f"scale-{count}"
        generate_vault(vault, bases, count, 10_000, cache)
        site.version.clear()
        same = [reharvest(vault, scratch / "work") for _ in range(args.reps)]
        site.version.update({n: 2 for n in range(count)})
        changed = [reharvest(vault, scratch / "work") for _ in range(args.reps)]
        site.version.clear()
        s_time, s_peak = median([r[0] for r in same]), median([r[1] for r in same])
        c_time, c_peak = median([r[0] for r in changed]), median([r[1] for r in changed])
        print(
            f"{count:>6}{s_time:>8.2f}{1000 * s_time / count:>13.2f}{s_peak:>8.0f}"
            f"{c_time:>11.2f}{1000 * c_time / count:>9.2f}{c_peak:>8.0f}",
            flush=True,
        )

    print(f"\nscaling: page size (all pages changed), {args.hosts} hosts, median of {args.reps} runs")
    print(
        f"{'page':>8}{'notes':>7}{'clip s':>8}{'ms/page':>9}{'ms/MB':>8}{'MB':>6}"
        f"{'trafilatura s':>15}{'ms/page':>9}{'ratio':>7}"
    )
    config = trafilatura_config(scratch)
    for size, count in ((10_000, 200), (100_000, 100), (1_000_000, 20), (5_000_000, 8)):
        site.size = size
        site.version.clear()
        cache_for_size: dict = {}
        vault = scratch / f"size-{size}"
        urls = generate_vault(vault, bases, count, size, cache_for_size)
        site.version.update({n: 2 for n in range(count)})
        clip_runs = [reharvest(vault, scratch / "work") for _ in range(args.reps)]
        traf_runs = [run_trafilatura(urls, scratch, config) for _ in range(args.reps)]
        site.version.clear()
        c_time, c_peak = median([r[0] for r in clip_runs]), median([r[1] for r in clip_runs])
        t_time = median([r[0] for r in traf_runs])
        per_page = 1000 * c_time / count
        print(
            f"{_size(size):>8}{count:>7}{c_time:>8.2f}{per_page:>9.1f}{per_page / (size / 1e6):>8.0f}"
            f"{c_peak:>6.0f}{t_time:>15.2f}{1000 * t_time / count:>9.1f}{c_time / t_time:>7.2f}",
            flush=True,
        )


def _size(size: int) -> str:
    return f"{size // 1_000_000} MB" if size >= 1_000_000 else f"{size // 1000} KB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=1000, help="notes in the unchanged (304) vault")
    parser.add_argument("--changed-notes", type=int, default=300, help="notes whose pages all changed")
    parser.add_argument("--hosts", type=int, default=4, help="loopback hosts 127.0.0.2…")
    parser.add_argument("--reps", type=int, default=3, help="runs per row (median reported)")
    parser.add_argument("--page-size", type=int, default=10_000, help="bytes per page")
    parser.add_argument(
        "--before",
        type=Path,
        help="a `src` folder of other clipper code (`git archive REV src`): its clip runs beside, alternately",
    )
    parser.add_argument("--scaling", action="store_true", help="vault sizes 1k/2k/5k, page sizes 10 KB…5 MB")
    args = parser.parse_args()

    byte_compile_clipper()
    if args.before:  # compiled too, or its every start would compile it
        import compileall

        compileall.compile_dir(args.before, quiet=1)
    site = Site()
    bases = start_servers(site, args.hosts)
    scratch = Path(tempfile.mkdtemp(prefix="clipper-vault-bench-"))
    cache: dict = {}
    try:
        wait_for_quiet_disk(scratch)
        if args.scaling:
            scaling_bench(args, site, bases, scratch, cache)
        else:
            main_bench(args, site, bases, scratch, cache)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
