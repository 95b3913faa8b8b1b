"""The worker processes that build quarters, started early so MkDocs is imported in parallel.

Importing MkDocs, the theme and the plugins takes about a third of a second, longer than checking
every plan. `Builders` forks a worker before the plans are read, and it imports MkDocs while the
parent checks the plans and works out which quarters changed; a rebuild of one quarter then
finds the worker ready. When nothing has to be built the worker is stopped unused.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from multiprocessing.pool import Pool
from types import TracebackType

from planpub.site_jobs import SiteSettings, VersionJob, VersionResult

Progress = Callable[[int, int, str], None]


class Builders:
    """Forked workers that import MkDocs as soon as they start; a context manager.

    One worker starts at once: it imports MkDocs while this process checks the plans, on the
    other core. The rest (up to `count`) start only when more than one quarter has to be built:
    started early, they would compete with the checking and the first worker for the cores.
    `all_at_once` starts them all at once, for a build that will build every quarter.

    Each worker is a pool of one, so that the jobs can be handed out in runs: a worker builds
    quarters that follow each other (the four of a year) and so derives and renders their
    annual plan once, not once per worker.
    """

    def __init__(self, count: int | None = None, *, all_at_once: bool = False) -> None:
        self.count = 1
        self.workers: list[Pool] = [_pool()]
        self.plan(count, all_at_once=all_at_once)

    def plan(self, count: int | None, *, all_at_once: bool = False) -> None:
        """How many workers to use (default: one per core); `all_at_once` starts them now."""
        self.count = max(1, count or os.cpu_count() or 1)
        if all_at_once:
            self._start(self.count)

    def settings_reader(self, config_file: str) -> Callable[[str], SiteSettings]:
        """Ask the first worker to read `config_file` the MkDocs way, now; the reader returned
        waits for its answer (and raises its ValueError)."""
        pending = self.workers[0].apply_async(settings_of, (config_file,))
        return lambda _: pending.get()

    def warm_up(self, config_file: str) -> None:
        """Have the workers load what their first build will need of `config_file` (the theme,
        the plugins, the Markdown extensions) while this process checks the plans."""
        for worker in self.workers:
            worker.apply_async(warm_up_for, (config_file,))

    def __enter__(self) -> Builders:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> None:
        for worker in self.workers:
            worker.terminate()
        for worker in self.workers:
            worker.join()
        self.workers = []

    def _start(self, wanted: int) -> None:
        self.workers += [_pool() for _ in range(wanted - len(self.workers))]

    def run(self, jobs: list[VersionJob]) -> Iterator[VersionResult]:
        """Hand out the jobs now; the results come as they finish.

        Worker i of n starts on the i-th of n runs of the jobs, in their order, and goes on
        with its run; a worker whose run is done takes the last job of the longest run left."""
        if not self.workers:
            raise RuntimeError("the builders were stopped")
        self._start(min(self.count, len(jobs)))
        workers = self.workers[: len(jobs)]
        runs = _runs(jobs, len(workers))
        finished: queue.SimpleQueue[tuple[int, VersionResult | BaseException]] = queue.SimpleQueue()

        def start(index: int) -> None:
            own = runs[index]
            longest = max(runs, key=len)
            if not own and not longest:
                return
            job = own.popleft() if own else longest.pop()
            workers[index].apply_async(
                build_one,
                (job,),
                callback=lambda result: finished.put((index, result)),
                error_callback=lambda error: finished.put((index, error)),
            )

        for index in range(len(workers)):
            start(index)

        def results() -> Iterator[VersionResult]:
            for _ in jobs:
                index, outcome = finished.get()
                if isinstance(outcome, BaseException):
                    raise outcome
                start(index)
                yield outcome

        return results()


def _runs(jobs: list[VersionJob], count: int) -> list[deque[VersionJob]]:
    """The jobs cut into `count` runs of about the same length, in their order."""
    size, extra = divmod(len(jobs), count)
    runs, at = [], 0
    for index in range(count):
        length = size + (1 if index < extra else 0)
        runs.append(deque(jobs[at : at + length]))
        at += length
    return runs


_early: Builders | None = None


def start_early() -> None:
    """Fork the first worker now, before the command line is read (`planpub build`): reading
    it imports click, a tenth of a second the worker spends importing MkDocs instead."""
    global _early
    if _early is None:
        _early = Builders(1)


def builders(count: int | None, *, all_at_once: bool = False) -> Builders:
    """The workers started early, if any, else new ones."""
    global _early
    early, _early = _early, None
    if early is None:
        return Builders(count, all_at_once=all_at_once)
    early.plan(count, all_at_once=all_at_once)
    return early


def stop_early() -> None:
    """Stop the workers started early that no command took."""
    global _early
    if _early is not None:
        _early.stop()
        _early = None


def _pool() -> Pool:
    return multiprocessing.get_context("fork").Pool(1, initializer=_warm_worker)


def settings_of(config_file: str) -> SiteSettings:
    from planpub.mkdocs_build import load_settings

    return load_settings(config_file)


def warm_up_for(config_file: str) -> None:
    from planpub.mkdocs_build import warm_up

    warm_up(config_file)


def build_one(job: VersionJob) -> VersionResult:
    from planpub.mkdocs_build import build_version

    return build_version(job)


def run_builds(
    jobs_list: list[VersionJob],
    jobs: int | None,
    progress: Progress | None,
    total: int,
    done: int,
    builders: Builders | None = None,
    while_building: Callable[[], None] | None = None,
    on_result: Callable[[VersionResult], None] | None = None,
) -> list[VersionResult]:
    """Build the jobs: on the given builders, else in this process (one job, or -j 1), else on a
    pool of forked workers. `while_building` runs in this process once the jobs are handed out,
    `on_result` as each job's result comes in."""
    meanwhile = while_building or (lambda: None)
    if not jobs_list:
        meanwhile()
        return []
    if builders is not None:
        results = builders.run(jobs_list)
        meanwhile()
        return _with_progress(results, progress, total, done, on_result)
    from planpub import mkdocs_build  # MkDocs is imported only when a quarter has to be built

    workers = max(1, min(jobs or os.cpu_count() or 1, len(jobs_list)))
    if workers == 1:
        meanwhile()
        in_process = map(mkdocs_build.build_version, jobs_list)
        return _with_progress(in_process, progress, total, done, on_result)
    with multiprocessing.get_context("fork").Pool(workers, initializer=_worker_signals) as pool:
        unordered = pool.imap_unordered(mkdocs_build.build_version, jobs_list)
        meanwhile()
        return _with_progress(unordered, progress, total, done, on_result)


def _warm_worker() -> None:
    _worker_signals()
    import planpub.mkdocs_build
    import planpub.plugin  # noqa: F401

    with suppress(ImportError):  # another theme
        import material.plugins.search.plugin  # noqa: F401


def _worker_signals() -> None:
    """Workers stop quietly when the pool ends them; Ctrl+C is handled by the parent."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _with_progress(
    results: Iterable[VersionResult],
    progress: Progress | None,
    total: int,
    done: int,
    on_result: Callable[[VersionResult], None] | None,
) -> list[VersionResult]:
    collected = []
    for result in results:
        collected.append(result)
        done += 1
        if progress is not None:
            progress(done, total, result.quarter)
        if on_result is not None:
            on_result(result)
    return sorted(collected, key=lambda r: r.quarter)
