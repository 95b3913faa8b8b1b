"""`planpub build`: one version per quarter, versions.json, the latest alias, reuse, atomicity."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser_support import copy_example, tree_bytes
from mike.versions import Versions

pytestmark = pytest.mark.site

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


def make_project(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "project")


def run_planpub(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`planpub ARGS` in a fresh process, as CI runs it: no terminal, reproducible dates."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_COLOR": "1", "CI": "true", **env}
    return subprocess.run(
        [sys.executable, "-m", "planpub", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


def planpub_build(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_planpub(project, "build", *args)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("versions"))
    result = planpub_build(project)
    assert result.returncode == 0, result.stderr
    assert "built 3 quarter(s), reused 0, latest is 2026-Q2" in result.stdout
    return project


def test_every_quarter_is_a_version_with_its_annual_plan_and_shared_pages(built: Path) -> None:
    site = built / "site"
    for quarter in ("2026-Q1", "2026-Q2", "2026-Q3"):
        assert (site / quarter / "roadmap" / "index.html").is_file()
        assert (site / quarter / "annual-plan" / "index.html").is_file()
        assert (site / quarter / "handbook" / "workflows" / "index.html").is_file()
    assert (site / "2026-Q1" / "roadmap" / "campaign-brief" / "index.html").is_file()
    assert not (site / "2026-Q2" / "roadmap" / "campaign-brief").exists()


def test_versions_json_is_mikes_format_newest_first(built: Path) -> None:
    text = (built / "site" / "versions.json").read_text(encoding="utf-8")
    entries = json.loads(text)
    assert [e["version"] for e in entries] == ["2026-Q3", "2026-Q2", "2026-Q1"]
    for entry in entries:
        assert set(entry) <= {"version", "title", "aliases", "properties"}
        assert isinstance(entry["title"], str) and isinstance(entry["aliases"], list)
    # Q3 is a draft, so `latest` is the newest approved quarter
    versions = Versions.loads(text)
    assert str(versions.find("latest")[0]) == "2026-Q2"
    assert [str(v.version) for v in versions] == ["2026-Q3", "2026-Q2", "2026-Q1"]


def test_latest_alias_is_a_copy_and_the_root_redirects_to_it(built: Path) -> None:
    site = built / "site"
    assert not (site / "latest").is_symlink()
    assert tree_bytes(site / "latest") == tree_bytes(site / "2026-Q2")
    root = (site / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=latest/">' in root


def test_the_root_has_the_latest_quarters_not_found_page(built: Path) -> None:
    """Static hosts serve /404.html for any missing address; its links and styles point into
    the latest quarter's version by absolute paths, so they work from anywhere."""
    site = built / "site"
    page = (site / "404.html").read_text(encoding="utf-8")
    assert page == (site / "2026-Q2" / "404.html").read_text(encoding="utf-8")
    assert re.search(r'href="/2026-Q2/assets/stylesheets/main\.[0-9a-f]+\.min\.css"', page)
    assert 'href="assets/' not in page


def test_without_a_site_url_the_root_has_no_not_found_page(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("site_url: https://plans.example.com/\n", ""), "utf-8")
    result = planpub_build(project)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "2026-Q2" / "404.html").is_file()
    assert not (project / "site" / "404.html").exists()


def test_each_version_knows_its_own_address(built: Path) -> None:
    sitemap = (built / "site" / "2026-Q1" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://plans.example.com/2026-Q1/roadmap/</loc>" in sitemap
    page = (built / "site" / "2026-Q1" / "roadmap" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://plans.example.com/2026-Q1/roadmap/">' in page
    assert '"provider": "mike"' in page


def test_links_to_other_quarters_point_into_their_versions(built: Path) -> None:
    home = (built / "site" / "2026-Q1" / "index.html").read_text(encoding="utf-8")
    assert 'href="../2026-Q2/roadmap/"' in home
    assert 'href="../2026-Q3/roadmap/"' in home


def test_a_second_build_reuses_every_quarter_and_is_byte_identical(built: Path) -> None:
    before = tree_bytes(built / "site")
    result = planpub_build(built)
    assert result.returncode == 0, result.stderr
    assert "built 0 quarter(s), reused 3" in result.stdout
    assert tree_bytes(built / "site") == before


def test_a_clean_build_elsewhere_gives_the_same_bytes(built: Path, tmp_path: Path) -> None:
    other = make_project(tmp_path)
    result = planpub_build(other)
    assert result.returncode == 0, result.stderr
    assert tree_bytes(other / "site") == tree_bytes(built / "site")


def test_editing_one_quarter_rebuilds_only_what_reads_it(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    assert planpub_build(project).returncode == 0
    plan = project / "plans" / "2026-Q3" / "index.md"
    plan.write_text(plan.read_text(encoding="utf-8").replace("owner:", "owner: ", 1), "utf-8")
    result = planpub_build(project)
    assert result.returncode == 0, result.stderr
    assert "built 1 quarter(s), reused 2" in result.stdout


def test_a_plan_error_stops_the_build_and_keeps_the_site(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    assert planpub_build(project).returncode == 0
    before = tree_bytes(project / "site")
    plan = project / "plans" / "2026-Q2" / "index.md"
    plan.write_text(plan.read_text(encoding="utf-8").replace("rate: 10%", "rate: 35", 1), "utf-8")
    result = planpub_build(project)
    assert result.returncode == 1
    assert "error[PP102]" in result.stderr
    assert "the site in" in result.stderr and "is unchanged" in result.stderr
    assert tree_bytes(project / "site") == before


def test_a_killed_build_leaves_the_previous_site_whole(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    assert planpub_build(project).returncode == 0
    before = tree_bytes(project / "site")
    for quarter in ("2026-Q1", "2026-Q2", "2026-Q3"):
        page = project / "plans" / quarter / "index.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nMore text.\n", encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "CI": "true"}
    process = subprocess.Popen(
        [sys.executable, "-m", "planpub", "build", "--jobs", "1"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    versions = project / ".planpub-cache" / "versions"
    deadline = time.monotonic() + 60
    while not any(p.name.endswith(".tmp") for p in versions.iterdir()):
        assert process.poll() is None, "the build ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert tree_bytes(project / "site") == before
    result = planpub_build(project)
    assert result.returncode == 0, result.stderr
    assert "built 3 quarter(s)" in result.stdout


def test_latest_can_be_chosen_and_must_be_a_quarter(built: Path, tmp_path: Path) -> None:
    result = planpub_build(built, "--latest", "2026-Q3", "-d", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    versions = json.loads((tmp_path / "out" / "versions.json").read_text(encoding="utf-8"))
    assert versions[0]["aliases"] == ["latest"]
    wrong = planpub_build(built, "--latest", "2025-Q4", "-d", str(tmp_path / "wrong"))
    assert wrong.returncode == 2
    assert "error: --latest 2025-Q4 is not a quarter of this site" in wrong.stderr
