"""Independent pieces of a build shared out among the CPU cores.

Converting Markdown and laying out packages are pure work on data the main
process already holds, so worker processes do it and hand the results back
in the order the work was given: the output and the diagnostics are the same
bytes whether one core or eight did the work. Workers never write files and
never stop a build themselves: the main process alone handles Ctrl+C and
SIGTERM, writes the output, and stops the workers when it stops.

Workers are forked, which starts them in milliseconds with everything
already imported. Forking is only safe from a single thread (a lock another
thread holds would stay held in the child) and is not offered on every
system; without it, the work runs in the main process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Executor

Item = TypeVar("Item")
Result = TypeVar("Result")

#: How often an idle worker checks that the build it works for is still running.
_ORPHAN_CHECK_SECONDS = 0.5


def available_cores() -> int:
    """The CPU cores this process may use for workers: 1 when it cannot fork safely."""
    if "fork" not in multiprocessing.get_all_start_methods() or sys.platform == "darwin":
        return 1  # macOS system libraries are not fork-safe
    if threading.active_count() > 1:
        return 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class Workers:
    """Runs a function over items, in worker processes when there are cores to spare."""

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self._pool: Executor | None = None

    def parallel(self, items: int) -> bool:
        """Whether ``items`` pieces of work would be shared out (else run here, one by one)."""
        return self.processes > 1 and items > 1

    def map(
        self, function: Callable[[Item], Result], items: Iterable[Item], parallel: bool = True
    ) -> Iterator[Result]:
        """``function`` applied to each item, results in item order as they are ready.

        ``parallel=False`` keeps work too small to pay for a process hand-over
        in this process; ``function`` must be a module-level function.
        """
        work = list(items)
        if not parallel or not self.parallel(len(work)):
            return (function(item) for item in work)
        return self._started().map(function, work)

    def start(self) -> None:
        """Fork the workers now, before this process holds a course: they start small."""
        if self.processes > 1:
            self._started().submit(int).result()

    def _started(self) -> Executor:
        from concurrent.futures import ProcessPoolExecutor  # most builds never start a pool

        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.processes,
                multiprocessing.get_context("fork"),
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
        return self._pool

    def close(self, interrupted: bool) -> None:
        """Stop the workers; when the build was stopped, drop the work not yet started."""
        if self._pool is not None:
            self._pool.shutdown(wait=not interrupted, cancel_futures=True)
            self._pool = None


@contextmanager
def workers(processes: int | None = None) -> Iterator[Workers]:
    """Worker processes for one build (as many as cores by default), stopped at its end."""
    pool = Workers(available_cores() if processes is None else processes)
    try:
        yield pool
    except BaseException:
        pool.close(interrupted=True)
        raise
    pool.close(interrupted=False)


def _start_worker(parent: int) -> None:
    """Leave Ctrl+C and SIGTERM to the main process; exit if it disappears (``kill -9``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_ORPHAN_CHECK_SECONDS)
    os._exit(1)
