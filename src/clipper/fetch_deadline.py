"""The overall deadline of a request: a watchdog per request, one keeper thread per process."""

from __future__ import annotations

import heapq
import itertools
import os
import socket
import threading
import time
from typing import Any

from clipper.fetch_httpx import httpx


class _Watchdog:
    """Shuts the sockets of one request down when its overall deadline passes.

    httpx timeouts apply to each read; a server trickling a byte at a time never
    trips them. The sockets are learnt from httpx's documented `trace` request
    extension (new connections) and `network_stream` response extension. The
    deadlines of all requests are kept by one thread (`_DeadlineKeeper`), not a
    timer thread per request. Once `stop` returns, nothing is shut down: the
    connection may already serve another request.
    """

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._stopped = False

    def start(self) -> None:
        _deadline_keeper().add(self)

    def stop(self) -> None:
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
            self._sockets.clear()
        _deadline_keeper().discard()

    @property
    def stopped(self) -> bool:
        return self._stopped

    def trace(self, event_name: str, info: dict[str, Any]) -> None:
        if event_name in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            self._remember(info.get("return_value"))

    def watch(self, response: httpx.Response) -> None:
        self._remember(response.extensions.get("network_stream"))

    def _remember(self, stream: Any) -> None:
        get_extra_info = getattr(stream, "get_extra_info", None)
        sock = get_extra_info("socket") if get_extra_info else None
        if isinstance(sock, socket.socket):
            with self._lock:
                if not self._stopped:
                    self._sockets.append(sock)

    def fire(self) -> None:
        with self._lock:
            if self._stopped:
                return
            for sock in self._sockets:
                try:
                    # The base method: ssl.SSLSocket.shutdown would drop its TLS state
                    # under the feet of the thread reading it.
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)
                except OSError:
                    pass


class _DeadlineKeeper:
    """One daemon thread that fires the watchdogs whose deadline has passed.

    A heap of (deadline, order, watchdog); stopped watchdogs are dropped when
    they reach the top, or all at once when they are most of the heap, so the
    heap holds about as many entries as requests in flight.
    """

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, _Watchdog]] = []
        self._order = itertools.count()
        self._stopped = 0
        self._wake = threading.Condition(threading.Lock())
        self._thread = threading.Thread(target=self._run, name="clipper-deadlines", daemon=True)
        self._thread.start()

    def add(self, watchdog: _Watchdog) -> None:
        with self._wake:
            heapq.heappush(self._heap, (watchdog.deadline, next(self._order), watchdog))
            if self._heap[0][2] is watchdog:
                self._wake.notify()

    def discard(self) -> None:
        with self._wake:
            self._stopped += 1
            if self._stopped > 64 and self._stopped * 2 > len(self._heap):
                self._heap = [entry for entry in self._heap if not entry[2].stopped]
                heapq.heapify(self._heap)
                self._stopped = 0

    def _run(self) -> None:
        while True:
            with self._wake:
                while True:
                    while self._heap and self._heap[0][2].stopped:
                        heapq.heappop(self._heap)
                        self._stopped = max(self._stopped - 1, 0)
                    if not self._heap:
                        self._wake.wait()
                        continue
                    wait = self._heap[0][0] - time.monotonic()
                    if wait <= 0:
                        due = heapq.heappop(self._heap)[2]
                        break
                    self._wake.wait(wait)
            due.fire()


_keeper: _DeadlineKeeper | None = None
_keeper_pid = 0
_keeper_guard = threading.Lock()


def _deadline_keeper() -> _DeadlineKeeper:
    """The process's keeper, started on first use (and again in a forked child)."""
    global _keeper, _keeper_pid
    keeper = _keeper
    if keeper is not None and _keeper_pid == os.getpid():
        return keeper
    with _keeper_guard:
        if _keeper is None or _keeper_pid != os.getpid():
            _keeper, _keeper_pid = _DeadlineKeeper(), os.getpid()
        return _keeper
