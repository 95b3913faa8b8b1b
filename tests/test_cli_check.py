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
    from planpub import loader

    def explode(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(loader, "load_workspace", explode)
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


# -- at most 100 problems per file, then one that counts the rest (PP009) ------------------------


def quarter_plan(folder: Path, front_matter: str) -> Path:
    """`folder/2026-Q1/index.md`, a quarter's plan with an owner and the given front matter."""
    quarter = folder / "2026-Q1"
    quarter.mkdir()
    path = quarter / "index.md"
    path.write_text(f"---\nperiod: 2026-Q1\nowner: Ana\n{front_matter}---\n", encoding="utf-8")
    return path


def misspelt_keys(count: int) -> str:
    """`ownr0: 1`, `ownr1: 1`, ...: unknown keys, one a line from line 4 of the file."""
    return "".join(f"ownr{index}: 1\n" for index in range(count))


def kpis_at_baseline(count: int) -> str:
    """KPIs whose target equals their baseline: one warning (PP119) each, from line 5 on."""
    return "kpis:\n" + "".join(
        f"  - {{id: k{index}, name: K{index}, unit: count, baseline: 5, target: 5}}\n"
        for index in range(count)
    )


def headers(output: str) -> list[str]:
    """The first line of each problem in the text format."""
    return [line for line in output.splitlines() if "error[" in line or "warning[" in line]


def test_a_file_shows_its_first_100_problems_and_counts_the_rest(planpub, tmp_path: Path) -> None:
    path = quarter_plan(tmp_path, misspelt_keys(150))
    run = planpub(["check", str(path)])
    assert run.exit_code == 1
    shown = headers(run.stdout)
    assert len(shown) == 101
    assert all("error[PP101]" in line for line in shown[:100])
    assert shown[0].startswith(f"{path}:4:1: error[PP101] ownr0: unknown key")
    assert shown[99].startswith(f"{path}:103:1: error[PP101] ownr99: unknown key")
    assert shown[100] == (
        f"{path}:104:1: error[PP009] ... and 50 more problems in this file (50 errors)"
    )
    assert run.stdout.count("did you mean 'owner'?") == 100  # every key shown gets its suggestion
    assert "hint: fix the problems above and run planpub check again" in run.stdout
    assert "1 file checked: 101 error(s), 0 warning(s)" in run.stderr


def test_the_json_format_includes_the_count_of_the_rest(planpub, tmp_path: Path) -> None:
    path = quarter_plan(tmp_path, misspelt_keys(150))
    run = planpub(["check", "--format", "json", str(path)])
    assert run.exit_code == 1
    data = json.loads(run.stdout)
    assert data["summary"] == {"errors": 101, "warnings": 0}
    assert [d["code"] for d in data["diagnostics"]] == ["PP101"] * 100 + ["PP009"]
    more = data["diagnostics"][-1]
    assert (more["severity"], more["line"], more["col"], more["path"]) == ("error", 104, 1, "")
    assert more["message"] == "... and 50 more problems in this file (50 errors)"
    assert more["source_line"] == "ownr100: 1"


def test_errors_left_out_still_fail_the_check(planpub, tmp_path: Path) -> None:
    """120 warnings, then one error: the error is not shown, but the count of the rest is one."""
    path = quarter_plan(tmp_path, kpis_at_baseline(120) + "typo: 1\n")
    run = planpub(["check", "--format", "json", str(path)])
    assert run.exit_code == 1
    found = json.loads(run.stdout)["diagnostics"]
    assert [d["code"] for d in found] == ["PP119"] * 100 + ["PP009"]
    assert (found[-1]["severity"], found[-1]["line"]) == ("error", 105)
    assert found[-1]["message"] == "... and 21 more problems in this file (1 error, 20 warnings)"


def test_only_warnings_left_out_are_counted_as_a_warning(planpub, tmp_path: Path) -> None:
    path = quarter_plan(tmp_path, kpis_at_baseline(101))
    run = planpub(["check", str(path)])
    assert run.exit_code == 0
    last = headers(run.stdout)[-1]
    assert last.startswith(f"{path}:105:")  # at the target of the 101st KPI
    assert last.endswith(" warning[PP009] ... and 1 more problem in this file (1 warning)")
    assert planpub(["check", "--strict", str(path)]).exit_code == 1


def test_a_file_with_25000_unknown_keys_gives_101_problems(planpub, tmp_path: Path) -> None:
    """Only the keys shown get a "did you mean" and a source line, so reading the YAML is most of
    the work left (timing is not asserted: it is not a test's job)."""
    path = quarter_plan(tmp_path, misspelt_keys(25_000))
    run = planpub(["check", "--format", "json", str(path)])
    assert run.exit_code == 1
    found = json.loads(run.stdout)["diagnostics"]
    assert len(found) == 101
    assert found[-1]["code"] == "PP009"
    assert found[-1]["message"] == "... and 24,900 more problems in this file (24,900 errors)"


def test_a_file_with_exactly_100_problems_shows_them_all(planpub, tmp_path: Path) -> None:
    path = quarter_plan(tmp_path, misspelt_keys(100))
    run = planpub(["check", str(path)])
    assert [line.split("[")[1][:5] for line in headers(run.stdout)] == ["PP101"] * 100
