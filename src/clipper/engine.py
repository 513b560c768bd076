"""The concurrent engine of the commands that get many pages: the re-harvest and
the batch clip (`clip --from`, several URLs).

    bounded_map(function, items, jobs)   results as they complete, a bounded queue
    HostGate(per_host, delay)            at most `per_host` at once per host, `delay` apart
    extraction_pool()                    one forked worker per core for extraction
    Budget(limit)                        bytes of pages in flight
    WriteLocks(layout)                   notes of different pages written at once

One failure never stops the others: `function` reports its own failures in its
result; only what it does not catch (a bug) reaches the caller.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from clipper.extract import registry
from clipper.vault import vault_lock

if TYPE_CHECKING:
    from clipper.vault import VaultLayout

Item = TypeVar("Item")
Result = TypeVar("Result")

IN_FLIGHT_PER_JOB = 4
"""Notes queued per fetching thread; the rest are read from the database when needed."""


def bounded_map(function: Callable[[Item], Result], items: Iterable[Item], jobs: int) -> Iterator[Result]:
    """`function` over `items` in `jobs` threads, results in order of completion,
    with at most `jobs * IN_FLIGHT_PER_JOB` items taken from `items` at a time
    (`ThreadPoolExecutor.map` would take them all at once, a future each)."""

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        pending: set[Future[Result]] = set()
        for item in items:
            pending.add(pool.submit(function, item))
            if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield future.result()
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()


def return_large_blocks_to_the_system() -> None:
    """Keep glibc's malloc giving blocks over 128 KB their own mapping, released when freed.

    glibc raises that threshold to the largest block freed so far (up to 32 MB),
    after which big page texts are carved out of the threads' heaps and stay
    there: with 5 MB pages the run's peak went from 157 to 338 MB. Fixing the
    threshold (what `MALLOC_MMAP_THRESHOLD_` would do) turns that off; the
    workers inherit it. Anything but glibc: nothing to do.
    """

    m_mmap_threshold = -3
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(m_mmap_threshold, 128 * 1024)
    except (OSError, AttributeError):
        pass


def extraction_pool() -> Executor:
    """One worker process per core (at most 4) for extraction, forked now, while
    the process has no other thread; in-thread extraction on a single core."""

    cores = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 4)
    if cores < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return InlineExecutor()
    # imported once, before the fork: the workers inherit the modules instead of
    # each importing them again (0.1 s of CPU a worker)

    registry()
    pool = ProcessPoolExecutor(
        cores, mp_context=multiprocessing.get_context("fork"), initializer=_exit_with_parent, initargs=(os.getpid(),)
    )
    for _ in range(cores):  # a fork-context pool forks all its workers on the first submit
        pool.submit(int).result()
    return pool


def _exit_with_parent(parent: int) -> None:
    """In an extraction worker: exit as soon as the run's process is gone (even killed)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


class InlineExecutor(Executor):
    """Runs each task in the calling thread (one core: no worker is worth forking)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # noqa: BLE001 — handed to the caller through the future
            future.set_exception(error)
        return future


class Budget:
    """A counting semaphore over sizes. `take(n)` waits until `n` fits under the
    limit (or nothing else is taken, so one oversized item still goes); the
    holder may `grow` its share afterwards without waiting."""

    def __init__(self, limit: int) -> None:
        self._limit, self._used = limit, 0
        self._free = threading.Condition()

    @contextmanager
    def take(self, amount: int) -> Iterator[Callable[[int], None]]:
        with self._free:
            while self._used and self._used + amount > self._limit:
                self._free.wait()
            self._used += amount
        held = [amount]

        def grow(extra: int) -> None:
            if extra > 0:
                with self._free:
                    self._used += extra
                held[0] += extra

        try:
            yield grow
        finally:
            with self._free:
                self._used -= held[0]
                self._free.notify_all()


class HostGate:
    """At most `per_host` requests at once to a host, started `delay` s apart."""

    def __init__(self, per_host: int, delay: float) -> None:
        self._per_host = max(1, per_host)
        self._delay = max(0.0, delay)
        self._lock = threading.Lock()
        self._slots: dict[str, threading.Semaphore] = {}
        self._next_start: dict[str, float] = {}

    def __call__(self, host: str) -> _GateSlot:
        return _GateSlot(self, host)

    def _enter(self, host: str) -> None:
        with self._lock:
            slot = self._slots.setdefault(host, threading.Semaphore(self._per_host))
        slot.acquire()
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start.get(host, now))
            self._next_start[host] = start + self._delay
        if start > now:
            time.sleep(start - now)

    def _leave(self, host: str) -> None:
        self._slots[host].release()


class _GateSlot:
    def __init__(self, gate: HostGate, host: str) -> None:
        self.gate, self.host = gate, host

    def __enter__(self) -> None:
        self.gate._enter(self.host)

    def __exit__(self, *exc_info: object) -> None:
        self.gate._leave(self.host)


class WriteLocks:
    """`locks(source)`: the vault's `write` lock, shared with the other threads of
    the run (a `clip` in another process, which takes it exclusively, waits for
    them all), and the lock of `source` (its notes, its history folder) for the
    calling thread alone. Notes of different pages are written at once."""

    def __init__(self, layout: VaultLayout) -> None:
        self._layout = layout
        self._locks: dict[str, tuple[threading.Lock, int]] = {}
        self._guard = threading.Lock()

    @contextmanager
    def __call__(self, source: str) -> Iterator[None]:

        with self._guard:
            lock, users = self._locks.get(source, (threading.Lock(), 0))
            self._locks[source] = (lock, users + 1)
        try:
            with vault_lock(self._layout, "write", shared=True), lock:
                yield
        finally:
            with self._guard:
                lock, users = self._locks[source]
                if users == 1:
                    del self._locks[source]
                else:
                    self._locks[source] = (lock, users - 1)
