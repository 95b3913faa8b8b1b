"""`planpub diff` against git revisions, in a temporary repository."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import PLANS

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
SETTINGS = ("-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main")


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Planner", "-c", "user.email=p@example.com", *SETTINGS, *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with the example's Q1 and Q2 plans and a handbook page, committed."""
    for period in ("2026-Q1", "2026-Q2"):
        (tmp_path / "plans" / period).mkdir(parents=True)
        shutil.copy(PLANS / period / "index.md", tmp_path / "plans" / period / "index.md")
    (tmp_path / "plans" / "handbook.md").write_text("# Handbook\n", encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "plans")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_base_head_reports_exactly_the_edit(planpub, repo: Path) -> None:
    edit(repo / "plans" / "2026-Q1" / "index.md", "budget: 18_000", "budget: 20_000")
    run = planpub(["diff", "--base", "HEAD", "--format", "json"], cwd=repo)
    assert run.exit_code == 1, run.stderr
    data = json.loads(run.stdout)
    q1, q2 = data["plans"]
    assert (q1["status"], q2["status"]) == ("changed", "same")
    assert q1["old"] == "HEAD:plans/2026-Q1/index.md" and q1["new"] == "plans/2026-Q1/index.md"
    assert [(c["kind"], c["path"], c["old"], c["new"]) for c in q1["inputs"]] == [
        ("changed", "programs[webinars].budget", 18000, 20000)
    ]
    # programs 18,000 + 12,000 + 35,000 + 6,000 = 71,000 -> 73,000 of 100,000; the funnel and
    # the programs' results do not move, only what the budget says
    derived = {c["path"]: (c["old"], c["new"]) for c in q1["derived"]}
    assert list(derived) == [
        "budget.allocated",
        "budget.remaining",
        "budget.cost_per_deal",
        "budget.expected_return",
    ]
    assert derived["budget.allocated"] == (71000, 73000)
    assert derived["budget.remaining"] == (29000, 27000)


def test_base_head_without_edits_is_the_same(planpub, repo: Path) -> None:
    run = planpub(["diff", "--base", "HEAD"], cwd=repo)
    assert (run.exit_code, run.stdout) == (0, "no changes (2 plans compared)\n")


def test_base_sees_an_added_quarter(planpub, repo: Path) -> None:
    (repo / "plans" / "2026-Q3").mkdir()
    shutil.copy(PLANS / "2026-Q3" / "index.md", repo / "plans" / "2026-Q3" / "index.md")
    run = planpub(["diff", "--base", "HEAD", "--format", "markdown"], cwd=repo)
    assert run.exit_code == 1
    assert run.stdout.startswith("### Plan changes: 1 plan added. Budget: 2026-Q3 90,000 PLN")


def test_a_revision_of_a_path_against_the_working_file(planpub, repo: Path) -> None:
    edit(repo / "plans" / "2026-Q2" / "index.md", "rate: 10%", "rate: 8%")
    run = planpub(["diff", "HEAD:plans/2026-Q2", "2026-Q2"], cwd=repo)
    assert run.exit_code == 1
    assert "~ funnel.stages[engaged].rate: 10% -> 8% (-2 pp, -20%)" in run.stdout
    assert run.stdout.startswith("2026-Q2  HEAD:plans/2026-Q2/index.md -> plans/2026-Q2/index.md")


def test_a_broken_plan_at_the_base_is_reported_and_not_compared(planpub, repo: Path) -> None:
    edit(repo / "plans" / "2026-Q1" / "index.md", "rate: 10%", "rate: 35")
    git(repo, "commit", "-q", "-am", "a bad rate")
    edit(repo / "plans" / "2026-Q1" / "index.md", "rate: 35", "rate: 10%")
    run = planpub(["diff", "--base", "HEAD"], cwd=repo)
    assert run.exit_code == 2
    assert "HEAD:plans/2026-Q1/index.md:" in run.stderr and "error[PP102]" in run.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "--base", "no-such-branch"], "'no-such-branch' is not a commit"),
        (["diff", "HEAD:plans/2031-Q4/index.md", "2026-Q1"], "cannot read 'HEAD:plans/2031-Q4"),
    ],
    ids=["unknown-revision", "unknown-path"],
)
def test_git_errors_are_one_line(planpub, repo: Path, args: list[str], message: str) -> None:
    run = planpub(args, cwd=repo)
    assert run.exit_code == 2
    assert run.stderr.startswith("error: ") and message in run.stderr


def test_outside_a_repository(planpub, tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    run = planpub(["diff", "--base", "HEAD"], cwd=tmp_path)
    assert run.exit_code == 2 and "not a git repository" in run.stderr
