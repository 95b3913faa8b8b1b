"""The worker processes of `planpub build`, and how the versions' folders are linked."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from planpub import site_files, site_workers
from planpub.site_jobs import VersionJob, VersionResult


def job(quarter: str) -> VersionJob:
    return VersionJob("mkdocs.yml", quarter, (quarter,), f"/nowhere/{quarter}", "")


def answer_with_pid(job: VersionJob) -> VersionResult:
    """In place of a build: says which process took the job."""
    return VersionResult(job.quarter, True, [str(os.getpid())])


@pytest.fixture
def no_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(site_workers, "build_one", answer_with_pid)


def test_the_worker_started_early_is_taken_over_with_the_rest(no_builds: None) -> None:
    site_workers.start_early()
    early = site_workers._early
    with site_workers.builders(2, all_at_once=True) as builders:
        assert builders is early and site_workers._early is None
        results = list(builders.run([job(f"2026-Q{n}") for n in (1, 2, 3, 4)]))
    assert sorted(r.quarter for r in results) == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert len({r.messages[0] for r in results}) == 2  # both workers took jobs
    assert os.getpid() not in {int(r.messages[0]) for r in results}


def test_more_workers_start_only_when_more_than_one_quarter_is_built(no_builds: None) -> None:
    with site_workers.builders(3) as builders:
        assert len(builders.workers) == 1
        assert len(list(builders.run([job("2026-Q1")]))) == 1
        assert len(builders.workers) == 1
        assert len(list(builders.run([job(f"2026-Q{n}") for n in (1, 2, 3)]))) == 3
        assert len(builders.workers) == 3


def test_each_worker_starts_on_its_own_run_of_quarters(no_builds: None) -> None:
    quarters = [f"{year}-Q{n}" for year in (2025, 2026) for n in (1, 2, 3, 4)]
    with site_workers.builders(2, all_at_once=True) as builders:
        results = {r.quarter: r.messages[0] for r in builders.run([job(q) for q in quarters])}
    assert sorted(results) == quarters
    assert results["2025-Q1"] != results["2026-Q1"]  # the first job of each of the two runs


def test_the_jobs_are_cut_into_runs_in_their_order() -> None:
    jobs = [job(f"2026-Q{n}") for n in (1, 2, 3, 4)] + [job("2027-Q1")]
    runs = site_workers._runs(jobs, 2)
    assert [[j.quarter for j in run] for run in runs] == [
        ["2026-Q1", "2026-Q2", "2026-Q3"],
        ["2026-Q4", "2027-Q1"],
    ]
    assert [len(run) for run in site_workers._runs(jobs, 5)] == [1, 1, 1, 1, 1]


def test_a_worker_started_early_and_not_taken_is_stopped() -> None:
    site_workers.start_early()
    early = site_workers._early
    assert early is not None and early.workers
    site_workers.stop_early()
    assert site_workers._early is None and not early.workers


def test_build_help_starts_and_stops_its_early_worker_quietly(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "planpub", "build", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Usage: planpub build" in done.stdout and done.stderr == ""


def test_warming_up_on_a_broken_config_leaves_the_error_to_the_build(tmp_path: Path) -> None:
    from planpub.mkdocs_build import warm_up

    broken = tmp_path / "mkdocs.yml"
    broken.write_text("site_name: x\ntheme: {name: no-such-theme}\n", encoding="utf-8")
    logger = logging.getLogger("mkdocs")
    warm_up(str(broken))
    warm_up(str(tmp_path / "missing.yml"))
    assert not logger.disabled


# -- linking the versions' folders ---------------------------------------------------------------


def make_version(folder: Path) -> Path:
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (folder / "assets" / "style.css").write_text("p {}", encoding="utf-8")
    (folder / "feed.ics").symlink_to("index.html")
    return folder


def test_linked_trees_share_the_files_and_keep_symlinks(tmp_path: Path) -> None:
    built = make_version(tmp_path / "built" / "2026-Q1")
    site = tmp_path / "site"
    site.mkdir()
    site_files.link_trees([built], site)
    (site / "latest").mkdir()
    site_files.link_trees(sorted(built.iterdir()), site / "latest")
    for copy in (site / "2026-Q1", site / "latest"):
        assert (copy / "assets" / "style.css").stat().st_ino == (
            built / "assets" / "style.css"
        ).stat().st_ino
        assert os.readlink(copy / "feed.ics") == "index.html"
        assert (copy / "index.html").read_text(encoding="utf-8") == "<p>home</p>"


def test_files_are_copied_where_they_cannot_be_linked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = make_version(tmp_path / "built" / "2026-Q1")

    def refuse(source: str, target: str) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", refuse)
    site_files.link_trees([built], tmp_path)
    copied = tmp_path / "2026-Q1" / "assets" / "style.css"
    assert copied.read_text(encoding="utf-8") == "p {}"
    assert copied.stat().st_ino != (built / "assets" / "style.css").stat().st_ino


def test_removing_a_tree_that_is_not_there_is_fine(tmp_path: Path) -> None:
    site_files.remove_tree(tmp_path / "missing")
    built = make_version(tmp_path / "built")
    site_files.remove_tree(built)
    assert not built.exists()


def test_a_worker_reads_the_installed_themes_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs import utils
    from mkdocs.config import load_config
    from test_render_sharing import PLANS

    from planpub import mkdocs_build

    reads: list[str] = []
    real = utils.entry_points

    def counted(**selection: str) -> object:
        reads.append(selection.get("group", ""))
        return real(**selection)

    monkeypatch.setattr(utils, "entry_points", counted)
    monkeypatch.setattr(mkdocs_build, "_themes", None)
    utils.get_themes.cache_clear()
    config = str(PLANS.parent / "mkdocs.yml")
    with mkdocs_build._shared_theme_work(None):
        for _ in range(3):
            assert load_config(config).theme.name == "material"
    assert reads == ["mkdocs.themes"]
    for _ in range(2):  # outside a worker's builds, MkDocs forgets them after each load again
        load_config(config)
    assert reads == ["mkdocs.themes", "mkdocs.themes"]


# -- the settings of a config read while MkDocs loads --------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("site_name: x\n", "docs"),
        ("site_name: x\ndocs_dir: plans\n", "plans"),
        ("docs_dir: 'my plans'  # the team's\n", "my plans"),
        ('docs_dir: "plans"\n', "plans"),
        ("docs_dir: !ENV [PLANS, plans]\n", None),
        ("INHERIT: base.yml\ndocs_dir: plans\n", None),
        ("docs_dir: a\ndocs_dir: b\n", None),
        ("nav:\n  - docs_dir: x\ndocs_dir: plans\n", "plans"),  # an indented key is not it
    ],
)
def test_the_docs_folder_a_config_most_likely_names(
    tmp_path: Path, text: str, expected: str | None
) -> None:
    from planpub.site_settings import likely_docs_dir

    config = tmp_path / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    found = likely_docs_dir(config)
    assert found == (None if expected is None else tmp_path.resolve() / expected)


def test_a_wrong_guess_of_the_docs_folder_is_not_used(tmp_path: Path) -> None:
    """The guess only lets the plans be checked while MkDocs loads: MkDocs' answer decides."""
    from test_site_versions import make_project, planpub_build

    project = make_project(tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("docs_dir: plans\n", "? docs_dir\n: plans\n"), "utf-8")
    broken = project / "docs" / "2026-Q1"
    broken.mkdir(parents=True)
    (broken / "index.md").write_text("---\nperiod: 2026-Q1\ngoal: [\n---\n", encoding="utf-8")
    result = planpub_build(project)
    assert result.returncode == 0, result.stderr
    assert "built 3 quarter(s)" in result.stdout and "docs/2026-Q1" not in result.stderr
