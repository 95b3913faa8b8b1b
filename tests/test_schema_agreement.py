"""`planpub schema` and the validator accept and reject the same front matter."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import PLANS, ROOT

from planpub import schema
from planpub.frontmatter import LoadError, decode, parse_document
from planpub.spec import json_schema

BROKEN = sorted((ROOT / "tests" / "broken" / "2026-Q1").glob("*.md"))
PLAN_FILES = sorted(p for p in PLANS.rglob("*.md") if "period:" in p.read_text(encoding="utf-8"))


def as_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def has_non_finite(value: Any) -> bool:
    if isinstance(value, dict):
        return any(has_non_finite(v) for v in value.values())
    if isinstance(value, list):
        return any(has_non_finite(v) for v in value)
    return isinstance(value, float) and not math.isfinite(value)


def front_matter(path: Path) -> Any:
    try:
        doc = parse_document(decode(path.read_bytes()))
    except LoadError:
        pytest.skip("not UTF-8: rejected before any schema applies")
    if doc.problems or not doc.has_front_matter:
        pytest.skip("not loadable YAML: rejected before any schema applies")
    if has_non_finite(doc.data):
        pytest.skip("NaN and infinity cannot be written in JSON")
    return doc.data


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    spec = json_schema()
    jsonschema.Draft202012Validator.check_schema(spec)
    return jsonschema.Draft202012Validator(spec, format_checker=jsonschema.FormatChecker())


def test_cli_prints_the_schema(planpub) -> None:
    run = planpub(["schema"])
    assert run.exit_code == 0
    assert json.loads(run.stdout) == json_schema()


@pytest.mark.parametrize("path", PLAN_FILES, ids=lambda p: p.parent.name)
def test_example_plans_are_valid_for_both(path: Path, validator) -> None:
    data = front_matter(path)
    assert list(validator.iter_errors(as_json(data))) == []
    assert schema.validate(data)[1].findings == []


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_plans_get_the_same_verdict(path: Path, validator) -> None:
    data = front_matter(path)
    schema_says_valid = validator.is_valid(as_json(data))
    # JSON Schema cannot say "unique by id" (uniqueItems compares whole items): PP106 is ours alone
    structural = [f for f in schema.validate(data)[1].findings if f.code != "PP106"]
    assert schema_says_valid == (not structural), (
        structural,
        list(validator.iter_errors(as_json(data))),
    )
