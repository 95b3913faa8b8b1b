"""Rebuilding after an edit: the spare site, reused search entries and the stored settings all
give exactly the site a build from nothing gives."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser_support import tree_bytes
from test_site_versions import EPOCH, make_project, planpub_build, run_planpub

pytestmark = pytest.mark.site


def edit(project: Path, quarter: str, text: str) -> None:
    page = project / "plans" / quarter / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def build_ok(project: Path, *args: str) -> str:
    result = planpub_build(project, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def fresh_site(project: Path, tmp_path: Path, name: str) -> dict[str, bytes]:
    """The site of the same plans, built in a copy of the project that has no cache at all."""
    other = tmp_path / name
    other.mkdir(parents=True)
    for item in ("plans", "overrides"):
        shutil.copytree(project / item, other / item)
    shutil.copy(project / "mkdocs.yml", other / "mkdocs.yml")
    build_ok(other)
    return tree_bytes(other / "site")


def test_rebuilds_after_edits_give_the_site_a_build_from_nothing_gives(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    build_ok(project)
    first_q1 = (project / "site" / "2026-Q1").stat().st_ino
    edit(project, "2026-Q3", "A first edit.")
    build_ok(project)
    edit(project, "2026-Q2", "An edit of the latest quarter.")
    assert "built 2 quarter(s), reused 1" in build_ok(project)  # Q2, and Q3 reads Q2
    site = project / "site"
    assert (site / "2026-Q1").stat().st_ino == first_q1  # taken over from the spare, not relinked
    assert tree_bytes(site) == fresh_site(project, tmp_path / "fresh", "a")
    assert (
        b"An edit of the latest quarter."
        in (site / "latest" / "roadmap" / "index.html").read_bytes()
    )


def test_moving_latest_and_removing_a_quarter_keep_the_site_exact(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    build_ok(project)
    edit(project, "2026-Q1", "Edited.")
    build_ok(project, "--latest", "2026-Q3")
    shutil.rmtree(project / "plans" / "2026-Q3")
    build_ok(project)
    site = project / "site"
    assert not (site / "2026-Q3").exists()
    assert tree_bytes(site) == fresh_site(project, tmp_path / "fresh", "b")


def test_the_spare_site_is_hidden_from_git_and_the_site_has_no_gitignore(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    (project / ".gitignore").write_text("site/\n.planpub-cache/\n", encoding="utf-8")
    build_ok(project)
    edit(project, "2026-Q3", "Edited.")
    build_ok(project)
    spare = project / ".planpub-old-site"
    assert (spare / ".gitignore").read_text(encoding="utf-8") == "*\n"
    assert not (project / "site" / ".gitignore").exists()
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "?? plans/2026-Q1/index.md" in status.splitlines()  # git does list new files
    assert [line for line in status.splitlines() if "planpub" in line] == []  # not the spare


@pytest.mark.parametrize("damage", ["missing", "garbage", "wrong shape"])
def test_a_spare_without_a_sound_note_is_not_trusted(tmp_path: Path, damage: str) -> None:
    project = make_project(tmp_path)
    build_ok(project)
    edit(project, "2026-Q3", "Edited.")
    build_ok(project)
    spare_q1 = project / ".planpub-old-site" / "2026-Q1" / "roadmap" / "index.html"
    spare_q1.unlink()  # a new file, not a write through the link into the build cache
    spare_q1.write_text("planted", encoding="utf-8")  # a spare that is not what its note says
    (note,) = (project / ".planpub-cache" / "spare-notes").glob("*.json")
    if damage == "missing":
        note.unlink()
    elif damage == "garbage":
        note.write_text("{not json", encoding="utf-8")
    else:
        note.write_text(json.dumps({"site": [], "spare": "x"}), encoding="utf-8")
    edit(project, "2026-Q3", "Edited again.")
    build_ok(project)
    site = project / "site"
    assert b"planted" not in (site / "2026-Q1" / "roadmap" / "index.html").read_bytes()
    assert tree_bytes(site) == fresh_site(project, tmp_path / "fresh", "c")


def test_a_site_lost_between_the_two_renames_is_put_back(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    build_ok(project)
    before = tree_bytes(project / "site")
    os.replace(project / "site", project / ".planpub-old-site")  # a kill after the first rename
    result = planpub_build(project)
    assert result.returncode == 0, result.stderr
    assert "restored the previous site" in result.stderr
    assert tree_bytes(project / "site") == before


def test_stored_search_entries_give_the_same_search_index(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    build_ok(project)
    store = project / ".planpub-cache" / "search"
    assert len(list(store.glob("*.json"))) >= 10
    for number, entry in enumerate(sorted(store.glob("*.json"))):
        if number % 3 == 0:
            entry.write_text("[1, 2]" if number % 2 else "{broken", encoding="utf-8")
    edit(project, "2026-Q1", "New words for the search index: zyxwvut.")
    build_ok(project)
    index = (project / "site" / "2026-Q1" / "search" / "search_index.json").read_bytes()
    assert b"zyxwvut" in index
    fresh = fresh_site(project, tmp_path / "fresh", "d")
    assert index == fresh["2026-Q1/search/search_index.json"]


PARENT_IMPORTS = """
import sys
from planpub.cli import main
try:
    main(["build"])
except SystemExit as stop:
    assert stop.code == 0, stop.code
print("mkdocs-imported:" + str("mkdocs" in sys.modules))
"""


def test_planpub_build_itself_never_loads_mkdocs(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "CI": "true"}

    def parent_loaded_mkdocs() -> bool:
        done = subprocess.run(
            [sys.executable, "-c", PARENT_IMPORTS],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.rpartition("mkdocs-imported:")[2].strip() == "True"

    assert not parent_loaded_mkdocs()  # the first build: a worker reads mkdocs.yml
    assert (project / ".planpub-cache" / "settings.json").is_file()
    assert not parent_loaded_mkdocs()  # then the settings come from the cache


def test_stored_settings_follow_the_config_and_its_env_tags(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "site_url: https://plans.example.com/" in text
    config.write_text(
        text.replace(
            "site_url: https://plans.example.com/",
            "site_url: !ENV [PLANS_URL, 'https://plans.example.com/']",
        ),
        encoding="utf-8",
    )
    page = Path("site/2026-Q1/roadmap/index.html")
    assert run_planpub(project, "build").returncode == 0
    assert b'href="https://plans.example.com/2026-Q1/roadmap/"' in (project / page).read_bytes()
    result = run_planpub(project, "build", PLANS_URL="https://elsewhere.example.org/")
    assert result.returncode == 0, result.stderr
    assert b'href="https://elsewhere.example.org/2026-Q1/roadmap/"' in (project / page).read_bytes()
    config.write_text(text.replace("docs_dir: plans", "docs_dir: nowhere"), encoding="utf-8")
    broken = run_planpub(project, "build")
    assert broken.returncode == 2
    assert "nowhere" in broken.stderr and "Traceback" not in broken.stderr


def test_the_theme_file_list_is_stored_once_whatever_the_hash_seed(tmp_path: Path) -> None:
    """Each process orders sets its own way; the stored list must not depend on it."""
    project = make_project(tmp_path)
    stored = project / ".planpub-cache" / "theme-files.json"
    for seed in ("1", "2", "3", "4"):
        edit(project, "2026-Q1", f"Edit under hash seed {seed}.")
        result = run_planpub(project, "build", PYTHONHASHSEED=seed)
        assert result.returncode == 0, result.stderr
        if seed == "1":
            first = stored.stat().st_mtime_ns
    assert stored.stat().st_mtime_ns == first


def test_plan_pages_come_from_the_render_record_until_a_plan_changes(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    build_ok(project)
    records = sorted((project / ".planpub-cache" / "render").glob("*.json"))
    assert len(records) == 3  # one for each quarter's version
    for record in records:  # mark what comes from a record
        data = json.loads(record.read_text(encoding="utf-8"))
        for page in data["pages"].values():
            page["sections"] = [[name, html + "<p>RECORDED</p>"] for name, html in page["sections"]]
        record.write_text(json.dumps(data), encoding="utf-8")
    brief = project / "plans" / "2026-Q1" / "campaign-brief.md"
    brief.write_text(brief.read_text(encoding="utf-8") + "\nA prose edit.\n", encoding="utf-8")
    assert "built 1 quarter(s)" in build_ok(project)
    roadmap = project / "site" / "2026-Q1" / "roadmap"
    assert b"RECORDED" in (roadmap / "index.html").read_bytes()
    assert b"A prose edit." in (roadmap / "campaign-brief" / "index.html").read_bytes()
    edit(project, "2026-Q1", "A plan edit.")
    build_ok(project)
    site = tree_bytes(project / "site")
    assert not any(b"RECORDED" in content for content in site.values())
    assert site == fresh_site(project, tmp_path / "fresh", "d")


def material_bundle(version: Path) -> tuple[Path, Path]:
    """Material's script in a version of the site, and the file of Material it comes from."""
    import material

    built = next((version / "assets" / "javascripts").glob("bundle.*.min.js"))
    theme = Path(material.__file__).parent / "templates"
    return built, theme / built.relative_to(version)


def test_the_theme_files_of_every_version_are_one_kept_copy(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    build_ok(project)
    bundles = [material_bundle(project / "site" / q) for q in ("2026-Q1", "2026-Q2", "2026-Q3")]
    assert len({built.stat().st_ino for built, _ in bundles}) == 1
    for built, source in bundles:
        assert built.read_bytes() == source.read_bytes()
    kept = list((project / ".planpub-cache" / "theme-assets").glob("*.asset"))
    assert bundles[0][0].stat().st_ino in {path.stat().st_ino for path in kept}


def test_a_kept_theme_file_written_into_is_copied_again(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    build_ok(project)
    built, source = material_bundle(project / "site" / "2026-Q3")
    with built.open("r+b") as file:  # writes into the kept copy, through the link
        file.truncate(10)
    edit(project, "2026-Q3", "Rebuild the quarter.")
    build_ok(project)
    rebuilt, _ = material_bundle(project / "site" / "2026-Q3")
    assert rebuilt.read_bytes() == source.read_bytes()


def test_theme_files_are_copied_where_no_kept_copy_can_be_made(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / ".planpub-cache").mkdir()
    (project / ".planpub-cache" / "theme-assets").write_text("not a folder", encoding="utf-8")
    build_ok(project)
    bundles = [material_bundle(project / "site" / q) for q in ("2026-Q1", "2026-Q2")]
    assert bundles[0][0].stat().st_ino != bundles[1][0].stat().st_ino
    assert tree_bytes(project / "site") == fresh_site(project, tmp_path / "fresh", "a")


def test_a_quarter_that_fails_to_build_leaves_the_site_and_no_half_assembled_one(
    tmp_path: Path,
) -> None:
    """The new site is started from the spare while the quarters build; a failed quarter
    removes it, and the next build assembles a whole site without the spare."""
    project = make_project(tmp_path)
    build_ok(project)
    edit(project, "2026-Q3", "A first edit, so that the spare holds a site.")
    build_ok(project)
    before = tree_bytes(project / "site")
    page = project / "plans" / "2026-Q1" / "index.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\nSee [the old plan](no-such-plan.md).\n", encoding="utf-8")
    failed = planpub_build(project, "--strict")
    assert failed.returncode == 1 and "is unchanged" in failed.stderr
    assert tree_bytes(project / "site") == before
    assert not list(tmp_path.glob("project/.planpub-new-*"))
    page.write_text(text + "\nA fixed edit.\n", encoding="utf-8")
    build_ok(project)
    assert tree_bytes(project / "site") == fresh_site(project, tmp_path / "fresh", "a")


def test_each_quarter_is_handed_on_as_soon_as_it_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The assembly links a version while the others build: it is told of each built quarter
    while its folder is there, after it was told where every quarter will be."""
    from planpub.cli.site_steps import prepare
    from planpub.model import Period
    from planpub.site import build_versions

    project = make_project(tmp_path)
    monkeypatch.chdir(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    plan = prepare(Path("mkdocs.yml"), None, None, False)
    told: list[str] = []

    class Watcher:
        def start(self, targets: dict[Period, Path]) -> None:
            told.append("start " + ",".join(str(q) for q in sorted(targets)))

        def built(self, quarter: Period, folder: Path) -> None:
            assert (folder / "index.html").is_file()
            told.append(f"built {quarter}")

    report = build_versions(plan, jobs=1, watcher=Watcher())
    assert told == [
        "start 2026-Q1,2026-Q2,2026-Q3",
        "built 2026-Q1",
        "built 2026-Q2",
        "built 2026-Q3",
    ]
    assert all((path / "index.html").is_file() for path in report.versions.values())
