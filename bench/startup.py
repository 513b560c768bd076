"""Start-up cost of `clip`, next to its peer, in fresh processes.

    .venv/bin/python bench/startup.py [--reps 15]

Times, in fresh processes and interleaved so machine load hits every row
alike, `python -c pass`, `python -c "import click"`, `clip --help`,
`clip --version` and `trafilatura --help`; prints the median wall time of
each and the ratio clip/trafilatura. Then times one end-to-end clip of the
saved example page (`examples/cs25/index.html`, images read from disk beside
it: no network) into a temporary vault, and checks with `python -X importtime`
that `clip --help` imports nothing heavy (httpx, lxml, bs4, rich, trafilatura…).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HEAVY = (
    "httpx",
    "lxml",
    "bs4",
    "rich",
    "trafilatura",
    "charset_normalizer",
    "frontmatter",
    "yaml",
    "markdownify",
    "sqlite3",
    "importlib.metadata",
    "email",
    "clipper.fetch",
    "clipper.extract",
    "clipper.render",
    "playwright",
)
GOAL_HELP = 0.15


def timed(command: list[str], env: dict | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return elapsed


def heavy_imports(argv: list[str]) -> list[str]:
    """Modules from HEAVY that `clip <argv>` imports (python -X importtime)."""
    script = f"import sys; sys.argv = ['clip', *{argv!r}]; from clipper.cli import main; sys.exit(main())"
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", script], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    names = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    return sorted(name for name in names if name.split(".")[0] in HEAVY or name in HEAVY)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=15, help="fresh processes per row (median reported)")
    parser.add_argument("--clip-reps", type=int, default=5, help="end-to-end clips (median reported)")
    args = parser.parse_args()

    python = sys.executable
    rows = {
        "python -c pass": [python, "-c", "pass"],
        "python -c 'import click'": [python, "-c", "import click"],
        "clip --help": [str(BIN / "clip"), "--help"],
        "clip --version": [str(BIN / "clip"), "--version"],
        "trafilatura --help": [str(BIN / "trafilatura"), "--help"],
    }
    for command in rows.values():  # warm the OS caches and __pycache__
        timed(command)
    times: dict[str, list[float]] = {name: [] for name in rows}
    for _ in range(args.reps):
        for name, command in rows.items():
            times[name].append(timed(command))
    medians = {name: statistics.median(values) for name, values in times.items()}
    peer = medians["trafilatura --help"]

    print(f"start-up, median of {args.reps} fresh processes each ({os.cpu_count()} cores)")
    print(f"{'command':<28}{'median s':>10}{'min s':>9}{'/ trafilatura':>15}")
    for name in rows:
        print(f"{name:<28}{medians[name]:>10.3f}{min(times[name]):>9.3f}{medians[name] / peer:>15.2f}")

    example = ROOT / "examples" / "cs25" / "index.html"
    clip_times = []
    for _ in range(args.clip_reps):
        vault = Path(tempfile.mkdtemp(prefix="clipper-bench-"))
        try:
            clip_times.append(
                timed(
                    [
                        str(BIN / "clip"),
                        str(example),
                        "--source",
                        "https://web.stanford.edu/class/cs25/",
                        "--vault",
                        str(vault),
                        "--date",
                        "2024-04-18",
                    ]
                )
            )
        finally:
            shutil.rmtree(vault, ignore_errors=True)
    print(
        f"{'clip examples/cs25 (e2e)':<28}{statistics.median(clip_times):>10.3f}{min(clip_times):>9.3f}"
        f"{statistics.median(clip_times) / peer:>15.2f}"
    )

    verdict = "ok" if medians["clip --help"] <= GOAL_HELP else "MISSED"
    print(f"goal clip --help <= {GOAL_HELP} s: {verdict}")
    for argv in (["--help"], ["--version"]):
        heavy = heavy_imports(argv)
        print(f"heavy imports in clip {' '.join(argv)}: {', '.join(heavy) if heavy else 'none'}")


if __name__ == "__main__":
    main()
