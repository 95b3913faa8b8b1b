"""Fuzzing the front matter: generated plans, plans one mistake away from valid, and raw bytes.

Example counts are small so the whole file runs in well under a minute; the "ci" profile of
`strategies.py` draws the same examples on every run. For a longer local run raise them, e.g.
PLANPUB_FUZZ_SCALE=20 (twenty times the examples).
"""

from __future__ import annotations

import itertools
import os
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import CI, MUTATIONS, as_file, near_valid, valid_plans, yaml_text

from planpub.derive import derive
from planpub.diagnostics import Diagnostic
from planpub.loader import LoadedFile, load_bytes, load_text
from planpub.model import Plan

SCALE = int(os.environ.get("PLANPUB_FUZZ_SCALE", "1"))
MKDOCS_YML = "site_name: fuzz\ndocs_dir: docs\nsite_dir: site\ntheme: mkdocs\nplugins: [planpub]\n"


def examples(count: int) -> settings:
    return settings(CI, max_examples=count * SCALE)


def loaded(data: dict[str, Any]) -> LoadedFile:
    return load_text(as_file(data), "fuzz.md", folder=str(data["period"]))


def clean_plan(data: dict[str, Any]) -> Plan:
    result = loaded(data)
    assert result.diagnostics == [], "\n".join(d.message for d in result.diagnostics)
    assert result.plan is not None
    return result.plan


def well_placed(diagnostic: Diagnostic, text: str) -> bool:
    return 1 <= diagnostic.line <= text.count("\n") + 1 and diagnostic.col >= 1


@examples(150)
@given(valid_plans())
def test_valid_plans_check_clean(data: dict[str, Any]) -> None:
    clean_plan(data)


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_a_plan_one_mistake_away_gets_a_located_error(mutation: str) -> None:
    @examples(50)
    @given(near_valid(mutation))
    def check(data: dict[str, Any]) -> None:
        text = as_file(data)
        result = load_text(text, "fuzz.md", folder=None)
        assert any(d.is_error for d in result.diagnostics), "no error"
        assert all(well_placed(d, text) for d in result.diagnostics)

    check()


@examples(100)
@given(valid_plans())
def test_derived_numbers_keep_their_invariants(data: dict[str, Any]) -> None:
    plan = clean_plan(data)
    derived = derive(plan)
    stages = derived.funnel.stages
    for upper, lower in itertools.pairwise(stages):
        if upper.need is not None and upper.rate is not None:
            assert upper.need * upper.rate == lower.need
    for cover in derived.coverage:
        if cover.need:
            assert cover.ratio == cover.planned / cover.need
    allocated = sum((p.budget for p in plan.programs), Fraction(0))
    assert derived.budget.allocated == allocated
    assert derived.budget.remaining == derived.budget.total - allocated
    for program, result in zip(plan.programs, derived.programs, strict=True):
        if program.schedule is not None:
            first = program.schedule.start or plan.period.start
            last = program.schedule.end or plan.period.end
            assert all(first <= day <= last for day in result.occurrences)
            assert all(plan.period.contains(day) for day in result.occurrences)


@examples(4)
@given(valid_plans())
def test_valid_plans_build_through_the_plugin(data: dict[str, Any]) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        page = root / "docs" / str(data["period"]) / "index.md"
        page.parent.mkdir(parents=True)
        page.write_text(as_file(data), encoding="utf-8")
        config = root / "mkdocs.yml"
        config.write_text(MKDOCS_YML, encoding="utf-8")
        build(load_config(config_file=str(config)))
        assert (root / "site" / str(data["period"]) / "index.html").is_file()


@examples(400)
@given(st.binary(max_size=3000))
def test_any_bytes_load_without_an_exception(raw: bytes) -> None:
    result = load_bytes(raw, "fuzz.md", folder="2026-Q1")
    assert all(d.line >= 1 for d in result.diagnostics)


@examples(400)
@given(yaml_text, st.booleans())
def test_yaml_like_text_loads_without_an_exception(text: str, fenced: bool) -> None:
    source = f"---\nperiod: 2026-Q1\n{text}\n---\n# Body\n" if fenced else text
    result = load_bytes(source.encode("utf-8"), "fuzz.md", folder="2026-Q1")
    assert all(
        well_placed(d, source.replace("\r\n", "\n").replace("\r", "\n")) for d in result.diagnostics
    )
