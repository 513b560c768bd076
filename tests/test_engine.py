"""The engine's extraction workers: answers, errors and a dead worker reach the
caller; the workers end with the run."""

from __future__ import annotations

import os
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


def test_bounded_map_gives_every_result_once() -> None:
    assert sorted(bounded_map(lambda n: n * 2, range(100), 3)) == [n * 2 for n in range(100)]
