"""Hypothesis strategies for plan front matter: valid plans, and plans one mutation away from valid.

`valid_plans()` draws front matter (plain data, as YAML would load it) that `planpub check --strict`
accepts: a goal, a funnel of 1-5 stages with rates in (0, 1], programs scheduled inside the
period, KPIs, a budget that covers the programs, reviews, workflows and a SWOT. `near_valid()`
makes one mutation that the format forbids: a wrong type, an unknown key, a rate out of range, a
date outside the period, a required key removed or an id repeated. `as_file()` writes either as a
plan file.

The "ci" profile makes every run draw the same examples (derandomize), so CI is reproducible;
tests pass it with their own small `max_examples`.
"""

from __future__ import annotations

import copy
import string
from datetime import date, timedelta
from typing import Any

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from planpub.model import Period

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CI = settings.get_profile("ci")

Data = dict[str, Any]

ids = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4})?", fullmatch=True)
words = st.text(
    alphabet=st.characters(
        min_codepoint=32,
        max_codepoint=0x2FFF,
        blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"),
    ),
    min_size=1,
    max_size=24,
)
periods = st.builds(
    Period, st.integers(2024, 2028), st.one_of(st.integers(1, 4), st.integers(1, 4), st.none())
)


def days_in(period: Period) -> st.SearchStrategy[date]:
    return st.dates(min_value=period.start, max_value=period.end)


def window(period: Period) -> st.SearchStrategy[tuple[date, date]]:
    return st.tuples(days_in(period), days_in(period)).map(lambda pair: tuple(sorted(pair)))


def rates() -> st.SearchStrategy[Any]:
    """A rate in (0, 1]: "7%", "12.5%" or the fraction 0.07, each exact."""
    percent = st.integers(1, 100)
    return st.one_of(
        percent.map(lambda n: f"{n}%"),
        percent.map(lambda n: f"{n}.5%" if n < 100 else "100%"),
        percent.map(lambda n: n / 100),
    )


@st.composite
def funnels(draw: st.DrawFn) -> Data:
    names = draw(st.lists(ids, min_size=1, max_size=5, unique=True))
    stages: list[Data] = [{"id": name, "name": draw(words)} for name in names]
    for stage in stages[:-1]:
        stage["rate"] = draw(rates())
    return {"rounding": draw(st.sampled_from(["ceil", "half-up", "none"])), "stages": stages}


@st.composite
def schedules(draw: st.DrawFn, period: Period) -> Data:
    start, end = draw(window(period))
    cadence = draw(st.sampled_from(["once", "weekly", "biweekly", "monthly", "quarterly"]))
    return {
        "cadence": cadence,
        "start": start,
        "end": end,
        "promote_days": draw(st.integers(0, 30)),
    }


@st.composite
def programs(
    draw: st.DrawFn, period: Period, stages: list[str], focus: list[str], budget: int
) -> Data:
    program: Data = {"id": draw(ids), "name": draw(words), "budget": draw(st.integers(0, budget))}
    program["kind"] = draw(st.sampled_from(["program", "campaign"]))
    if focus and draw(st.booleans()):
        program["focus"] = draw(st.sampled_from(focus))
    if draw(st.booleans()):
        program["schedule"] = draw(schedules(period))
    if draw(st.booleans()):
        program["deadline"] = draw(days_in(period))
    if stages and draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(stages), min_size=1, unique=True))
        program["yields"] = {stage: draw(st.integers(0, 1000)) for stage in chosen}
    elif stages:
        chosen = draw(st.lists(st.sampled_from(stages), min_size=1, unique=True))
        totals = {stage: draw(st.integers(0, 5000)) for stage in chosen}
        program["history"] = {"runs": draw(st.integers(1, 12)), "totals": totals}
    return program


@st.composite
def kpis(draw: st.DrawFn, period: Period) -> Data:
    baseline = draw(st.integers(0, 10_000))
    kpi: Data = {"id": draw(ids), "name": draw(words), "baseline": baseline}
    if draw(st.booleans()):
        kpi["target"] = baseline + draw(st.integers(1, 5000)) * draw(st.sampled_from([1, -1]))
    else:
        kpi["change"] = f"{draw(st.sampled_from(['+', '-']))}{draw(st.integers(1, 90))}%"
    kpi["direction"] = draw(st.sampled_from(["up", "down"]))
    kpi["unit"] = draw(st.sampled_from(["count", "currency", "ratio"]))
    kpi["due"] = draw(days_in(period))
    kpi["actuals"] = [
        {"date": day, "value": draw(st.integers(0, 20_000))}
        for day in draw(st.lists(days_in(period), max_size=3))
    ]
    return kpi


def unique_ids(items: list[Data]) -> list[Data]:
    seen: set[str] = set()
    kept = []
    for item in items:
        if item["id"] not in seen:
            seen.add(item["id"])
            kept.append(item)
    return kept


@st.composite
def valid_plans(draw: st.DrawFn) -> Data:
    """Front matter that checks clean, without warnings."""
    period = draw(periods)
    plan: Data = {"period": str(period), "owner": draw(words), "status": "approved"}
    funnel = draw(funnels())
    stage_ids = [stage["id"] for stage in funnel["stages"]]
    average = draw(st.integers(1_000, 1_000_000))
    plan["goal"] = {
        "statement": draw(words),
        "revenue": average * draw(st.integers(1, 1000)),
        "average_deal": average,
        "by": period.end,
    }
    plan["funnel"] = funnel
    plan["focus_areas"] = unique_ids(
        draw(st.lists(st.builds(lambda i, n: {"id": i, "name": n}, ids, words), max_size=3))
    )
    focus = [area["id"] for area in plan["focus_areas"]]
    count = draw(st.integers(0, 4))
    total = draw(st.integers(0, 1_000_000))
    share = total // (2 * max(count, 1))  # each under half of the total, all within it
    plan["programs"] = unique_ids(
        [draw(programs(period, stage_ids, focus, share)) for _ in range(count)]
    )
    plan["kpis"] = unique_ids(draw(st.lists(kpis(period), max_size=3)))
    plan["budget"] = {"total": total}
    plan["reviews"] = [
        {"kind": kind, "date": draw(days_in(period))}
        for kind in draw(st.lists(st.sampled_from(["mid-quarter", "final"]), unique=True))
    ]
    plan["workflows"] = [
        {"name": draw(words), "hours": draw(st.integers(0, 40)), "per_month": 4, "hourly_cost": 50}
        for _ in range(draw(st.integers(0, 2)))
    ]
    plan["swot"] = {"strengths": draw(st.lists(words, max_size=2)), "threats": [draw(words)]}
    return plan


# -- one mutation away -------------------------------------------------------------------------

WRONG = {"zz wrong": True}  # wrong wherever it goes: not text, not a number, not a list, no key


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside `data`: keys of mappings, indices of lists."""
    found: list[tuple[Any, ...]] = []
    if isinstance(data, dict):
        items: list[tuple[Any, Any]] = list(data.items())
    elif isinstance(data, list):
        items = list(enumerate(data))
    else:
        return found
    for key, value in items:
        found.append((*prefix, key))
        found.extend(paths(value, (*prefix, key)))
    return found


def at(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def wrong_type(data: Data, draw: st.DrawFn) -> None:
    path = draw(st.sampled_from(paths(data)))
    at(data, path[:-1])[path[-1]] = copy.deepcopy(WRONG)


def unknown_key(data: Data, draw: st.DrawFn) -> None:
    mappings = [p for p in paths(data) if isinstance(at(data, p), dict)]
    target = at(data, draw(st.sampled_from(mappings))) if mappings and draw(st.booleans()) else data
    target["bogus_" + draw(st.text(string.ascii_lowercase, min_size=1, max_size=5))] = 1


def rate_out_of_range(data: Data, draw: st.DrawFn) -> None:
    stage = draw(st.sampled_from(data["funnel"]["stages"]))
    stage["rate"] = draw(st.sampled_from([150, -0.1, "101%", "-5%", 2.5]))


def date_outside(data: Data, draw: st.DrawFn) -> None:
    period = Period.parse(str(data["period"]))
    if period is None:
        raise ValueError(f"not a period: {data['period']!r}")
    day = period.end + timedelta(days=draw(st.integers(1, 400)))
    if data["programs"] and draw(st.booleans()):
        draw(st.sampled_from(data["programs"]))["deadline"] = day
    else:
        data["reviews"].append({"kind": "final", "date": day})


REQUIRED = {
    "period": (),
    "total": ("budget",),
    "name": ("funnel", "stages", 0),
    "id": ("funnel", "stages", 0),
    "stages": ("funnel",),
    "average_deal": ("goal",),
}


def required_removed(data: Data, draw: st.DrawFn) -> None:
    key = draw(st.sampled_from(sorted(REQUIRED)))
    del at(data, REQUIRED[key])[key]


def id_repeated(data: Data, draw: st.DrawFn) -> None:
    lists = [("funnel", "stages"), ("focus_areas",), ("programs",), ("kpis",)]
    usable = [path for path in lists if at(data, path)]
    if not usable:
        data["focus_areas"] = [{"id": "twice", "name": "A"}, {"id": "twice", "name": "B"}]
        return
    items = at(data, draw(st.sampled_from(usable)))
    items.insert(0, copy.deepcopy(items[-1]))


MUTATIONS = {
    "wrong type": wrong_type,
    "unknown key": unknown_key,
    "rate out of range": rate_out_of_range,
    "date outside the period": date_outside,
    "required key removed": required_removed,
    "id repeated": id_repeated,
}


@st.composite
def near_valid(draw: st.DrawFn, mutation: str) -> Data:
    """A valid plan with one mutation the format forbids: one of MUTATIONS, by name."""
    plan = draw(valid_plans())
    MUTATIONS[mutation](plan, draw)
    return plan


def as_file(data: Any, body: str = "# Plan\n\nText of the page.\n") -> str:
    """A plan file: the data as YAML front matter, then the body."""
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000)
    return f"---\n{front}---\n{body}"


# -- raw text ----------------------------------------------------------------------------------

YAML_ALPHABET = string.ascii_letters[:8] + string.digits[:4] + " \t\n-:,[]{}#&*!|>'\"%@`?~.\\\r"
yaml_text = st.text(alphabet=YAML_ALPHABET, max_size=300)
