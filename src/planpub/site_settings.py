"""What `planpub build` reads of mkdocs.yml, kept between runs so a rebuild need not load MkDocs.

Reading mkdocs.yml the MkDocs way loads MkDocs, the theme and every plugin: half a second before
the first plan is read. The settings are stored in the project's cache folder, named by a hash
of the config file's path and text, of the environment variables its `!ENV` tags name, and of
the code of planpub and MkDocs. A config that INHERITs from another file is read every time.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from planpub.file_cache import code_stamp, write_atomically
from planpub.site_jobs import SiteSettings

SETTINGS_FILE = "settings.json"
ENV_TAG = re.compile(r"!ENV\s+(\[[^\]]*\]|\S+)")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def read_settings(
    config_file: Path, cache_dir: Path, reader: Callable[[str], SiteSettings] | None = None
) -> SiteSettings:
    """The settings of `config_file`; ValueError when MkDocs finds the config invalid.

    When they are not stored, `reader` reads them the MkDocs way (a worker that has MkDocs
    loaded already), else this process does."""
    known = stored_settings(config_file, cache_dir)
    if known is not None:
        return known
    if reader is None:
        from planpub.mkdocs_build import load_settings

        reader = load_settings
    settings = reader(str(config_file))
    key = settings_key(config_file)
    if key is not None:
        _store(cache_dir / SETTINGS_FILE, key, settings)
    return settings


def stored_settings(config_file: Path, cache_dir: Path) -> SiteSettings | None:
    """The settings stored for this config file as it is now, if any."""
    key = settings_key(config_file)
    return None if key is None else _stored(cache_dir / SETTINGS_FILE, key)


DOCS_DIR = re.compile(rb"^docs_dir:[ \t]*(.*?)[ \t]*$", re.MULTILINE)


def likely_docs_dir(config_file: Path) -> Path | None:
    """The docs folder as the config's `docs_dir:` line names it (MkDocs' default `docs` when
    there is none), read without MkDocs; None when that line is not plain (a tag, INHERIT).
    A guess, to check the plans while MkDocs loads: MkDocs' own answer decides."""
    text = _own_text(config_file)
    if text is None:
        return None
    found = DOCS_DIR.findall(text)
    value = found[-1].split(b" #")[0].strip().strip(b"'\"") if found else b"docs"
    if len(found) > 1 or not value or value.startswith((b"!", b"&", b"*", b"{", b"[")):
        return None
    return config_file.resolve().parent / value.decode("utf-8", "replace")


def settings_key(config_file: Path) -> str | None:
    """What the settings depend on, hashed; None when that cannot be known from the file."""
    text = _own_text(config_file)
    if text is None:
        return None
    digest = hashlib.sha256()
    digest.update(os.path.abspath(config_file).encode() + b"\0" + text + b"\0")
    digest.update(code_stamp(("mkdocs", "material")).encode())
    for tag in ENV_TAG.findall(text.decode("utf-8", "replace")):
        for name in NAME.findall(tag):
            digest.update(f"\0{name}={os.environ.get(name)}".encode())
    return digest.hexdigest()


def _own_text(config_file: Path) -> bytes | None:
    """The config's text, if it says everything itself (no INHERIT from another file)."""
    try:
        text = config_file.read_bytes()
    except OSError:
        return None
    return None if b"INHERIT" in text else text


def _stored(stored: Path, key: str) -> SiteSettings | None:
    try:
        data = json.loads(stored.read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        return SiteSettings(**data["settings"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _store(stored: Path, key: str, settings: SiteSettings) -> None:
    try:
        write_atomically(stored, json.dumps({"key": key, "settings": asdict(settings)}).encode())
    except OSError:
        return
