"""`planpub diff` on pairs of plans in tests/diff/<case>/, in all three formats, against goldens.

Refresh with `pytest --update-goldens` and review the printed diff. The cases:

- rate-edit: only the engaged -> deals conversion rate moves, 10% -> 8%. Worked by hand: the goal
  is 1,000,000 / 100,000 = 10 deals, so engaged contacts needed = 10 / 0.10 = 100 before and
  10 / 0.08 = 125 after. Programs plan 3 webinars x 20 + 40 from the blog = 100 engaged contacts:
  coverage goes from 100 / 100 = 100% to 100 / 125 = 80%, and the gap from 0 to 25. Nothing
  else follows: deals, budget and program results stay the same.
- every-kind: added, removed, changed, renamed (by `renamed_from`) and nested changes (schedule,
  history totals, KPI actuals, reviews, workflows, SWOT strings, body); trade-show removed and
  podcast added is not taken for a rename.
- escaping: Markdown, HTML and a terminal escape sequence in plan strings.
- same: one plan written two ways (key order, flow style, 0.1 for 10%): no change, exit 0.
"""

from __future__ import annotations

import pytest
from conftest import ROOT

CASES = ROOT / "tests" / "diff"
FORMATS = {"text": "txt", "markdown": "md", "json": "json"}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_diff_matches_golden(planpub, golden, case: str, fmt: str) -> None:
    folder = CASES / case
    run = planpub(["diff", f"tests/diff/{case}/a.md", f"tests/diff/{case}/b.md", "--format", fmt])
    assert run.stderr == ""
    assert run.exit_code == (0 if case == "same" else 1)
    golden.check(folder / f"a-b.{FORMATS[fmt]}", run.stdout)
