"""The docs name every problem code the code can report, and the README's commands are real."""

from __future__ import annotations

import re

from conftest import ROOT


def codes_in_source() -> set[str]:
    codes: set[str] = set()
    for path in (ROOT / "src" / "planpub").rglob("*.py"):
        codes |= set(re.findall(r'"(PP\d{3})"', path.read_text(encoding="utf-8")))
    return codes


def test_every_problem_code_is_documented() -> None:
    documented = set(
        re.findall(
            r"^\| (PP\d{3}) \|",
            (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8"),
            flags=re.MULTILINE,
        )
    )
    assert codes_in_source() - documented == set()
    assert documented - codes_in_source() == set()


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^make test\b", readme, flags=re.MULTILINE)
    assert re.search(r"^make serve\b", readme, flags=re.MULTILINE)
    ci = [
        line
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#") and not line.startswith(("set ", "cd "))
    ]
    assert ci == ["make test"]
