"""The semantic diff: matching, change kinds, derived numbers, formats and the command line."""

from __future__ import annotations

import json
from datetime import date
from fractions import Fraction
from html import unescape

import markdown
import pytest
from conftest import ROOT

from planpub.diff import Change, PlanDiff, diff_plans
from planpub.diff_markdown import changes_page_markdown, md, render_markdown
from planpub.diff_render import render_json, render_text
from planpub.loader import load_file, load_text
from planpub.model import Plan
from planpub.render.formatting import ChangeFormats, Formatter

BASE = """\
---
period: 2026-Q1
owner: Maria Santos
currency: USD
goal: {revenue: 1_000_000, average_deal: 100_000}
funnel:
  stages:
    - {id: engaged, name: Engaged contacts, rate: 10%}
    - {id: deals, name: New customers}
programs:
  - {id: webinars, name: Webinars, budget: 18_000, yields: {engaged: 20}}
  - {id: seo, name: SEO, budget: 0, yields: {engaged: 10}}
kpis:
  - {id: mqls, name: New MQLs, baseline: 120, target: 150}
budget: {total: 50_000}
swot: {strengths: [Known yields]}
---
Body.
"""


def plan(text: str = BASE) -> Plan:
    loaded = load_text(text, "plan.md", folder="2026-Q1")
    assert not loaded.has_errors, [str(d) for d in loaded.diagnostics]
    assert loaded.plan is not None
    return loaded.plan


def edited(old: str, new: str) -> Plan:
    assert old in BASE, old
    return plan(BASE.replace(old, new))


def paths(changes: tuple[Change, ...], kind: str | None = None) -> list[str]:
    return [c.path for c in changes if kind is None or c.kind == kind]


def test_the_same_plan_has_no_changes() -> None:
    diff = diff_plans(plan(), plan())
    assert diff.status == "same" and diff.inputs == () and diff.derived == ()


def test_a_budget_edit_has_delta_and_percent_and_moves_the_budget_numbers() -> None:
    diff = diff_plans(plan(), edited("budget: 18_000", "budget: 27_000"))
    (change,) = diff.inputs
    assert (change.kind, change.path, change.unit) == (
        "changed",
        "programs[webinars].budget",
        "money",
    )
    assert change.delta == 9000 and change.delta_ratio == Fraction(1, 2)
    # allocated 18,000 -> 27,000; remaining 50,000 - allocated: 32,000 -> 23,000
    moved = {c.path: (c.old, c.new) for c in diff.derived}
    assert moved["budget.allocated"] == (18000, 27000)
    assert moved["budget.remaining"] == (32000, 23000)


def test_no_percentage_from_zero() -> None:
    diff = diff_plans(plan(), edited("budget: 0", "budget: 5_000"))
    (change,) = diff.inputs
    assert change.delta == 5000 and change.delta_ratio is None
    assert "(+5,000 USD)" in render_text([diff])


def test_removed_and_added_items_are_not_guessed_to_be_a_rename() -> None:
    diff = diff_plans(plan(), edited("id: seo", "id: blog"))
    assert paths(diff.inputs, "removed") == ["programs[seo]"]
    assert paths(diff.inputs, "added") == ["programs[blog]"]
    assert paths(diff.inputs, "renamed") == []


def test_renamed_from_makes_a_rename_and_the_fields_still_compare() -> None:
    new = edited("{id: seo, name: SEO,", "{id: blog, renamed_from: seo, name: Blog,")
    diff = diff_plans(plan(), new)
    renamed = [c for c in diff.inputs if c.kind == "renamed"]
    assert [(c.path, c.old, c.new) for c in renamed] == [("programs[blog]", "seo", "blog")]
    assert paths(diff.inputs, "changed") == ["programs[blog].name"]
    assert diff.derived == ()  # the program's numbers line up under its new id


def test_renamed_from_an_id_that_is_still_there_is_an_addition() -> None:
    text = BASE.replace(
        "kpis:", "  - {id: blog, renamed_from: seo, name: Blog, yields: {engaged: 1}}\nkpis:"
    )
    diff = diff_plans(plan(), plan(text))
    assert paths(diff.inputs, "added") == ["programs[blog]"]


def test_swot_lists_are_sets_of_strings() -> None:
    reordered = edited("strengths: [Known yields]", "strengths: [Team, Known yields]")
    diff = diff_plans(plan(), reordered)
    assert [(c.kind, c.path, c.new) for c in diff.inputs] == [("added", "swot.strengths", "Team")]


def test_a_kpi_actual_is_matched_by_its_date() -> None:
    new = edited("target: 150}", "target: 150, actuals: [{date: 2026-02-01, value: 130}]}")
    diff = diff_plans(plan(), new)
    assert [(c.kind, c.path, c.new) for c in diff.inputs] == [
        ("added", "kpis[mqls].actuals[2026-02-01]", 130)
    ]
    assert "kpis[mqls].status" in paths(diff.derived)


def test_moving_a_funnel_stage_is_a_change() -> None:
    text = BASE.replace(
        "    - {id: engaged, name: Engaged contacts, rate: 10%}\n",
        "    - {id: mql, name: MQLs, rate: 25%}\n    - {id: engaged, name: Engaged contacts, "
        "rate: 10%}\n",
    )
    swapped = text.replace(
        "    - {id: mql, name: MQLs, rate: 25%}\n    - {id: engaged, name: Engaged contacts, "
        "rate: 10%}\n",
        "    - {id: engaged, name: Engaged contacts, rate: 10%}\n    - {id: mql, name: MQLs, "
        "rate: 25%}\n",
    )
    diff = diff_plans(plan(text), plan(swapped))
    assert "funnel.stages order" in paths(diff.inputs, "changed")


def test_a_conversion_rate_edit_moves_only_derived_numbers() -> None:
    # 10 deals / 10% = 100 engaged contacts; / 8% = 125. Programs plan 20 + 10 = 30 of them.
    diff = diff_plans(plan(), edited("rate: 10%", "rate: 8%"))
    assert paths(diff.inputs) == ["funnel.stages[engaged].rate"]
    moved = {c.path: (c.old, c.new) for c in diff.derived}
    assert moved["funnel.stages[engaged].need"] == (100, 125)
    assert moved["coverage[engaged].gap"] == (70, 95)
    assert moved["coverage[engaged].ratio"] == (Fraction(30, 100), Fraction(30, 125))


def test_an_added_plan_has_no_changes_listed_but_its_status() -> None:
    diff = PlanDiff(None, plan())
    assert diff.status == "added"
    assert "plan added" in render_text([diff])
    assert json.loads(render_json([diff]))["summary"]["added"] == 1


def test_text_has_colour_only_when_asked() -> None:
    diff = diff_plans(plan(), edited("budget: 18_000", "budget: 27_000"))
    assert "\x1b[" not in render_text([diff])
    assert "\x1b[33m~\x1b[0m" in render_text([diff], colour=True)


def test_json_is_versioned_and_stable() -> None:
    diff = diff_plans(plan(), edited("rate: 10%", "rate: 8%"))
    first = render_json([diff])
    assert first == render_json([diff_plans(plan(), edited("rate: 10%", "rate: 8%"))])
    data = json.loads(first)
    assert data["version"] == 1
    (change,) = data["plans"][0]["inputs"]
    assert change == {
        "kind": "changed",
        "path": "funnel.stages[engaged].rate",
        "unit": "percent",
        "old": 0.1,
        "new": 0.08,
        "delta": -0.02,
        "delta_percent": -20,
        "note": None,
    }


def test_markdown_shows_plan_html_and_markdown_as_text() -> None:
    hostile = "<script>alert(1)</script> **bold** | [x](javascript:alert(1)) <img src=x onerror=y>"
    diff = diff_plans(plan(), edited("name: Webinars", f"name: '{hostile}'"))
    for rendered in (render_markdown([diff]), changes_page_markdown(plan(), plan()) + md(hostile)):
        html = markdown.markdown(rendered, extensions=["tables"])
        assert "<script" not in html and "<img" not in html and "<strong>bold" not in html
        assert 'href="javascript' not in html
    # GitHub renders Markdown inside <details>; Python-Markdown would not, so leave them out here
    lines = render_markdown([diff]).splitlines()
    inside = "\n".join(line for line in lines if not line.startswith(("<details>", "<summary>")))
    html = markdown.markdown(inside.replace("</details>", ""), extensions=["tables"])
    assert "<table>" in html  # the pipe in the name did not break the table
    shown = "<script>alert(1)</script> **bold** | [x](javascript:alert(1)) <img src=x onerror=y>"
    assert shown in unescape(html)  # what the reader sees: the text as written


def test_markdown_headline_has_counts_and_the_budget_change() -> None:
    diff = diff_plans(plan(), edited("budget: 18_000", "budget: 27_000"))
    headline = render_markdown([diff]).splitlines()[0]
    assert headline.startswith("### Plan changes: 1 plan changed: 1 edit (1 changed)")
    assert "Budget: 2026-Q1 allocated 18,000 USD -> 27,000 USD (+9,000 USD, +50%)" in headline


def example_quarters() -> tuple[Plan, Plan]:
    """The example quarters: 2026-Q2 (nb, NOK), and 2026-Q3 (pl, PLN) whose page compares them."""
    q2 = load_file(ROOT / "plans" / "2026-Q2" / "index.md").plan
    q3 = load_file(ROOT / "plans" / "2026-Q3" / "index.md").plan
    assert q2 is not None and q3 is not None
    return q2, q3


def test_changes_page_of_the_example_quarters() -> None:
    q2, q3 = example_quarters()
    page = changes_page_markdown(q2, q3)
    assert page.startswith("# Changes since 2026-Q2\n")
    assert "| changed | `funnel.stages[engaged].rate` | 10% | 12.5% | +2.5 pp, +25% |" in page
    assert "`reviews" not in page and ".actuals" not in page and "`period`" not in page
    # Q2's blog ran to June 30, Q3's to September 29: not the same day moved by a quarter
    assert "`programs[blog].schedule.end` | 2026-06-30 | 2026-09-29" in page
    # Q2's blog started on April 7, Q3's on July 7: moved with the quarter, so not listed
    assert "programs[blog].schedule.start" not in page


class Tagged:
    """Formats that name the kind of each value, to see which one printed it."""

    def money(self, value: Fraction, currency: str | None) -> str:
        return f"money({value} {currency})"

    def number(self, value: Fraction) -> str:
        return f"number({value})"

    def percent(self, value: Fraction) -> str:
        return f"percent({value})"

    def points(self, value: Fraction) -> str:
        return f"points({value})"

    def date(self, day: date) -> str:
        return f"date({day:%d.%m})"


def test_changes_page_prints_each_value_by_its_kind_through_the_formats_given() -> None:
    page = changes_page_markdown(*example_quarters(), formats=Tagged())
    # each amount in its own plan's currency; no delta between NOK and PLN
    assert "| `budget.total` | money(150000 NOK) | money(90000 PLN) |  |" in page
    assert "| `budget.cost_per_deal` | money(13800 NOK) | money(39500/3 PLN) |  |" in page
    # a rate: 10% -> 12.5% is 2.5 percentage points, a quarter more
    rate = "| `funnel.stages[engaged].rate` | percent(1/10) | percent(1/8) |"
    assert f"{rate} +points(1/40), +percent(1/4) |" in page
    assert "| `kpis[blog-subscribers].baseline` | number(4000) | number(4600) |" in page
    assert "| `programs[blog].schedule.end` | date(30.06) | date(29.09) |  |" in page
    assert "| `owner` | Ingrid Solberg | Katarzyna Nowak |  |" in page  # text as written
    assert "12.5%" not in page and "2026-09-29" not in page and "90,000" not in page


def test_changes_page_in_the_polish_quarters_locale_and_currency() -> None:
    polish = ChangeFormats(Formatter.of("pl", "PLN"), "{points} p.p.")
    page = changes_page_markdown(*example_quarters(), formats=polish)
    # CLDR pl: non-breaking spaces group the digits and stand before "zł", kept in the Markdown
    assert "| `budget.total` | 150\xa0000\xa0NOK | 90\xa0000\xa0zł |  |" in page
    assert "| `budget.cost_per_deal` | 13\xa0800\xa0NOK | 13\xa0166,67\xa0zł |  |" in page
    assert "| `funnel.stages[engaged].rate` | 10% | 12,5% | +2,5 p.p., +25% |" in page
    assert "| `kpis[mqls].change` | 25% | 10% | -15 p.p., -60% |" in page
    assert "| `kpis[blog-subscribers].baseline` | 4\xa0000 | 4\xa0600 | +600, +15% |" in page
    assert "| `programs[blog].schedule.end` | 30 cze 2026 | 29 wrz 2026 |  |" in page


def test_changes_page_without_a_previous_quarter_or_changes() -> None:
    assert "first quarter" in changes_page_markdown(None, plan())
    assert "Nothing in the plan changed since 2026-Q1" in changes_page_markdown(plan(), plan())


def test_changes_page_takes_labels_for_localization() -> None:
    from planpub.diff_markdown import LABELS

    polish = {**LABELS, "title": "Zmiany od {previous}"}
    page = changes_page_markdown(plan(), edited("budget: 18_000", "budget: 27_000"), labels=polish)
    assert page.startswith("# Zmiany od 2026-Q1")


# -- the command line ----------------------------------------------------------------------------


def test_diff_of_two_quarters_by_name(planpub) -> None:
    run = planpub(["diff", "2026-Q2", "2026-Q3"])
    assert run.exit_code == 1
    assert "~ funnel.stages[engaged].rate: 10% -> 12.5% (+2.5 pp, +25%)" in run.stdout
    # money in two currencies: both shown, no delta between NOK and PLN
    assert "~ budget.total: 150,000 NOK -> 90,000 PLN\n" in run.stdout


def test_diff_as_markdown_keeps_plain_numbers_where_the_site_localizes_them(planpub) -> None:
    run = planpub(["diff", "2026-Q2", "2026-Q3", "--format", "markdown"])
    assert "| `budget.total` | 150,000 NOK | 90,000 PLN |  |" in run.stdout
    assert "| `funnel.stages[engaged].rate` | 10% | 12.5% | +2.5 pp, +25% |" in run.stdout
    assert "| `programs[blog].schedule.end` | 2026-06-30 | 2026-09-29 |  |" in run.stdout
    assert "\xa0" not in run.stdout  # no CLDR grouping: 90\xa0000\xa0zł is the site's


def test_exit_zero_and_identical_plans(planpub) -> None:
    assert planpub(["diff", "2026-Q2", "2026-Q3", "--exit-zero"]).exit_code == 0
    same = planpub(["diff", "plans/2026-Q1", "plans/2026-Q1/index.md"])
    assert (same.exit_code, same.stdout) == (0, "no changes (1 plan compared)\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "2026-Q1"], "give two plans to compare"),
        (["diff", "2026-Q1", "2026-Q2", "--base", "HEAD"], "not both"),
        (["diff", "2031-Q4", "2026-Q2"], "no plan at '2031-Q4'"),
        (["diff", "plans/handbook/index.md", "2026-Q2"], "is not a plan page"),
    ],
    ids=["one-plan", "plans-and-base", "missing", "not-a-plan"],
)
def test_usage_errors_exit_2_with_one_line(planpub, args: list[str], message: str) -> None:
    run = planpub(args)
    assert run.exit_code == 2
    assert run.stderr.startswith("error: ") and message in run.stderr
    assert "Traceback" not in run.stderr


def test_a_plan_with_errors_is_reported_never_compared(planpub) -> None:
    run = planpub(["diff", "2026-Q1", "tests/broken/2026-Q1/rate-above-one.md"])
    assert run.exit_code == 2
    assert "error[PP102]" in run.stderr and run.stdout == ""


# -- the workflow and its documentation ----------------------------------------------------------


def test_the_documented_workflow_is_the_workflow_file() -> None:
    workflow = (ROOT / ".github" / "workflows" / "plans.yml").read_text(encoding="utf-8")
    docs = (ROOT / "docs" / "github-actions.md").read_text(encoding="utf-8")
    assert f"```yaml\n{workflow}```\n" in docs


def test_the_workflow_checks_diffs_builds_and_deploys() -> None:
    import yaml

    workflow = (ROOT / ".github" / "workflows" / "plans.yml").read_text(encoding="utf-8")
    jobs = yaml.safe_load(workflow)["jobs"]
    review = "\n".join(step.get("run", "") for step in jobs["review"]["steps"])
    assert "planpub check --format github" in review
    assert 'planpub diff --base "origin/$BASE_REF" --format markdown' in review
    assert '>> "$GITHUB_STEP_SUMMARY"' in review
    build = jobs["build"]["steps"]
    assert any("planpub build -d site" in step.get("run", "") for step in build)
    assert any(step.get("uses", "").startswith("actions/upload-pages-artifact@") for step in build)
    assert jobs["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")
