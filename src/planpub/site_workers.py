"""The worker processes that build quarters, started early so MkDocs is imported in parallel.

Importing MkDocs, the theme and the plugins takes about half a second, as long as checking every
plan. `Builders` forks its workers before the plans are read, and each imports MkDocs while the
parent checks the plans and works out which quarters changed; a rebuild of one quarter then
finds a worker ready. When nothing has to be built the workers are stopped unused.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable
from contextlib import suppress
from multiprocessing.pool import Pool
from types import TracebackType

from planpub.site_jobs import VersionJob, VersionResult

Progress = Callable[[int, int, str], None]


class Builders:
    """A pool of forked workers that import MkDocs as soon as they start; a context manager."""

    def __init__(self, count: int | None = None) -> None:
        self.count = max(1, count or os.cpu_count() or 1)
        context = multiprocessing.get_context("fork")
        self.pool: Pool | None = context.Pool(self.count, initializer=_warm_worker)

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
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None

    def run(self, jobs: list[VersionJob]) -> Iterable[VersionResult]:
        if self.pool is None:
            raise RuntimeError("the builders were stopped")
        return self.pool.imap_unordered(build_one, jobs)


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
) -> list[VersionResult]:
    """Build the jobs: on the given builders, else in this process (one job, or -j 1), else on a
    pool of forked workers."""
    if not jobs_list:
        return []
    if builders is not None:
        return _with_progress(builders.run(jobs_list), progress, total, done)
    from planpub import mkdocs_build  # MkDocs is imported only when a quarter has to be built

    workers = max(1, min(jobs or os.cpu_count() or 1, len(jobs_list)))
    if workers == 1:
        results: Iterable[VersionResult] = map(mkdocs_build.build_version, jobs_list)
        return _with_progress(results, progress, total, done)
    with multiprocessing.get_context("fork").Pool(workers, initializer=_worker_signals) as pool:
        unordered = pool.imap_unordered(mkdocs_build.build_version, jobs_list)
        return _with_progress(unordered, progress, total, done)


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
    results: Iterable[VersionResult], progress: Progress | None, total: int, done: int
) -> list[VersionResult]:
    collected = []
    for result in results:
        collected.append(result)
        done += 1
        if progress is not None:
            progress(done, total, result.quarter)
    return sorted(collected, key=lambda r: r.quarter)
