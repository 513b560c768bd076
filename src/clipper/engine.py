"""The concurrent engine of the commands that get many pages: the re-harvest and
the batch clip (`clip --from`, several URLs).

    bounded_map(function, items, jobs)   results as they complete, a bounded queue
    HostGate(per_host, delay)            at most `per_host` at once per host, `delay` apart
    extraction_pool()                    one forked worker per core for extraction (and
                                         the notes' file work, through `in_workers`)
    Budget(limit)                        bytes of pages in flight
    WriteLocks(layout)                   notes of different pages written at once
    in_workers(pool)                     a `refresh.Runner` of calls made in the pool

One failure never stops the others: `function` reports its own failures in its
result; only what it does not catch (a bug) reaches the caller.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from clipper.refresh import Runner
    from clipper.vault import VaultLayout

Item = TypeVar("Item")
Result = TypeVar("Result")

IN_FLIGHT_PER_JOB = 4
"""Notes queued per fetching thread; the rest are read from the database when needed."""


def bounded_map(
    function: Callable[[Item], Result],
    items: Iterable[Item],
    jobs: int,
    on_interrupt: Callable[[], None] = lambda: None,
) -> Generator[Result, None, None]:
    """`function` over `items` in `jobs` threads, results in order of completion,
    with at most `jobs * IN_FLIGHT_PER_JOB` items taken from `items` at a time
    (`ThreadPoolExecutor.map` would take them all at once, a future each).

    Finished futures land in one queue: `concurrent.futures.wait` would install a
    waiter on every pending future at each call (a sixth of a batch's GIL time).

    Ctrl-C (or the caller letting go of the results) starts no other item: those
    queued are cancelled, `on_interrupt` is called (`HostGate.close`: the items
    waiting at the gate raise `GateClosed`, and give no result), those running
    finish, and on Ctrl-C their results are still given before the interrupt goes
    on, so whatever was written is reported."""
    finished: queue.SimpleQueue[Future[Result]] = queue.SimpleQueue()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        pending = 0
        try:
            for item in items:
                pool.submit(function, item).add_done_callback(finished.put)
                pending += 1
                if pending >= jobs * IN_FLIGHT_PER_JOB:
                    future = finished.get()
                    pending -= 1
                    yield future.result()
            while pending:
                future = finished.get()
                pending -= 1
                yield future.result()
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)
            on_interrupt()
            for future in _the_rest(finished, pending):
                yield future.result()
            raise
        except GeneratorExit:
            pool.shutdown(wait=False, cancel_futures=True)
            on_interrupt()
            raise


def for_each(results: Generator[Result, None, None], handle: Callable[[Result], None]) -> None:
    """`handle` every result of `results` (a `bounded_map`). A Ctrl-C that comes while
    a result is being handled, not while the engine waits for one, is handed to the
    engine all the same: it starts no other page, and the results of those running
    are handled before the interrupt goes on. Let out of the loop instead, the
    interrupt closed the run's client and database under the pages still running."""
    try:
        for result in results:
            handle(result)
    except KeyboardInterrupt:
        try:
            rest = results.throw(KeyboardInterrupt)
            while True:
                handle(rest)
                rest = next(results)
        except (KeyboardInterrupt, StopIteration):
            pass
        raise


def _the_rest(finished: queue.SimpleQueue[Future[Result]], pending: int) -> Iterator[Future[Result]]:
    """The `pending` futures still to land in `finished`, less those cancelled or
    stopped at a closed gate."""
    for _ in range(pending):
        future = finished.get()
        if not future.cancelled() and not isinstance(future.exception(), GateClosed):
            yield future


def return_large_blocks_to_the_system() -> None:
    """Keep glibc's malloc giving blocks over 128 KB their own mapping, released when freed.

    glibc raises that threshold to the largest block freed so far (up to 32 MB),
    after which big page texts are carved out of the threads' heaps and stay
    there: with 5 MB pages the run's peak went from 157 to 338 MB. Fixing the
    threshold (what `MALLOC_MMAP_THRESHOLD_` would do) turns that off; the
    extraction workers set it too (`_first_worker`). Anything but glibc: nothing to do.
    """
    from clipper.vault import glibc  # not with the module: imported once the workers are forked

    m_mmap_threshold = -3
    try:
        libc = glibc()
        libc.mallopt(m_mmap_threshold, 128 * 1024)
    except (OSError, AttributeError):
        pass


def extraction_pool(*, import_first: bool = False) -> Executor:
    """One worker process per core (at most 4) for extraction, forked now, while
    the process has no other thread; in-thread extraction on a single core.

    Call it first and import the rest after: the first worker imports what the
    workers run (`_import_what_the_workers_run`) while this process imports the
    fetcher and the state, on the other core, then forks the other workers, which
    inherit the modules. Forked after this process's imports instead, the
    workers inherited them but the run started later by the extraction's imports.
    `import_first`: import them here before forking, as a library caller whose
    process may run threads must (a child forked then has nothing to import)."""
    cores = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 4)
    if cores < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return InlineExecutor()
    if import_first:
        _import_what_the_workers_run()
    return ForkedWorkers(cores, prepare=_import_what_the_workers_run)


def freeze_the_imports() -> None:
    """Take what is imported so far (some 27,000 objects: modules, functions,
    compiled patterns) out of the cyclic collector's care (`gc.freeze`): its full
    collections walk only what the run makes, and the exit does not walk them
    again (0.02-0.03 s of a batch's end). Called by the commands once their
    imports are done, and by the first worker before it forks the others."""
    gc.freeze()


def _import_what_the_workers_run() -> None:
    """The modules of the workers' tasks (a page's extraction, a note's draft and
    update), imported once, in the first worker, before it forks the others."""
    from clipper import acquire, pipeline, refresh  # noqa: F401 — the tasks' modules
    from clipper.extract import registry

    registry()  # the extractors, which the package imports when first asked


PAGES_QUEUED_PER_WORKER = 2
"""Tasks sent to a worker at once: the next page waits in its pipe while it extracts
one, so it never idles until a fetching thread gets the GIL back to send it one."""


class ForkedWorkers(Executor):
    """Forked worker processes, each on its own pipe; `submit` runs the task in the
    least busy worker while the calling thread waits (the GIL released), and
    returns the finished future. Each worker has up to `PAGES_QUEUED_PER_WORKER`
    tasks sent at once, answered in the order sent (`_WorkerPipe`): a worker that
    answers one has the next already waiting. With one task at a time, each
    worker waited for a thread of the run to get the GIL back (up to its 5 ms switch
    interval) between two pages, 40 % of a batch's time at load 9.

    What `ProcessPoolExecutor` adds to that — a manager thread, a wake-up pipe, a
    feeder thread, a queue shared by all workers — cost two fifths of a batch's
    GIL time on 10 KB pages; every caller here waits for its result anyway. The
    run forks the first worker, which forks the others (`_first_worker`). A
    worker exits when its pipe closes (the run ended or was killed) or the
    process that forked it is gone (the first worker watches the run, the others
    the first). A worker that dies mid-task breaks the pool (`BrokenProcessPool`,
    as `ProcessPoolExecutor` does)."""

    def __init__(self, workers: int, prepare: Callable[[], None] = lambda: None) -> None:
        context = multiprocessing.get_context("fork")
        self._free = threading.Condition()
        self._broken = False
        pairs = [context.Pipe() for _ in range(workers)]
        ours, theirs = [pair[0] for pair in pairs], [pair[1] for pair in pairs]
        first = context.Process(target=_first_worker, args=(theirs, ours, os.getpid(), prepare), daemon=True)
        try:
            first.start()
        except BaseException:
            for end in (*ours, *theirs):
                end.close()
            raise
        for end in theirs:
            end.close()
        self._pipes = [_WorkerPipe(end) for end in ours]
        self._processes: list[multiprocessing.process.BaseProcess] = [first]
        """The first worker; it forked the others, and waits for them before it exits."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        pipe = self._least_busy()
        if pipe is None:
            future.set_exception(BrokenProcessPool("an extraction worker died"))
            return future
        try:
            succeeded, value = pipe.call((fn, args, kwargs))
        except (EOFError, OSError) as error:
            with self._free:
                self._broken = True
                self._free.notify_all()
            future.set_exception(BrokenProcessPool(f"an extraction worker died: {error!r}"))
            return future
        except Exception as error:  # noqa: BLE001 — a task that does not pickle fails alone
            future.set_exception(error)
            return future
        finally:
            with self._free:
                pipe.tasks -= 1
                self._free.notify()
        if succeeded:
            future.set_result(value)
        else:
            future.set_exception(value)
        return future

    def _least_busy(self) -> _WorkerPipe | None:
        """The worker with the fewest tasks, once it has room for one more (None once broken)."""
        with self._free:
            while not self._broken:
                pipe = min(self._pipes, key=lambda candidate: candidate.tasks)
                if pipe.tasks < PAGES_QUEUED_PER_WORKER:
                    pipe.tasks += 1
                    return pipe
                self._free.wait()
        return None

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        for pipe in self._pipes:
            pipe.connection.close()
        if wait:
            for process in self._processes:
                process.join(5)
                if process.is_alive():
                    process.kill()
                    process.join()


class _WorkerPipe:
    """The run's end of one worker's pipe: tasks sent one after the other, each
    caller then reading its own answer when its turn comes (the worker answers in
    the order it was sent them). A pipe that failed fails every later caller."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.tasks = 0
        """Tasks sent or about to be, not yet answered (kept under the pool's lock)."""
        self._sending = threading.Lock()
        self._turn = threading.Condition()
        self._sent = 0
        self._answered = 0
        self._failed: BaseException | None = None

    def call(self, task: tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]) -> tuple[bool, Any]:
        """The worker's (succeeded, value) for `task`. A task that does not pickle
        raises here and takes no turn: nothing of it reached the pipe."""
        payload = ForkingPickler.dumps(task)  # what `Connection.send` sends, made before taking a turn
        unsent: BaseException | None = None
        with self._sending:
            ticket = self._sent
            self._sent += 1
            try:
                self.connection.send_bytes(payload)
            except BaseException as error:  # noqa: BLE001 — raised below, in this caller's turn
                self._fail(error)
                unsent = error
        with self._turn:
            while self._answered != ticket:
                self._turn.wait()
        try:
            if unsent is not None:
                raise unsent
            if self._failed is not None:
                raise EOFError(f"the worker's pipe failed before: {self._failed!r}")
            try:
                return cast(tuple[bool, Any], self.connection.recv())
            except BaseException as error:
                self._fail(error)
                raise
        finally:
            with self._turn:
                self._answered += 1
                self._turn.notify_all()

    def _fail(self, error: BaseException) -> None:
        with self._turn:
            if self._failed is None:
                self._failed = error


def _first_worker(theirs: list[Any], ours: list[Any], parent: int, prepare: Callable[[], None]) -> None:
    """The first extraction worker: import what the workers run (`prepare`), fork
    the others (each inherits the modules and serves its own pipe), serve
    `theirs[0]`, then wait for the others to end."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the run's to handle; it closes the pipes
    for end in ours:  # the run's ends: the run's to close
        end.close()
    return_large_blocks_to_the_system()  # forked before the run set it: the workers set it themselves
    prepare()
    freeze_the_imports()
    others: list[int] = []
    for pipe in theirs[1:]:
        child = os.fork()  # before any thread of this process starts
        if child == 0:
            try:
                for other in theirs:
                    if other is not pipe:
                        other.close()
                _serve(pipe, os.getppid())
            finally:
                os._exit(0)
        pipe.close()
        others.append(child)
    _serve(theirs[0], parent)
    for child in others:
        os.waitpid(child, 0)


def _serve(pipe: Any, parent: int) -> None:
    """An extraction worker: run what comes down `pipe`, send back (succeeded, value),
    until the pipe closes or `parent` is gone."""
    _exit_with_parent(parent)
    while True:
        try:
            fn, args, kwargs = pipe.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[bool, Any] = (True, fn(*args, **kwargs))
        except BaseException as error:  # noqa: BLE001 — handed to the caller
            reply = (False, error)
        try:
            pipe.send(reply)
        except Exception as error:  # noqa: BLE001 — an answer that does not pickle
            pipe.send((False, RuntimeError(f"the worker's answer could not be sent: {error!r}")))


def _exit_with_parent(parent: int) -> None:
    """In an extraction worker: exit as soon as the run's process is gone (even killed)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def in_workers(workers: Executor) -> Runner:
    """A `Runner` that runs each call in `workers` (the extraction pool) and waits: a
    page's extraction and its note's file work, off the process whose threads fetch."""

    def run(function: Callable[..., Result], /, *args: Any, **kwargs: Any) -> Result:
        return workers.submit(function, *args, **kwargs).result()

    return run


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


class GateClosed(Exception):
    """Raised to a page waiting at a closed `HostGate` (the run was interrupted): it
    never started, and the engine reports nothing of it."""


class HostGate:
    """At most `per_host` requests at once to a host, started `delay` s apart;
    once `close`d, no other starts (those waiting raise `GateClosed`)."""

    def __init__(self, per_host: int, delay: float) -> None:
        self._per_host = max(1, per_host)
        self._delay = max(0.0, delay)
        self._lock = threading.Lock()
        self._hosts: dict[str, threading.Condition] = {}
        self._busy: dict[str, int] = {}
        self._next_start: dict[str, float] = {}
        self._closed = False

    def __call__(self, host: str) -> _GateSlot:
        return _GateSlot(self, host)

    def close(self) -> None:
        """Start no other request: Ctrl-C, or the run letting go of its results."""
        with self._lock:
            self._closed = True
            for waiting in self._hosts.values():
                waiting.notify_all()

    def _enter(self, host: str) -> None:
        with self._lock:
            waiting = self._hosts.setdefault(host, threading.Condition(self._lock))
            while not self._closed and self._busy.get(host, 0) >= self._per_host:
                waiting.wait()
            if self._closed:
                raise GateClosed(host)
            self._busy[host] = self._busy.get(host, 0) + 1
            now = time.monotonic()
            start = max(now, self._next_start.get(host, now))
            self._next_start[host] = start + self._delay
            while not self._closed and (left := start - time.monotonic()) > 0:
                waiting.wait(left)  # the delay, cut short by `close`
            if self._closed:
                self._release(host)
                raise GateClosed(host)

    def _leave(self, host: str) -> None:
        with self._lock:
            self._release(host)

    def _release(self, host: str) -> None:
        self._busy[host] -= 1
        self._hosts[host].notify()


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
        from clipper.vault import vault_lock  # not with the module: imported once the workers are forked

        self._vault_lock = vault_lock
        self._layout = layout
        self._locks: dict[str, tuple[threading.Lock, int]] = {}
        self._guard = threading.Lock()

    @contextmanager
    def __call__(self, source: str) -> Iterator[None]:
        with self._guard:
            lock, users = self._locks.get(source, (threading.Lock(), 0))
            self._locks[source] = (lock, users + 1)
        try:
            with self._vault_lock(self._layout, "write", shared=True), lock:
                yield
        finally:
            with self._guard:
                lock, users = self._locks[source]
                if users == 1:
                    del self._locks[source]
                else:
                    self._locks[source] = (lock, users - 1)
