"""The versioned site's folders on disk: hard-linked copies, removal, and the atomic swap.

A new site is assembled next to the old one and swapped in with renames, so readers (and a host
uploading the folder) never see half of it; `recover` tidies up after a build that was killed.

The site it replaces is kept as the spare (`.planpub-old-site/`, hard links, so next to no
space) and becomes the next build's starting point: only the versions that changed since are
linked again. A note in the build cache says which build each of its folders holds; the
note is removed before the spare is touched, so after a kill the spare is not trusted
and the next build links every version again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from planpub.file_cache import write_atomically

TMP_PREFIX = ".planpub-new-"
OLD_PREFIX = ".planpub-old-"
HIDDEN = "*\n"  # the spare's own .gitignore: git does not list it as new files

Holdings = dict[str, str]  # top-level folder of a site -> the built folder it was linked from


def link_trees(sources: list[Path], target: Path) -> None:
    """Copy files and folders into `target` (each under its own name) as hard links where the
    file system allows it: fast, and no extra space. `target/<name>` must not exist yet.

    Done in this process: a version is about seventy files, which take a few milliseconds to
    link, less than starting `cp -al` would."""
    for source in sources:
        _link(str(source), str(target / source.name))


def _link(source: str, copy: str) -> None:
    if os.path.islink(source):
        os.symlink(os.readlink(source), copy)
    elif os.path.isdir(source):
        os.mkdir(copy)
        with os.scandir(source) as entries:
            for entry in entries:
                _link(entry.path, os.path.join(copy, entry.name))
    else:
        try:
            os.link(source, copy)
        except OSError:
            shutil.copy2(source, copy)


def remove_tree(folder: Path) -> None:
    """Remove a folder and everything in it; missing is fine."""
    shutil.rmtree(folder, ignore_errors=True)


def redirect_page(target: str) -> str:
    return (
        '<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f"<title>Redirecting to {target}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f'<link rel="canonical" href="{target}">\n'
        '<link rel="icon" href="data:,">\n</head>\n<body>\n'
        f'<p>The current quarter\'s plans are at <a href="{target}">{target}</a>.</p>\n'
        "</body>\n</html>\n"
    )


def _old(site_dir: Path) -> Path:
    return site_dir.parent / f"{OLD_PREFIX}{site_dir.name}"


def spare_note(cache: Path, site_dir: Path) -> Path:
    """Where the note on a site and its spare is kept: in the build cache, out of git's sight."""
    name = hashlib.sha256(str(site_dir.resolve()).encode()).hexdigest()[:16]
    return cache / "spare-notes" / f"{name}.json"


def take_spare(site_dir: Path, staging: Path, note_file: Path) -> tuple[Holdings, Holdings | None]:
    """Start `staging` from the spare when its note is sound, else empty.

    Returns what staging now holds, and what the current site holds (None: not known)."""
    note = _read_note(note_file)
    note_file.unlink(missing_ok=True)  # from here on, a kill leaves the spare untrusted
    remove_tree(staging)
    spare, site = (note.get("spare"), note.get("site")) if note else (None, None)
    if spare is not None and _old(site_dir).is_dir():
        os.replace(_old(site_dir), staging)
        (staging / ".gitignore").unlink(missing_ok=True)
        return spare, site
    remove_tree(_old(site_dir))
    staging.mkdir()
    return {}, site


def _read_note(note: Path) -> dict[str, Holdings | None] | None:
    try:
        data = json.loads(note.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return {key: _holdings(data.get(key)) for key in ("site", "spare")}


def _holdings(value: object) -> Holdings | None:
    if not isinstance(value, dict):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return None
    return dict(value)


def clear_folders(staging: Path, held: Holdings, wanted: dict[str, Path]) -> None:
    """Remove from `staging` everything but the folders that already hold the wanted build
    (root files too): the first half of making it hold exactly the wanted folders."""
    for name in sorted(os.listdir(staging)):
        if name in wanted and held.get(name) == str(wanted[name]):
            continue
        path = staging / name
        if path.is_dir() and not path.is_symlink():
            remove_tree(path)
        else:
            path.unlink()


def link_missing(staging: Path, wanted: dict[str, Path]) -> None:
    """Link the wanted folders `staging` does not hold yet, each a copy of its built folder.

    A folder whose name maps to its own built folder's name (`2026-Q1`) is a copy of that
    folder; another name (`latest`) gets the built folder's contents."""
    missing = {name: source for name, source in wanted.items() if not (staging / name).exists()}
    same_name = [source for name, source in missing.items() if source.name == name]
    if same_name:
        link_trees(same_name, staging)
    for name, source in missing.items():
        if source.name != name:
            (staging / name).mkdir()
            link_trees(sorted(source.iterdir()), staging / name)


def swap_in(
    staging: Path, site_dir: Path, holds: Holdings, held: Holdings | None, note_file: Path
) -> None:
    """Replace site_dir by staging with two renames, keeping the replaced site as the spare.

    `holds` is what staging holds; `held` what the replaced site held (None: not known, so the
    replaced site is removed instead of kept)."""
    old = _old(site_dir)
    remove_tree(old)
    if site_dir.exists():
        os.replace(site_dir, old)
    os.replace(staging, site_dir)
    if held is None:
        remove_tree(old)
    elif old.is_dir():
        (old / ".gitignore").write_text(HIDDEN, encoding="utf-8")
    spare = held if old.is_dir() else None
    _write_note(note_file, {"site": holds, "spare": spare})


def _write_note(note: Path, data: dict[str, Holdings | None]) -> None:
    write_atomically(note, json.dumps(data, indent=1, sort_keys=True).encode())


def recover(site_dir: Path, note_file: Path) -> str | None:
    """After a build was killed: put a displaced old site back and drop half-built folders."""
    parent = site_dir.parent
    message = None
    old = _old(site_dir)
    if old.is_dir() and not site_dir.exists():
        os.replace(old, site_dir)
        (site_dir / ".gitignore").unlink(missing_ok=True)
        note_file.unlink(missing_ok=True)
        message = f"restored the previous site in {site_dir} after an interrupted build"
    if not note_file.exists():
        remove_tree(old)  # a spare without its note cannot be trusted
    remove_tree(parent / f"{TMP_PREFIX}{site_dir.name}")
    return message


def prune(versions_dir: Path, keep: set[Path]) -> None:
    for entry in versions_dir.iterdir():
        if entry not in keep:
            remove_tree(entry)
