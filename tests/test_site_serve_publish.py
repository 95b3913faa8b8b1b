"""`planpub serve` rebuilds the quarter being edited; `planpub publish` commits the site."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from test_site_versions import EPOCH, make_project, planpub_build, run_planpub

pytestmark = pytest.mark.site


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def wait_for(condition, seconds: float = 90) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail("timed out")


def test_serve_builds_serves_and_rebuilds_the_edited_quarter(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    port = free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "CI": "true"}
    server = subprocess.Popen(
        [sys.executable, "-m", "planpub", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    root = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: "2026-Q1" in fetch(root + "versions.json"))
        assert [v["version"] for v in json.loads(fetch(root + "versions.json"))] == [
            "2026-Q3",
            "2026-Q2",
            "2026-Q1",
        ]
        assert "latest/" in fetch(root)
        brief = project / "plans" / "2026-Q1" / "campaign-brief.md"
        brief.write_text(
            brief.read_text(encoding="utf-8") + "\nA line added while serving.\n", encoding="utf-8"
        )
        page = root + "2026-Q1/roadmap/campaign-brief/"
        wait_for(lambda: "A line added while serving." in fetch(page))
        time.sleep(1)  # the summary line follows the swap
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "built 3 quarter(s), reused 0" in output
    assert "built 1 quarter(s), reused 2" in output, output  # only the edited quarter rebuilt


GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Plans",
    "GIT_AUTHOR_EMAIL": "plans@example.com",
    "GIT_COMMITTER_NAME": "Plans",
    "GIT_COMMITTER_EMAIL": "plans@example.com",
}


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **GIT_IDENTITY}
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_publish_commits_every_version_to_gh_pages(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "plans")
    result = run_planpub(project, "publish", "-m", "Publish the plans", **GIT_IDENTITY)
    assert result.returncode == 0, result.stderr
    assert "committed" in result.stdout and "to gh-pages" in result.stdout
    files = git(project, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert "versions.json" in files and "index.html" in files
    for version in ("2026-Q1", "2026-Q2", "2026-Q3", "latest"):
        assert f"{version}/roadmap/index.html" in files
    published = json.loads(git(project, "show", "gh-pages:versions.json"))
    assert published == json.loads((project / "site" / "versions.json").read_text("utf-8"))
    assert git(project, "log", "-1", "--format=%s", "gh-pages").strip() == "Publish the plans"


def test_build_refuses_a_config_without_the_plugin(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        .replace("  - planpub:", "  - x-planpub:")
        .replace("- x-planpub:", "- tags:"),
        encoding="utf-8",
    )
    result = planpub_build(project)
    assert result.returncode == 2
    assert "does not enable the planpub plugin" in result.stderr
