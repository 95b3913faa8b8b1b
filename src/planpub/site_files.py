"""The versioned site's folders on disk: hard-linked copies, removal, and the atomic swap.

A new site is assembled next to the old one and swapped in with renames, so readers (and a host
uploading the folder) never see half of it; `recover` tidies up after a build that was killed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

TMP_PREFIX = ".planpub-new-"
OLD_PREFIX = ".planpub-old-"


def link_trees(sources: list[Path], target: Path) -> None:
    """Copy folders into `target` (each under its own name) as hard links where the file system
    allows it: fast, and no extra space. `target/<name>` must not exist yet."""
    cp = shutil.which("cp")
    if cp is not None:
        command = [cp, "-al", *map(str, sources), str(target)]
        if subprocess.run(command, capture_output=True, check=False).returncode == 0:
            return
        for source in sources:
            remove_tree(target / source.name)

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    for source in sources:
        shutil.copytree(source, target / source.name, copy_function=link)


def remove_tree(folder: Path) -> None:
    """Remove a folder and everything in it; missing is fine."""
    rm = shutil.which("rm")
    if rm is not None and folder.exists():
        subprocess.run([rm, "-rf", "--", str(folder)], capture_output=True, check=False)
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


def swap_in(staging: Path, site_dir: Path) -> None:
    """Replace site_dir by staging with two renames; the old site is removed afterwards."""
    old = site_dir.parent / f"{OLD_PREFIX}{site_dir.name}"
    remove_tree(old)
    if site_dir.exists():
        os.replace(site_dir, old)
    os.replace(staging, site_dir)
    remove_tree(old)


def recover(site_dir: Path) -> str | None:
    """After a build was killed: put a displaced old site back and drop half-built folders."""
    parent = site_dir.parent
    note = None
    old = parent / f"{OLD_PREFIX}{site_dir.name}"
    if old.is_dir() and not site_dir.exists():
        os.replace(old, site_dir)
        note = f"restored the previous site in {site_dir} after an interrupted build"
    remove_tree(old)
    remove_tree(parent / f"{TMP_PREFIX}{site_dir.name}")
    return note


def prune(versions_dir: Path, keep: set[Path]) -> None:
    for entry in versions_dir.iterdir():
        if entry not in keep:
            remove_tree(entry)
