"""Files that link out of the plans folder are never read or published."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_support import build_site, write_site
from mkdocs.exceptions import Abort

SECRET = "SECRET_TOKEN=do-not-publish\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.md"
    secret.write_text(SECRET, encoding="utf-8")
    site = write_site(tmp_path / "project", {"index.md": "# Plans\n"})
    (site / "plans" / "leak.md").symlink_to(secret)
    return site


def test_check_refuses_a_markdown_link_out_of_the_folder(planpub, project: Path) -> None:
    run = planpub(["check", "plans"], cwd=project)
    assert run.exit_code == 1
    assert "plans/leak.md:1:1: error[PP126] this file is a symbolic link to" in run.stdout
    assert "SECRET_TOKEN" not in run.stdout


def test_the_build_stops_before_publishing_it(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(Abort):
        build_site(project)
    assert "error[PP126] this file is a symbolic link to" in caplog.text
    site = project / "site"
    published = [p.read_text(errors="replace") for p in site.rglob("*") if p.is_file()]
    assert not any("SECRET_TOKEN" in text for text in published)


def test_links_inside_the_folder_and_other_files_are_fine(planpub, tmp_path: Path) -> None:
    site = write_site(tmp_path / "project", {"index.md": "# Plans\n", "a.md": "# A\n"})
    os.symlink("a.md", site / "plans" / "b.md")
    assert planpub(["check", "plans"], cwd=site).exit_code == 0
