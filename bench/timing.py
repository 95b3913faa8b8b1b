"""Timing commands the way a user runs them: a fresh process each, the best of a few runs."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

BIN = Path(sys.executable).parent  # the virtual environment's commands: planpub, mkdocs


def run_once(command: list[str], cwd: Path, env: Mapping[str, str] | None = None) -> float:
    """Wall seconds of one run; a failing command stops the benchmark."""
    return run_timed(command, cwd, env)[0]


def run_timed(
    command: list[str], cwd: Path, env: Mapping[str, str] | None = None
) -> tuple[float, float]:
    """Wall seconds of one run, and the CPU seconds of all its processes (workers included)."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    before, start = os.times(), time.perf_counter()
    subprocess.run(command, cwd=cwd, env=full_env, check=True, capture_output=True)
    wall, after = time.perf_counter() - start, os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu


def best_of(
    command: list[str], cwd: Path, repeat: int, env: Mapping[str, str] | None = None
) -> float:
    return min(run_once(command, cwd, env) for _ in range(repeat))


def compile_planpub() -> None:
    """Compile planpub's bytecode, as a regular install does: with PYTHONDONTWRITEBYTECODE set
    (some containers set it), an editable install would otherwise compile every module on every
    run, and the benchmark would measure the compiler instead of planpub."""
    import planpub

    package = str(Path(planpub.__file__).parent)
    subprocess.run([sys.executable, "-m", "compileall", "-q", package], check=True)


def peak_child_memory_mib() -> float:
    """The largest resident memory of any finished child process so far."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
