"""Plan files as they were at a git revision, read through the `git` command.

`REV:PATH` follows git's own syntax (`git show REV:PATH`): `origin/main:plans/2026-Q3/index.md`.
A path starting with `./` is relative to the working folder, any other to the repository's top.
Every failure (no git, not a repository, an unknown revision or path) is a `GitError` whose
message says what could not be read and what git said.
"""

from __future__ import annotations

import posixpath
import subprocess
from pathlib import PurePosixPath

TIMEOUT_SECONDS = 60


class GitError(Exception):
    """git could not give us what we asked for; the message is for the user."""


def split_spec(text: str) -> tuple[str, str] | None:
    """`REV:PATH` as (REV, PATH); None when the text has no revision part."""
    rev, colon, path = text.partition(":")
    if not colon or not rev or not path:
        return None
    return rev, path


def _git(*args: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args], capture_output=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except FileNotFoundError as error:
        raise GitError("git is not installed or not on PATH") from error
    except subprocess.TimeoutExpired as error:
        raise GitError(f"git {args[0]} took longer than {TIMEOUT_SECONDS} s") from error
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def check_revision(rev: str) -> None:
    """Fail with a clear message unless we are in a git repository where `rev` names a commit."""
    _git("rev-parse", "--git-dir")
    try:
        _git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    except GitError as error:
        raise GitError(f"'{rev}' is not a commit in this git repository") from error


def read_file(rev: str, path: str) -> tuple[str, bytes]:
    """The path read (a folder means its `index.md`) and its bytes at `rev`."""
    try:
        kind = _git("cat-file", "-t", f"{rev}:{path}").decode().strip()
        if kind == "tree":
            path = str(PurePosixPath(path) / "index.md")
        return path, _git("cat-file", "blob", f"{rev}:{path}")
    except GitError as error:
        raise GitError(f"cannot read '{rev}:{path}' from git: {error}") from error


def working_prefix() -> str:
    """The working folder relative to the repository's top, as git writes it (`sub/` or '')."""
    return _git("rev-parse", "--show-prefix").decode("utf-8", "surrogateescape").strip()


def list_markdown(rev: str, folder: str) -> list[str]:
    """Markdown files under `folder` at `rev`, as paths from the repository's top.

    `folder` is relative to the working folder; files in hidden folders are left out.
    """
    try:
        out = _git("ls-tree", "-r", "-z", "--full-name", "--name-only", rev, "--", folder)
    except GitError as error:
        raise GitError(f"cannot list '{folder}' at '{rev}': {error}") from error
    names = [name.decode("utf-8", "surrogateescape") for name in out.split(b"\0") if name]
    top = posixpath.normpath(working_prefix() + folder)
    return sorted(
        name
        for name in names
        if name.endswith(".md") and "\n" not in name and not _hidden(name, top)
    )


def _hidden(name: str, folder: str) -> bool:
    try:
        inside = PurePosixPath(name).relative_to(PurePosixPath(folder)).parts
    except ValueError:
        inside = PurePosixPath(name).parts
    return any(part.startswith(".") for part in inside)


def read_blobs(rev: str, names: list[str]) -> dict[str, bytes]:
    """Many files at `rev` (paths from the repository's top) in one `git cat-file --batch`."""
    request = "".join(f"{rev}:{name}\n" for name in names).encode("utf-8", "surrogateescape")
    try:
        done = subprocess.run(
            ["git", "cat-file", "--batch"],
            input=request,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=True,
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise GitError(f"cannot read the plans at '{rev}' from git: {error}") from error
    return dict(zip(names, _batch_contents(done.stdout), strict=True))


def _batch_contents(out: bytes) -> list[bytes]:
    """Contents from `git cat-file --batch` output: `<oid> <type> <size>` + LF + data + LF."""
    contents, at = [], 0
    while at < len(out):
        header_end = out.index(b"\n", at)
        header = out[at:header_end].split()
        if len(header) != 3:
            raise GitError(f"git could not find {header[0].decode(errors='replace')}")
        size = int(header[2])
        contents.append(out[header_end + 1 : header_end + 1 + size])
        at = header_end + 1 + size + 1
    return contents
