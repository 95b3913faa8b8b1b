"""Commit the built versioned site to a gh-pages branch, through mike's git plumbing.

The site is already complete (every quarter, versions.json, the latest alias): the branch gets
exactly those files in one commit, so what readers see is what `planpub build` made.
"""

from __future__ import annotations

from pathlib import Path


class PublishError(Exception):
    pass


class MikeMissing(PublishError):
    pass


def commit_site(
    site_dir: Path, branch: str, message: str | None, *, push: bool, remote: str
) -> str:
    try:
        from mike import git_utils
    except ImportError as error:
        raise MikeMissing("planpub publish needs mike") from error
    files = list(git_utils.walk_real_files(str(site_dir)))
    text = message or f"Publish {len(files)} files of the versioned plans site"
    try:
        with git_utils.Commit(branch, text) as commit:
            commit.delete_files("*")
            for info in files:
                commit.add_file(info.copy("", str(site_dir)))
        if push:
            git_utils.push_branch(remote, branch)
    except git_utils.GitError as error:
        raise PublishError(f"git: {error}") from error
    pushed = f" and pushed it to {remote}" if push else " (push it with --push)"
    return f"committed {len(files)} files to {branch}{pushed}"
