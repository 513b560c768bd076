"""Clipping a list of real pages, next to trafilatura's batch mode, against local servers.

    .venv/bin/python bench/batch.py [--bench ../shared/bench/article-extraction] [--copies 2] [--hosts 4] [--reps 3]

Serves the real news and blog pages of `--bench` (`html/<id>.html.gz`), each
`--copies` times under its own path (`/p/<copy>/<id>`), from a threaded
stdlib HTTP server on each of 127.0.0.2 … 127.0.0.(1 + `--hosts`). Nothing
leaves the machine: every absolute address in a page (`https://…`, `//…`) is
rewritten to the page's own server (`/ext/…`), and the server answers every
path that is not a page with a small PNG, so each image a page shows is a
local download of its own (and links are never followed by either tool).

Then, alternately, `--reps` times each, in fresh processes:

- `clip --from urls.txt --vault EMPTY --delay 0` (pages fetched, extracted,
  images saved, notes and state rows written);
- `trafilatura --input-file urls.txt --output-dir out --parallel 2
  --config-file cfg` (trafilatura 2.3.1's settings with SLEEP_TIME = 0 and
  SSRF_PROTECTION = off; text only, no image).

Prints the median wall time and CPU time (user + system of the process tree) of
each, and the ratios clip / trafilatura.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from vault import BIN, PNG, byte_compile_clipper, children_cpu, fresh, trafilatura_config, wait_for_quiet_disk  # noqa: E402

RUN_LIMIT = 600.0
ABSOLUTE = re.compile(rb"""(?P<quote>["'(=\s,])(?:https?:)?//(?=[A-Za-z0-9])""")


def local_pages(bench: Path) -> dict[str, bytes]:
    """Page id -> its HTML with every absolute address made relative to `/ext/`."""
    pages = {}
    for path in sorted((bench / "html").glob("*.html.gz")):
        html = gzip.decompress(path.read_bytes())
        pages[path.name.removesuffix(".html.gz")] = ABSOLUTE.sub(rb"\g<quote>/ext/", html)
    return pages


def start_servers(pages: dict[str, bytes], hosts: int) -> list[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            # headers and body go out in two writes: without this, Nagle's algorithm holds
            # the body until the client's delayed ACK (40 ms a small answer, an image say)
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def do_GET(self) -> None:  # noqa: N802
            parts = self.path.split("?")[0].split("/")
            page = pages.get(parts[3]) if len(parts) == 4 and parts[1] == "p" else None
            body, kind = (page, "text/html; charset=utf-8") if page is not None else (PNG, "image/png")
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    bases = []
    for index in range(hosts):
        server = http.server.ThreadingHTTPServer((f"127.0.0.{2 + index}", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        bases.append(f"http://127.0.0.{2 + index}:{server.server_address[1]}")
    return bases


def timed(command: list[str], cwd: Path, ok_codes: tuple[int, ...] = (0,)) -> tuple[float, float, str]:
    """(wall s, CPU s, last line of standard error) of `command`."""
    started, cpu = time.perf_counter(), children_cpu()
    done = subprocess.run(command, cwd=cwd, capture_output=True, timeout=RUN_LIMIT, check=False)
    elapsed, cpu = time.perf_counter() - started, children_cpu() - cpu
    if done.returncode not in ok_codes:
        raise SystemExit(f"{command[0]} exited {done.returncode}: {done.stderr[-800:]!r}")
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return elapsed, cpu, lines[-1] if lines else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--bench", type=Path, default=Path(__file__).resolve().parents[2] / "shared/bench/article-extraction"
    )
    parser.add_argument("--copies", type=int, default=2, help="times each page is listed (under its own path)")
    parser.add_argument("--hosts", type=int, default=4)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()

    byte_compile_clipper()
    pages = local_pages(args.bench)
    bases = start_servers(pages, args.hosts)
    urls = [
        f"{bases[n % len(bases)]}/p/{copy}/{page}"
        for copy in range(args.copies)
        for n, page in enumerate(sorted(pages))
    ]
    scratch = Path(tempfile.mkdtemp(prefix="clipper-batch-bench-"))
    try:
        listing = scratch / "urls.txt"
        listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
        config = trafilatura_config(scratch)
        wait_for_quiet_disk(scratch)
        clip_times, traf_times, clip_cpus, traf_cpus, summary = [], [], [], [], ""
        for _ in range(args.reps):
            vault = fresh(scratch / "vault")  # nothing deleted between runs: `vault.fresh`
            vault.mkdir()
            command = [str(BIN / "clip"), "--from", str(listing), "--vault", str(vault), "--delay", "0"]
            elapsed, cpu, summary = timed(command, scratch, ok_codes=(0, 6))
            clip_times.append(elapsed)
            clip_cpus.append(cpu)
            out = fresh(scratch / "traf-out")
            command = [str(BIN / "trafilatura"), "--input-file", str(listing), "--output-dir", str(out)]
            elapsed, cpu, _ = timed([*command, "--parallel", "2", "--config-file", str(config)], scratch)
            traf_times.append(elapsed)
            traf_cpus.append(cpu)
        clip_s, traf_s = statistics.median(clip_times), statistics.median(traf_times)
        clip_cpu, traf_cpu = statistics.median(clip_cpus), statistics.median(traf_cpus)
        print(
            f"batch clip of real pages: {len(urls)} URLs ({len(pages)} pages x {args.copies}), "
            f"{args.hosts} loopback hosts, median of {args.reps} runs ({os.cpu_count()} cores)"
        )
        print(f"{'run':<40}{'wall s':>8}{'/ trafilatura':>15}{'CPU s':>8}{'/ trafilatura':>15}  summary")
        print(
            f"{'clip --from --delay 0':<40}{clip_s:>8.2f}{clip_s / traf_s:>15.2f}"
            f"{clip_cpu:>8.2f}{clip_cpu / traf_cpu:>15.2f}  {summary}"
        )
        print(f"{'trafilatura --parallel 2':<40}{traf_s:>8.2f}{1.0:>15.2f}{traf_cpu:>8.2f}{1.0:>15.2f}")
        print(
            f"runs (s): clip {', '.join(f'{t:.2f}' for t in clip_times)}; "
            f"trafilatura {', '.join(f'{t:.2f}' for t in traf_times)}"
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
