"""Synthetic plans for benchmarks: N quarters, each with one plan page and M plain pages, and
the annual plan of each year (its goal the sum of its quarters', so the checks across plans run).

    python bench/generate.py OUT_DIR [--quarters 20] [--pages 9] [--programs 8]

Writes OUT_DIR/plans/... and two configs: OUT_DIR/mkdocs.yml (with planpub) and
OUT_DIR/plain.yml (the same site without planpub), so a benchmark can compare both builds.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

CADENCES = ("weekly", "biweekly", "monthly", "once")
LOREM = (
    "The team reviews the funnel every two weeks and moves budget towards the programs whose "
    "yield per occurrence holds up. Owners report actuals before each review. "
)


def quarters(count: int, first_year: int = 2022) -> list[tuple[int, int]]:
    return [(first_year + i // 4, i % 4 + 1) for i in range(count)]


def goal_and_funnel(aim: str, revenue: int) -> list[str]:
    """The goal and the funnel, the same for a year's plan and its quarters'."""
    return [
        "goal:",
        f"  statement: Support Sales with {aim}",
        f"  revenue: {revenue}",
        "  average_deal: 100000",
        "funnel:",
        "  stages:",
        "    - {id: mql, name: Marketing-qualified leads, rate: 25%, days: 14}",
        "    - {id: engaged, name: Engaged contacts, rate: 10%, days: 30}",
        "    - {id: deals, name: New customers}",
    ]


def annual_page(year: int, revenue: int, quarters: int) -> str:
    lines = [
        "---",
        f"period: {year}",
        f"title: {year} annual marketing plan",
        "owner: Maria Santos",
        "status: approved",
        *goal_and_funnel(f"new business in {year}", revenue),
        f"budget: {{total: {100_000 * quarters}}}",
        "---",
        f"# {year} annual plan",
        "",
        LOREM * 2,
    ]
    return "\n".join(lines) + "\n"


def plan_page(year: int, quarter: int, programs: int, revenue: int, seed: int = 0) -> str:
    """A quarter plan; its programs' numbers are drawn from `seed` and the quarter."""
    month = 3 * quarter - 2
    rng = random.Random(seed * 100_000 + year * 10 + quarter)
    lines = [
        "---",
        f"period: {year}-Q{quarter}",
        "owner: Maria Santos",
        "status: approved",
        *goal_and_funnel(f"new business in Q{quarter} {year}", revenue),
        "focus_areas:",
        "  - {id: lead-gen, name: Lead generation, why: Sales needs pipeline}",
        "  - {id: website, name: Website traction, why: Organic traffic is flat}",
        "programs:",
    ]
    for number in range(programs):
        cadence = CADENCES[number % len(CADENCES)]
        lines += [
            f"  - id: program-{number}",
            f"    name: Program {number}",
            f"    focus: {'lead-gen' if number % 2 else 'website'}",
            "    owner: Ana Ionescu",
            f"    budget: {rng.randrange(1, 10) * 1000}",
            f"    schedule: {{cadence: {cadence}, "
            f"start: {year}-{month:02d}-{rng.randrange(1, 28):02d}, promote_days: 14}}",
            f"    yields: {{mql: {rng.randrange(5, 40)}, engaged: {rng.randrange(1, 6)}}}",
        ]
    lines += [
        "kpis:",
        "  - {id: mqls, name: New MQLs per month, baseline: 120, change: +25%, actuals: "
        f"[{{date: {year}-{month + 1:02d}-15, value: 131}}]}}",
        "  - {id: session-to-contact, name: Session-to-contact, unit: percent, baseline: 0.75%, "
        "target: 1%}",
        "budget: {total: 100000}",
        "workflows:",
        "  - {name: Blog post production, hours: 6, per_month: 4, hourly_cost: 60}",
        "---",
        f"# Q{quarter} {year} roadmap",
        "",
        LOREM * 3,
    ]
    return "\n".join(lines) + "\n"


def plain_page(title: str) -> str:
    body = "\n\n".join(
        f"## Part {i}\n\n{LOREM * 4}\n\n| a | b |\n|---|---|\n| 1 | 2 |" for i in range(4)
    )
    return f"# {title}\n\n{body}\n"


CONFIG = """site_name: Benchmark plans
site_url: https://plans.example.com/
docs_dir: plans
theme:
  name: material
  font: false
plugins:
{plugins}
markdown_extensions: [tables, attr_list, admonition, md_in_html, {{toc: {{permalink: true}}}}]
"""


def generate(out: Path, *, count: int = 20, pages: int = 9, programs: int = 8) -> Path:
    rng = random.Random(2026)
    plans = out / "plans"
    (plans / "handbook").mkdir(parents=True, exist_ok=True)
    (plans / "index.md").write_text("# Plans\n\nAll quarters.\n", encoding="utf-8")
    (plans / "handbook" / "index.md").write_text(plain_page("Handbook"), encoding="utf-8")
    revenue_of_year: dict[int, list[int]] = {}
    for year, quarter in quarters(count):
        folder = plans / f"{year}-Q{quarter}"
        folder.mkdir(exist_ok=True)
        revenue = rng.randrange(20, 60) * 100_000
        revenue_of_year.setdefault(year, []).append(revenue)
        page_text = plan_page(year, quarter, programs, revenue)
        (folder / "index.md").write_text(page_text, encoding="utf-8")
        for page in range(pages):
            (folder / f"page-{page}.md").write_text(plain_page(f"Brief {page}"), encoding="utf-8")
    for year, revenues in revenue_of_year.items():
        folder = plans / str(year)
        folder.mkdir(exist_ok=True)
        text = annual_page(year, sum(revenues), len(revenues))
        (folder / "index.md").write_text(text, encoding="utf-8")
    (out / "mkdocs.yml").write_text(
        CONFIG.format(plugins="  - search\n  - planpub"), encoding="utf-8"
    )
    (out / "plain.yml").write_text(CONFIG.format(plugins="  - search"), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--quarters", type=int, default=20)
    parser.add_argument("--pages", type=int, default=9)
    parser.add_argument("--programs", type=int, default=8)
    args = parser.parse_args()
    generate(args.out, count=args.quarters, pages=args.pages, programs=args.programs)
    print(f"wrote {args.quarters} quarters to {args.out}")


if __name__ == "__main__":
    main()
