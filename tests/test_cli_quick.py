"""`planpub check` without click (cli/quick.py) says and exits exactly as it does through click."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from conftest import ROOT, Run

from planpub.cli import _with_click
from planpub.cli.quick import colour_text, quick_check
from planpub.diagnostics import Diagnostic, format_text

BROKEN = "tests/broken/2026-Q1"

PLAIN_FORMS = [
    ["plans"],
    [],
    ["--strict", "plans"],
    ["--no-cache", "plans/2026-Q1/index.md", "plans/2026/index.md"],
    ["--format", "json", "plans"],
    ["--format=github", BROKEN],
    [BROKEN],
    [BROKEN, "--strict", "--format", "text"],
    ["--format", "json", f"{BROKEN}/unknown-key.md"],
    [f"{BROKEN}/missing-owner.md", "--strict"],
    [f"{BROKEN}/missing-owner.md"],
]


def both_ways(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[Run, Run]:
    """`planpub check ARGS` run without click and through click, from the repository."""
    capsys.readouterr()
    quick = quick_check(args)
    assert quick is not None, f"{args} should run without click"
    first = capsys.readouterr()
    with pytest.raises(SystemExit) as stopped:
        _with_click(["check", *args])
    second = capsys.readouterr()
    code = stopped.value.code
    return Run(quick, first.out, first.err), Run(code if isinstance(code, int) else 1, *second)


@pytest.mark.parametrize("args", PLAIN_FORMS, ids=" ".join)
def test_the_plain_forms_run_as_click_runs_them(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    quick, through_click = both_ways(args, capsys)
    assert quick == through_click
    assert quick.stdout or quick.stderr


def test_the_plain_forms_find_problems(capsys, monkeypatch) -> None:
    """The side-by-side test above compares real checks: clean and broken, all three formats."""
    monkeypatch.chdir(ROOT)
    clean, _ = both_ways(["--strict", "plans"], capsys)
    broken, _ = both_ways(["--format", "json", BROKEN], capsys)
    assert clean.exit_code == 0 and "no problems" in clean.stdout
    assert broken.exit_code == 1 and '"code": "PP102"' in broken.stdout


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["--help"], 0, "Usage: planpub check"),
        (["--format", "xml", "plans"], 2, "Invalid value for '--format'"),
        (["--format"], 2, "Option '--format' requires an argument"),
        (["--strict=yes", "plans"], 2, "Option '--strict' does not take a value"),
        (["no-such-folder"], 2, "Path 'no-such-folder' does not exist"),
        (["-q", "plans"], 2, "No such option '-q'"),
        (["--", "plans"], 0, "no problems"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)
def test_other_forms_go_to_click(args: list[str], code: int, said: str, planpub, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert quick_check(args) is None
    run = planpub(["check", *args])
    assert run.exit_code == code
    assert said in run.stdout + run.stderr


def test_no_plans_folder_is_reported_by_click(planpub, tmp_path: Path) -> None:
    assert planpub(["check"], cwd=tmp_path).stderr.startswith("error: no plans folder 'plans'")


def test_a_plain_check_never_imports_click() -> None:
    script = (
        "import sys\nfrom planpub.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit as stop:\n"
        "    print(stop.code, 'click' in sys.modules, file=sys.stderr)\n"
    )

    def run(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", script, *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
            check=False,
            stdin=subprocess.DEVNULL,
        )
        return done.stderr.strip().splitlines()[-1]

    assert run("check", "plans") == "0 False"
    assert run("check", f"{BROKEN}/unknown-key.md") == "1 False"
    assert run("check", "--help") == "0 True"


def test_colour_matches_what_click_would_print() -> None:
    error = Diagnostic("plans/2026-Q1/index.md", 3, 5, "error", "PP101", "owner", "unknown key")
    warning = Diagnostic("plans/2026-Q1/index.md", 4, 1, "warning", "PP120", "", "no owner")
    for diagnostic, colour in ((error, "red"), (warning, "yellow")):
        label = f"{diagnostic.severity}[{diagnostic.code}]"
        styled = click.style(label, fg=colour, bold=True)
        assert colour_text(diagnostic, True) == format_text(diagnostic).replace(label, styled)
        assert colour_text(diagnostic, False) == format_text(diagnostic)


def console(*args: str) -> subprocess.Popen[str]:
    """`python -m planpub ARGS`: the console script's way, which ends with `leave_now`."""
    return subprocess.Popen(
        [sys.executable, "-m", "planpub", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_the_console_script_leaves_with_all_output_written() -> None:
    """Leaving without the interpreter's tear-down still flushes every line first."""
    with console("check", "--format", "json", BROKEN) as run:
        out, err = run.communicate(timeout=120)
    data = json.loads(out)
    errors = [d for d in data["diagnostics"] if d["severity"] == "error"]
    assert run.returncode == 1 and err == ""
    assert data["summary"]["errors"] == len(errors) > 50
    assert len(out) > 4 * io.DEFAULT_BUFFER_SIZE  # the last buffer full is written at the end


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    """`planpub check | head -1`: the pipe closes; planpub stops quietly. The problems of these
    folders take about 100 KB, more than a pipe holds, so planpub is still writing."""
    with console("check", "tests/broken", "tests/hostile") as run:
        assert run.stdout is not None and run.stderr is not None
        first = run.stdout.readline()
        run.stdout.close()
        err = run.stderr.read()
        code = run.wait(timeout=120)
    assert first.startswith("tests/broken/2026-Q1/")
    assert code == 1 and err == ""


def test_leaving_waits_for_other_threads() -> None:
    """With another thread still running, planpub exits the usual way, which waits for it."""
    import threading

    from planpub.cli import leave_now

    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        with pytest.raises(SystemExit) as stopped:
            leave_now(3)
        assert stopped.value.code == 3
    finally:
        release.set()
        other.join()
