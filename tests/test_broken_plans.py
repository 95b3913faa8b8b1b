"""Every deliberately broken plan gives exactly one precise diagnostic (golden files)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT

BROKEN = ROOT / "tests" / "broken" / "2026-Q1"
CASES = sorted(p for p in BROKEN.glob("*.md") if p.stem != "valid-base")


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


def test_the_base_of_the_corpus_is_valid(planpub) -> None:
    run = planpub(["check", "--strict", str(BROKEN / "valid-base.md")])
    assert run.exit_code == 0, run.stdout


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_broken_plan_gives_one_precise_diagnostic(case: Path, planpub, golden) -> None:
    relative = case.relative_to(ROOT).as_posix()
    text = planpub(["check", relative])
    assert "Traceback" not in text.stdout + text.stderr
    data = json.loads(planpub(["check", "--format", "json", relative]).stdout)
    diagnostics = data["diagnostics"]
    assert len(diagnostics) == 1, text.stdout
    only = diagnostics[0]
    assert only["file"] == relative
    assert only["line"] >= 1 and only["col"] >= 1
    assert only["message"]
    expected_exit = 1 if only["severity"] == "error" else 0
    assert text.exit_code == expected_exit
    golden.check(case.with_suffix(".out"), f"exit: {text.exit_code}\n{text.stdout}")
