"""`planpub show` on the example plans gives the seeds' numbers."""

from __future__ import annotations

import json


def test_show_json_of_the_q1_example_has_the_seed_numbers(planpub) -> None:
    run = planpub(["show", "plans/2026-Q1", "--format", "json"])
    assert run.exit_code == 0, run.stderr
    data = json.loads(run.stdout)
    derived = data["derived"]
    # $5,000,000 goal / $500,000 average deal = 10 deals; 10% of engaged contacts close -> 100
    stages = {stage["id"]: stage for stage in derived["funnel"]["stages"]}
    assert derived["funnel"]["deals"] == 10
    assert stages["deals"]["need"] == 10
    assert stages["engaged"]["need"] == 100
    # 4 webinars at 100 registered / 30 attended / 10 demos / 5 engaged / 1 deal each:
    # 5 engaged and 1 deal per webinar; monthly from Jan 20 to Mar 31 -> Jan 20, Feb 20, Mar 20
    webinars = next(p for p in derived["programs"] if p["id"] == "webinars")
    assert webinars["yields"]["engaged"] == 5 and webinars["yields"]["deals"] == 1
    assert webinars["occurrences"] == ["2026-01-20", "2026-02-20", "2026-03-20"]
    assert webinars["expected"]["engaged"] == 15 and webinars["expected"]["deals"] == 3
    # Blog post production: 6 h x 4 a month x 60 an hour x 12 months = 17,280 a year
    workflows = {w["name"]: w["annual_cost"] for w in derived["workflows"]}
    assert workflows["Blog post production"] == 17280


def test_show_accepts_a_period_name_and_a_file(planpub) -> None:
    by_period = planpub(["show", "2026-Q1", "--format", "json"])
    by_file = planpub(["show", "plans/2026-Q1/index.md", "--format", "json"])
    assert by_period.exit_code == by_file.exit_code == 0
    assert by_period.stdout == by_file.stdout


def test_show_text_summarises_goal_and_funnel(planpub) -> None:
    run = planpub(["show", "2026-Q1"])
    assert run.exit_code == 0
    assert "5,000,000 USD / 500,000 USD per deal = 10 deals by 2026-06-01" in run.stdout


def test_show_refuses_a_plan_with_errors(planpub) -> None:
    run = planpub(["show", "tests/broken/2026-Q1/rate-above-one.md"])
    assert run.exit_code == 1
    assert "error[PP102]" in run.stderr
    assert run.stdout == ""


def test_show_of_a_plain_page_or_nothing_is_a_usage_error(planpub) -> None:
    assert planpub(["show", "plans/handbook/index.md"]).exit_code == 2
    missing = planpub(["show", "2031-Q4"])
    assert missing.exit_code == 2
    assert missing.stderr.startswith("error: no plan at '2031-Q4'")
