"""Plan diffs as Markdown: the pull-request comment and each quarter's "Changes since" page.

The pull-request form is one headline with the counts and the budget change, a table of the
largest changes, and each plan's changes in a collapsible `<details>` section. Plan strings are
escaped with HTML character references, so Markdown or HTML written in a plan shows as text, in
GitHub's renderer and in Python-Markdown alike. Paths go into code spans when they can.

English labels and plain numbers and dates (`planpub show`'s forms) by default: a site renders
`changes_page_markdown` with its locale's `labels` (the keys of `LABELS`) and `formats` (money,
numbers, percentages and dates the way the rest of the site shows them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

from planpub.diff import Change, PlanDiff, diff_plans
from planpub.diff_render import (
    PLAIN,
    Currencies,
    ValueFormats,
    change_text,
    clean,
    currencies,
    delta_text,
    plural,
    summarize,
    summary_line,
    value_text,
)
from planpub.model import Plan
from planpub.records import record
from planpub.scaffold import months_between, shift_date

LARGEST = 10
ESCAPED = "&<\"'`*_[]|~{}$\\#@!"  # `>` is harmless once `<` is escaped; kept readable
ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in ESCAPED})
LABELS: Mapping[str, str] = {
    "title": "Changes since {previous}",
    "first": "{current} is the first quarter: there is nothing to compare it with.",
    "same": "Nothing in the plan changed since {previous}.",
    "summary": "{inputs} to the plan since {previous}; {derived} moved as a result.",
    "change": "change",
    "number": "number",
    "plan": "The plan",
    "follows": "What follows from it",
    "what": "What",
    "before": "Before",
    "now": "Now",
    "delta": "Change",
    "added": "added",
    "removed": "removed",
    "changed": "changed",
    "renamed": "renamed",
    "moved": "Dates that moved with the quarter, actuals and reviews are not listed.",
}

PR_LABELS = {**LABELS, "now": "After"}


def md(text: str) -> str:
    """Plan text for Markdown: one line, with Markdown and HTML characters as references."""
    return clean(text).translate(ENTITIES)


def code(text: str) -> str:
    """A path in a code span, or escaped text when a backtick or pipe would break the span."""
    text = clean(text)
    return f"`{text}`" if not set(text) & set("`|") else md(text)


# -- pull-request comment ------------------------------------------------------------------------


def render_markdown(diffs: Sequence[PlanDiff]) -> str:
    summary = summarize(diffs)
    headline = f"### Plan changes: {md(summary_line(summary))}"
    if summary.same:
        return headline + "\n"
    blocks = [f"{headline}. {budget_headline(diffs)}", *_largest(diffs)]
    blocks += [_details(d) for d in diffs if d.status != "same"]
    return "\n\n".join(blocks) + "\n"


def budget_headline(diffs: Sequence[PlanDiff]) -> str:
    parts = [f"{d.period} {text}" for d in diffs if (text := _budget_change(d))]
    return "Budget: " + ("; ".join(parts) if parts else "unchanged")


def _budget_change(diff: PlanDiff) -> str:
    money = currencies(diff)
    plan = diff.new or diff.old
    if diff.status in ("added", "removed") and plan is not None and plan.budget is not None:
        return f"{value_text(plan.budget.total, 'money', plan.currency)} ({diff.status} plan)"
    moved = [
        f"{c.path.removeprefix('budget.')} {md(change_text(c, money))}"
        for c in (*diff.inputs, *diff.derived)
        if c.path in ("budget", "budget.total", "budget.allocated")
    ]
    return ", ".join(moved)


def _largest(diffs: Sequence[PlanDiff]) -> list[str]:
    rows = [
        (d, change, section)
        for d in diffs
        for section, changes in (("plan", d.inputs), ("follows", d.derived))
        for change in changes
        if change.delta is not None and change.unit in ("money", "number", "percent")
    ]
    rows.sort(key=lambda row: _size(row[1]))
    if not rows:
        return []
    lines = ["| Plan | What | Source | Before | After | Change |", "|---|---|---|---|---|---|"]
    for d, change, section in rows[:LARGEST]:
        cells = _value_cells(change, currencies(d))
        lines.append(f"| {d.period} | {code(change.path)} | {section} | {cells} |")
    return [f"**Largest changes** (of {len(rows)} numbers)", "\n".join(lines)]


def _size(change: Change) -> float:
    """Sort key: the largest relative change first; a change from zero counts as the largest."""
    ratio = change.delta_ratio
    return float("-inf") if ratio is None else -abs(float(ratio))


def _value_cells(change: Change, money: Currencies, formats: ValueFormats = PLAIN) -> str:
    """The Before, Now and Change cells of a change's row."""
    if change.note:
        return f" | | {md(change.note)}"
    before, after = "", ""
    if change.kind != "added":
        before = value_text(change.old, change.unit, money[0], formats)
    if change.kind != "removed":
        after = value_text(change.new, change.unit, money[1], formats)
    return f"{md(before)} | {md(after)} | {md(delta_text(change, money, formats))}"


def _details(diff: PlanDiff) -> str:
    counts = f"{plural(len(diff.inputs), 'change')}, {plural(len(diff.derived), 'derived number')}"
    status = "" if diff.status == "changed" else f" ({diff.status})"
    old, new = (code(p.source) if p else "(none)" for p in (diff.old, diff.new))
    lines = [
        "<details>",
        f"<summary>{diff.period}{status}: {counts}</summary>",
        "",
        f"{old} &#8594; {new}",
    ]
    for heading, changes in (("Plan", diff.inputs), ("What follows", diff.derived)):
        if changes:
            table = change_table(changes, currencies(diff), PR_LABELS)
            lines += ["", f"**{heading}**", "", *table]
    return "\n".join([*lines, "", "</details>"])


def change_table(
    changes: Sequence[Change],
    money: Currencies,
    labels: Mapping[str, str],
    formats: ValueFormats = PLAIN,
) -> list[str]:
    head = ["", labels["what"], labels["before"], labels["now"], labels["delta"]]
    lines = ["| " + " | ".join(head) + " |", "|---|---|---|---|---|"]
    for change in changes:
        cells = _value_cells(change, money, formats)
        if change.kind == "renamed":
            cells = f"{md(str(change.old))} | {md(str(change.new))} | "
        lines.append(f"| {labels[change.kind]} | {code(change.path)} | {cells} |")
    return lines


# -- "Changes since" page ------------------------------------------------------------------------


@record
class _PageFilter:
    """What a reader of the next quarter does not need: records of the last one, moved dates."""

    months: int

    def keep(self, change: Change) -> bool:
        path = change.path
        if path in ("period", "title", "body") or path.startswith("reviews"):
            return False
        if ".actuals" in path or path.endswith(".status"):
            return False
        return not self._moved(change.old, change.new)

    def _moved(self, old: object, new: object) -> bool:
        if not (isinstance(old, date) and isinstance(new, date)):
            return False
        return shift_date(old, self.months) == new


def changes_page_markdown(
    previous: Plan | None,
    current: Plan,
    *,
    labels: Mapping[str, str] = LABELS,
    keep: Callable[[Change], bool] | None = None,
    formats: ValueFormats = PLAIN,
) -> str:
    """The "Changes since <previous quarter>" page of `current`, as Markdown.

    `labels` are the page's words (English by default; a site passes its locale's), `formats`
    print its values (plain by default; a site passes the plan's locale and currency). `keep`
    chooses the changes to list; by default dates that moved with the quarter, the previous
    quarter's actuals and reviews, and KPI statuses are left out.
    """
    if previous is None:
        return f"{labels['first'].format(current=current.period)}\n"
    chosen = keep or _PageFilter(months_between(previous.period, current.period)).keep
    diff = diff_plans(previous, current)
    inputs = [c for c in diff.inputs if chosen(c)]
    derived = [c for c in diff.derived if chosen(c)]
    title = "# " + labels["title"].format(previous=previous.period)
    if not inputs and not derived:
        return f"{title}\n\n{labels['same'].format(previous=previous.period)}\n"
    counts = labels["summary"].format(
        inputs=_count(len(inputs), labels["change"]),
        derived=_count(len(derived), labels["number"]),
        previous=previous.period,
    )
    blocks = [title, counts, f"*{labels['moved']}*"]
    money = currencies(diff)
    for heading, changes in ((labels["plan"], inputs), (labels["follows"], derived)):
        if changes:
            blocks += [f"## {heading}", "\n".join(change_table(changes, money, labels, formats))]
    return "\n\n".join(blocks) + "\n"


def _count(count: int, noun: str) -> str:
    """English plural; labels of other languages give no noun and phrase the count around it."""
    return plural(count, noun) if noun else str(count)
