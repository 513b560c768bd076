"""The engine's extraction workers: answers, errors and a dead worker reach the
caller; the workers end with the run."""

from __future__ import annotations

import os
import pickle
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import pytest

from clipper.engine import ForkedWorkers, bounded_map
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


def test_bounded_map_gives_every_result_once() -> None:
    assert sorted(bounded_map(lambda n: n * 2, range(100), 3)) == [n * 2 for n in range(100)]
