"""Shared fixtures: golden files with an update switch, CLI runs, the repository's paths."""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"
SHARED = ROOT.parent / "shared"


# Every run starts with an empty file cache of its own, shared by the in-process and the
# subprocess runs of planpub: the second read of a file in a run comes from the cache.
CACHE_HOME = tempfile.mkdtemp(prefix="planpub-test-cache-")
os.environ["PLANPUB_CACHE_HOME"] = CACHE_HOME
os.environ.pop("PLANPUB_NO_CACHE", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(CACHE_HOME, ignore_errors=True)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite golden files from the current output and print what changed",
    )


@dataclass
class Golden:
    update: bool

    def check(self, path: Path, actual: str) -> None:
        expected = path.read_text(encoding="utf-8") if path.exists() else None
        if expected == actual:
            return
        if self.update:
            diff = difflib.unified_diff(
                (expected or "").splitlines(), actual.splitlines(), str(path), "actual", lineterm=""
            )
            print("\n".join(diff))
            path.write_text(actual, encoding="utf-8")
            return
        if expected is None:
            pytest.fail(f"golden file {path} is missing; run pytest --update-goldens and review it")
        diff = "\n".join(
            difflib.unified_diff(
                expected.splitlines(), actual.splitlines(), "expected", "actual", lineterm=""
            )
        )
        pytest.fail(f"output differs from {path.name}:\n{diff}")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    return Golden(bool(request.config.getoption("--update-goldens")))


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def planpub(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run the planpub CLI in-process, from a working folder (the repository by default)."""

    def run(args: Sequence[str], cwd: Path = ROOT) -> Run:
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        from planpub.cli import main

        with pytest.raises(SystemExit) as stopped:
            main(list(args))
        out = capsys.readouterr()
        code = stopped.value.code
        return Run(code if isinstance(code, int) else 1, out.out, out.err)

    return run


@pytest.fixture(autouse=True)
def _no_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    os.environ.pop("SOURCE_DATE_EPOCH", None)
