"""The engine's extraction workers: answers, errors and a dead worker reach the
caller; the workers end with the run. Its map of many pages: every result once,
and on Ctrl-C no page more started, those written reported."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from clipper.engine import ForkedWorkers, bounded_map, for_each
from clipper.errors import ExtractionError


def _fail(url: str) -> None:
    raise ExtractionError("no content", url)


def test_workers_answer_raise_and_end_with_the_pool() -> None:
    with ForkedWorkers(2) as workers:
        assert [workers.submit(pow, n, 2).result() for n in range(20)] == [n * n for n in range(20)]
        with pytest.raises(ExtractionError, match="no content"):
            workers.submit(_fail, "https://example.org/x").result()
        assert workers.submit(os.getpid).result() != os.getpid()
        processes = list(workers._processes)
    assert not any(process.is_alive() for process in processes)


def test_a_dead_worker_breaks_the_pool_without_hanging_the_others() -> None:
    with ForkedWorkers(2) as workers:
        with pytest.raises(BrokenProcessPool):
            workers.submit(os._exit, 1).result()
        with pytest.raises(BrokenProcessPool):
            workers.submit(pow, 2, 2).result()


def _square_after(n: int) -> tuple[int, int]:
    time.sleep((n % 5) / 1000)  # answers of uneven length, so tasks queue behind each other
    return n, n * n


def test_tasks_queued_behind_each_other_get_their_own_answers() -> None:
    """Many threads at once, two tasks waiting per worker: no page gets another's extraction."""
    with ForkedWorkers(2) as workers, ThreadPoolExecutor(16) as threads:
        answers = list(threads.map(lambda n: workers.submit(_square_after, n).result(), range(200)))
    assert answers == [(n, n * n) for n in range(200)]


def _die_after(delay: float) -> None:
    time.sleep(delay)
    os._exit(1)


def test_a_worker_dying_with_a_task_queued_fails_both_without_hanging() -> None:
    with ForkedWorkers(1) as workers, ThreadPoolExecutor(4) as threads:
        first = threads.submit(lambda: workers.submit(_die_after, 0.2).result())
        time.sleep(0.05)
        queued = threads.submit(lambda: workers.submit(pow, 2, 2).result())
        for future in (first, queued):
            with pytest.raises(BrokenProcessPool):
                future.result(timeout=10)


def test_a_task_that_does_not_pickle_fails_alone() -> None:
    with ForkedWorkers(1) as workers:
        with pytest.raises((pickle.PicklingError, AttributeError, TypeError), match="pickle"):  # as pickle raises them
            workers.submit(pow, lambda: None, 2).result()
        assert workers.submit(pow, 3, 2).result() == 9


def _pid_after(delay: float) -> int:
    time.sleep(delay)
    return os.getpid()


def _gone(pid: int) -> bool:
    """No such process, or one that has exited and waits to be reaped (a zombie)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):  # gone before, or while, it was read
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def test_every_worker_serves_and_all_end_with_the_pool() -> None:
    """The first worker forks the others: all of them take tasks, and all are gone after the pool."""
    with ForkedWorkers(3) as workers, ThreadPoolExecutor(3) as threads:
        pids = set(threads.map(lambda _: workers.submit(_pid_after, 0.3).result(), range(3)))
    assert len(pids) == 3 and os.getpid() not in pids
    assert all(_gone(pid) for pid in pids)


WORKERS_OF_A_RUN = """
import os, sys, time
from concurrent.futures import ThreadPoolExecutor
from clipper.engine import extraction_pool

def imported(names):
    return [name for name in names if name in sys.modules]

def pid_after(delay):
    time.sleep(delay)
    return os.getpid()

with extraction_pool() as workers, ThreadPoolExecutor(2) as threads:
    print(workers.submit(imported, ["clipper.extract.course", "clipper.refresh", "httpx"]).result())
    print(imported(["clipper.extract.course", "httpx"]))
    print(sorted(set(threads.map(lambda _: workers.submit(pid_after, 0.3).result(), range(2)))), flush=True)
    sys.stdin.read()
"""


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one core: extraction runs in the run's own process")
def test_the_workers_import_the_extraction_and_end_when_the_run_is_killed() -> None:
    """The run's process forks its workers first and imports no extractor; they
    import theirs (and no fetcher), and none outlives the run killed."""
    command = [sys.executable, "-c", WORKERS_OF_A_RUN]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as run:
        assert run.stdout is not None
        in_the_workers, in_the_run, pids = (eval(run.stdout.readline()) for _ in range(3))
        run.kill()
    assert in_the_workers == ["clipper.extract.course", "clipper.refresh"]
    assert in_the_run == []
    assert len(pids) == 2  # the first worker and the one it forked
    deadline = time.monotonic() + 5
    while not all(_gone(pid) for pid in set(pids)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(_gone(pid) for pid in set(pids)), "a worker outlived the killed run"


def test_an_interrupt_while_a_result_is_handled_still_reports_every_page_started() -> None:
    """Ctrl-C that lands while the caller handles a result (printing it), not while the
    engine waits: no other page starts, and each page started is handled before it goes on."""
    started: list[int] = []
    handled: list[int] = []

    def page(number: int) -> int:
        started.append(number)
        time.sleep(0.0 if number == 0 else 0.2)
        return number

    def handle(number: int) -> None:
        handled.append(number)
        if len(handled) == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        for_each(bounded_map(page, range(40), 4), handle)
    assert len(started) <= 8
    assert sorted(handled) == sorted(started)


def test_bounded_map_gives_every_result_once() -> None:
    assert sorted(bounded_map(lambda n: n * 2, range(100), 3)) == [n * 2 for n in range(100)]


# --- Ctrl-C: no page more is started, those running finish and are reported ---------


def _lesson(number: int, words: str = "") -> str:
    return (
        f"<html><head><title>Leçon {number}</title></head><body><article><h1>Leçon {number}</h1>"
        f"<p>La leçon numéro {number} parle des marées et des courants côtiers, avec assez de mots "
        f"pour faire un vrai paragraphe de contenu. {words}</p></article></body></html>"
    )


def _interrupted(command: list[str], site, started_pages: int) -> tuple[int, float, str]:
    """`command` in a process of its own, Ctrl-C once `started_pages` pages were asked:
    (exit code, seconds from the interrupt to the exit, what it printed)."""
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # the default even in a background suite
    )
    deadline = time.monotonic() + 20
    while len(site.paths()) < started_pages and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    interrupted = time.monotonic()
    output, _ = process.communicate(timeout=30)
    return process.returncode, time.monotonic() - interrupted, output.decode()


PAGES = 20
SLOW = 1.0
"""Seconds each page takes to answer; two at a time, the whole batch would take 10 s."""


@pytest.mark.parametrize("command", ["from", "reharvest"])
@pytest.mark.parametrize(
    "limits",
    [("--jobs", "2"), ("--jobs", "8", "--per-host", "2")],
    ids=["two threads", "six threads waiting at the per-host gate"],
)
def test_ctrl_c_starts_no_other_page_and_reports_the_notes_written(site, vault, tmp_path, command, limits):
    urls = [site.set(f"/lecon-{n}", _lesson(n)) for n in range(PAGES)]
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
    clip = [sys.executable, "-m", "clipper"]
    if command == "reharvest":
        done = subprocess.run([*clip, "--from", str(listing), "--vault", str(vault), "--delay", "0"], check=False)
        assert done.returncode == 0
        for n in range(PAGES):
            site.set(f"/lecon-{n}", _lesson(n, "Une phrase ajoutée depuis."))
        site.requests.clear()
        args = [*clip, "reharvest", "--vault", str(vault), "--delay", "0", *limits]
    else:
        args = [*clip, "--from", str(listing), "--vault", str(vault), "--delay", "0", *limits]
    for n in range(PAGES):
        site.slow[f"/lecon-{n}"] = SLOW

    code, stopping, printed = _interrupted(args, site, started_pages=2)

    assert code == 130, printed
    assert stopping < 2 * SLOW + 1.5  # the two pages running finish; no other one starts
    asked = [path for path in site.paths() if path.startswith("/lecon-")]
    assert len(asked) <= 4, asked
    notes = sorted((vault / "vault").glob("*.md"))
    if command == "reharvest":
        updated = [note for note in notes if "Une phrase ajoutée" in note.read_text(encoding="utf-8")]
        assert 1 <= len(updated) <= len(asked)
    else:
        updated = notes
        assert 1 <= len(notes) <= len(asked)
    for note in updated:  # each note written is reported
        assert note.name in printed, printed
    assert not [p for p in vault.rglob("*") if p.name.startswith(".") and p.suffix == ".tmp"]
