"""`planpub check`: exit codes, output formats, defaults and the no-traceback promise."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

BROKEN = ROOT / "tests" / "broken" / "2026-Q1"


def test_examples_are_clean(planpub) -> None:
    run = planpub(["check", "--strict", "plans"])
    assert run.exit_code == 0, run.stdout
    assert "no problems" in run.stdout


def test_default_path_is_the_docs_dir_of_mkdocs_yml(planpub) -> None:
    run = planpub(["check"])
    assert run.exit_code == 0
    assert f"{len(list((ROOT / 'plans').rglob('*.md')))} files checked" in run.stdout


def test_all_problems_in_all_files_are_collected(planpub) -> None:
    cases = ["rate-above-one.md", "unknown-key.md", "budget-over-total.md", "missing-owner.md"]
    run = planpub(["check", *(str(BROKEN / c) for c in cases)])
    assert run.exit_code == 1
    assert sorted(
        line.split("]")[0].rsplit("[", 1)[1]
        for line in run.stdout.splitlines()
        if "error[" in line or "warning[" in line
    ) == [
        "PP101",
        "PP102",
        "PP120",
        "PP123",
        "PP123",
        "PP123",
        "PP201",
    ]  # the four files all claim 2026-Q1: one plan per period (PP123) for the three later ones
    assert "4 files checked: 6 error(s), 1 warning(s)" in run.stderr


def test_warnings_pass_unless_strict(planpub) -> None:
    case = str(BROKEN / "missing-owner.md")
    assert planpub(["check", case]).exit_code == 0
    assert planpub(["check", "--strict", case]).exit_code == 1


def test_text_format_shows_location_code_path_hint_and_source(planpub) -> None:
    run = planpub(["check", "tests/broken/2026-Q1/rate-above-one.md"])
    assert run.stdout.splitlines() == [
        "tests/broken/2026-Q1/rate-above-one.md:11:67: error[PP102] funnel.stages[0].rate: "
        "expected a rate between 0 and 1, got 35",
        "  hint: write 35% or 0.35",
        "   11 |     - {id: engaged, name: Engaged contacts handed to Sales, rate: 35}",
    ]


def test_github_format_is_one_workflow_command_per_problem(planpub) -> None:
    run = planpub(["check", "--format", "github", "tests/broken/2026-Q1/rate-above-one.md"])
    assert run.exit_code == 1
    assert run.stdout.strip() == (
        "::error file=tests/broken/2026-Q1/rate-above-one.md,line=11,col=67,title=planpub PP102::"
        "funnel.stages[0].rate: expected a rate between 0 and 1, got 35%0Ahint: write 35%25 or 0.35"
    )


def test_json_format_is_versioned_with_a_summary(planpub) -> None:
    run = planpub(["check", "--format", "json", str(BROKEN / "budget-over-total.md")])
    data = json.loads(run.stdout)
    assert data["version"] == 1
    assert data["summary"] == {"errors": 1, "warnings": 0}
    assert data["diagnostics"][0]["code"] == "PP201"


def test_usage_errors_exit_2(planpub, tmp_path: Path) -> None:
    assert planpub(["check", "no-such-folder"]).exit_code == 2
    assert planpub(["check", "--format", "xml", "plans"]).exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    run = planpub(["check"], cwd=empty)
    assert run.exit_code == 2
    assert run.stderr.startswith("error: no plans folder 'plans' here")


def test_no_traceback_reaches_the_user_even_on_internal_failure(planpub, monkeypatch) -> None:
    import planpub.cli.check as cli_module

    def explode(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli_module, "load_workspace", explode)
    run = planpub(["check", "plans"])
    assert run.exit_code == 2
    assert "Traceback" not in run.stderr
    assert "planpub failed unexpectedly (RuntimeError: boom)" in run.stderr
    debug = planpub(["--debug", "check", "plans"])
    assert "Traceback" in debug.stderr


def test_console_script_runs_in_a_subprocess() -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "planpub", "check", "tests/broken/2026-Q1/unknown-key.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1
    assert "error[PP101] focus-areas: unknown key 'focus-areas'" in result.stdout
    assert "did you mean 'focus_areas'?" in result.stdout
