"""Files already read, kept between runs: a command re-reads only the files that changed.

Two kinds of entry, both JSON under the user's cache folder, in a folder named by a hash of
planpub's code and of the PyYAML and Babel it uses:

- a parse: a file's front matter as data, its source map and its YAML problems, named by a hash
  of the file's text;
- a check: a file's diagnostics and its plan's period, named by a hash of its text, its path and
  its folder (the diagnostics name the file, and a plan's period must match its folder).

Checks across files (one plan per period, quarters against their annual plan) run every time.
JSON, not pickle: an entry is data, so a planted or damaged entry can at worst be a miss. Any
problem reading or writing the cache makes planpub do the work instead.

    PLANPUB_CACHE_HOME   where the cache lives (default: $XDG_CACHE_HOME/planpub, else
                         ~/.cache/planpub); set it empty to turn the cache off
    PLANPUB_NO_CACHE=1   turn the cache off (as `planpub check --no-cache` does)
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import date, datetime
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

try:  # hashlib.blake2b itself, without hashlib's OpenSSL set-up: a few ms of every check
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

from planpub.diagnostics import Diagnostic, Finding
from planpub.frontmatter import Document, Position, SourceMap, parse_document
from planpub.records import record

CACHE_HOME_ENV = "PLANPUB_CACHE_HOME"
NO_CACHE_ENV = "PLANPUB_NO_CACHE"
MAX_CACHED_CHARS = 512 * 1024  # larger files are parsed every time: the cache stays small
MAX_ENTRIES = 4000  # past this, the older half of the entries is removed
LIBRARIES = ("yaml", "babel")  # what planpub's parse and checks depend on
DIAGNOSTIC_FIELDS = tuple(f.name for f in fields(Diagnostic))
DIAGNOSTIC_TYPES = tuple(int if name in ("line", "col") else str for name in DIAGNOSTIC_FIELDS)

_DATE, _DATETIME = "\x00date", "\x00datetime"  # data with such keys is never stored


_turned_off = False


@contextmanager
def turned_off() -> Iterator[None]:
    """No reading or writing of the cache inside the block (`planpub check --no-cache`)."""
    global _turned_off
    before, _turned_off = _turned_off, True
    try:
        yield
    finally:
        _turned_off = before


def cache_home() -> Path | None:
    """The cache folder, or None when the cache is turned off."""
    if _turned_off or os.environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        return None
    configured = os.environ.get(CACHE_HOME_ENV)
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "planpub")


def parsed_document(text: str) -> Document:
    """`parse_document(text)`, from the cache when this text was parsed before."""
    if not text.startswith("---") or len(text) > MAX_CACHED_CHARS:
        return parse_document(text)  # no front matter is quick to see; big files skip the cache
    folder = _folder()
    if folder is None:
        return parse_document(text)
    entry = folder / f"{_key(text)}.parse.json"
    document = _read(entry, text)
    if document is None:
        document = parse_document(text)
        _write(entry, document)
    return document


@record
class Checked:
    """What checking one file found: its diagnostics, and its plan's period if it is a plan."""

    period: str | None
    diagnostics: list[Diagnostic]


def checked_file(text: str, path: str, folder: str | None) -> Checked | None:
    """The stored result of checking this text at this path, if there is one."""
    if len(text) > MAX_CACHED_CHARS:
        return None
    stored = _load(_entry("check", [text, path, folder or ""]))
    if not isinstance(stored, dict):
        return None
    period, diagnostics = stored.get("period"), _diagnostics(stored.get("diagnostics"))
    if diagnostics is None or not (period is None or isinstance(period, str)):
        return None
    return Checked(period, diagnostics)


def store_checked(text: str, path: str, folder: str | None, checked: Checked) -> None:
    if len(text) <= MAX_CACHED_CHARS:
        stored = {"period": checked.period, "diagnostics": _plain(checked.diagnostics)}
        _save(_entry("check", [text, path, folder or ""]), stored)


def cached_diagnostics(kind: str, parts: list[str]) -> list[Diagnostic] | None:
    """Stored diagnostics of a check across files, named by the files' paths and texts."""
    stored = _load(_entry(kind, parts))
    return _diagnostics(stored.get("diagnostics")) if isinstance(stored, dict) else None


def store_diagnostics(kind: str, parts: list[str], diagnostics: list[Diagnostic]) -> None:
    _save(_entry(kind, parts), {"diagnostics": _plain(diagnostics)})


def _entry(kind: str, parts: list[str]) -> Path | None:
    folder = _folder()
    return None if folder is None else folder / f"{_key(*parts)}.{kind}.json"


def _load(entry: Path | None) -> Any:
    if entry is None:
        return None
    try:
        return json.loads(entry.read_bytes())
    except (OSError, ValueError):
        return None


def _save(entry: Path | None, stored: Any) -> None:
    if entry is not None:
        _store(entry, json.dumps(stored, ensure_ascii=False).encode())


def _plain(diagnostics: list[Diagnostic]) -> list[list[Any]]:
    return [[getattr(d, name) for name in DIAGNOSTIC_FIELDS] for d in diagnostics]


def _diagnostics(stored: Any) -> list[Diagnostic] | None:
    """Diagnostics back from their stored fields; None if they are not what was stored."""
    if not isinstance(stored, list):
        return None
    found = []
    for values in stored:
        if not isinstance(values, list) or len(values) != len(DIAGNOSTIC_TYPES):
            return None
        if not all(type(v) is t for v, t in zip(values, DIAGNOSTIC_TYPES, strict=True)):
            return None
        found.append(Diagnostic(*values))
    return found


def _key(*parts: str) -> str:
    """A hash of the parts, each prefixed with its length: no two lists of parts share one."""
    joined = "".join(f"{len(part)}:{part}" for part in parts).encode("utf-8", "surrogatepass")
    return blake2b(joined, digest_size=20).hexdigest()


def _folder() -> Path | None:
    home = cache_home()
    return None if home is None else home / f"code-{code_stamp()}"


@cache
def code_stamp(libraries: tuple[str, ...] = LIBRARIES) -> str:
    """Names the code at work: planpub's modules, and the files of the libraries it uses."""
    stamp = blake2b(digest_size=10)
    stamp.update(_modules_digest())
    stamp.update(library_stamp(libraries).encode())
    return stamp.hexdigest()


@cache
def _modules_digest() -> bytes:
    """planpub's top-level modules, read once per process whatever the libraries asked about."""
    digest = blake2b(digest_size=10)
    package = Path(__file__).parent
    for name in sorted(os.listdir(package)):
        if name.endswith(".py"):
            digest.update(name.encode() + b"\0" + (package / name).read_bytes())
    return digest.digest()


@cache
def package_digest() -> str:
    """All of planpub that shapes its output: modules, templates, stylesheet and labels; read
    once per process. (`code_stamp` reads only the top-level modules: `planpub check` needs no
    more, and starts sooner.)"""
    package = Path(__file__).parent
    found = []
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        found += [Path(folder, n) for n in names if n.endswith((".py", ".html", ".css", ".json"))]
    import hashlib  # sha256: only for builds

    code = hashlib.sha256()
    for path in sorted(found):
        code.update(path.relative_to(package).as_posix().encode() + path.read_bytes())
    return code.hexdigest()[:16]


@cache
def library_stamp(libraries: tuple[str, ...]) -> str:
    """Names installed libraries by their files' names, sizes and times (an upgrade changes it)."""
    parts = []
    for library in libraries:
        spec = find_spec(library)
        for location in (spec.submodule_search_locations or []) if spec else []:
            for name in sorted(os.listdir(location)):
                info = os.stat(os.path.join(location, name))
                parts.append(f"{library}/{name}:{info.st_size}:{info.st_mtime_ns}")
    return blake2b("\n".join(parts).encode(), digest_size=10).hexdigest()


# -- reading and writing entries -------------------------------------------------------------------


def _read(entry: Path, text: str) -> Document | None:
    try:
        stored = json.loads(entry.read_bytes(), object_hook=_typed)
        return _document(stored, text)
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None


def _document(stored: dict[str, Any], text: str) -> Document:
    body_start = int(stored["body_start"])
    body = "\n".join(text.split("\n")[body_start:]) if body_start >= 0 else ""
    source_map = SourceMap(
        keys={path: Position(*where) for path, where in stored["keys"].items()},
        values={path: Position(*where) for path, where in stored["values"].items()},
    )
    problems = [
        (Finding(code, path, message, hint, severity), Position(line, col))
        for code, path, message, hint, severity, line, col in stored["problems"]
    ]
    return Document(
        text=text,
        has_front_matter=bool(stored["has_front_matter"]),
        data=stored["data"],
        body=body,
        body_line=int(stored["body_line"]),
        source_map=source_map,
        problems=problems,
    )


def _write(entry: Path, document: Document) -> None:
    if _has_tag_keys(document.data):  # "\0date" is possible in YAML: such a file is not stored
        return
    stored = {
        "has_front_matter": document.has_front_matter,
        "data": document.data,
        "body_start": _body_start(document),
        "body_line": document.body_line,
        "keys": {path: [p.line, p.col] for path, p in document.source_map.keys.items()},
        "values": {path: [p.line, p.col] for path, p in document.source_map.values.items()},
        "problems": [
            [f.code, f.path, f.message, f.hint, f.severity, p.line, p.col]
            for f, p in document.problems
        ],
    }
    try:
        content = json.dumps(stored, default=_tagged, ensure_ascii=False).encode()
    except (TypeError, ValueError):
        return
    _store(entry, content)


def write_atomically(path: Path, content: bytes) -> None:
    """Write a file so that a reader (or a process killed halfway) sees the old one or the new
    one, never half of it: into a temporary file beside it, then renamed over it. The folder is
    made only when missing (a folder that exists costs a failed `mkdir` otherwise)."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(content)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(content)
    os.replace(temporary, path)


def _store(entry: Path, content: bytes) -> None:
    try:
        if not entry.parent.is_dir():
            _start_folder(entry.parent)
        write_atomically(entry, content)
        _trim_once(entry.parent)
    except OSError:
        return  # a cache that cannot be written is no cache, not an error


def _has_tag_keys(data: Any) -> bool:
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            if any(key.startswith("\x00") for key in value):
                return True
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return False


def _body_start(document: Document) -> int:
    """The line (0-based) the body starts at, -1 for none: the body is not stored twice."""
    if not document.has_front_matter:
        return 0  # a page starting with a --- rule: all of it is body
    return document.body_line - 1 if document.body_line > 1 else -1


def _start_folder(folder: Path) -> None:
    """New code: the entries made by other code will not be read again."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    for sibling in folder.parent.glob("code-*"):
        if sibling != folder:
            shutil.rmtree(sibling, ignore_errors=True)


@cache
def _trim_once(folder: Path) -> int:
    return trim(folder)


def trim(folder: Path, most: int | None = None, suffix: str = ".json") -> int:
    """Remove the older half of the entries (files named `*suffix`) once there are more than
    `most` (MAX_ENTRIES)."""
    entries = [e for e in os.scandir(folder) if e.name.endswith(suffix)]
    if len(entries) <= (MAX_ENTRIES if most is None else most):
        return 0
    entries.sort(key=lambda e: e.stat().st_mtime_ns)
    for old in entries[: len(entries) // 2]:
        Path(old.path).unlink(missing_ok=True)
    return len(entries) // 2


def _tagged(value: Any) -> dict[str, str]:
    if isinstance(value, datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, date):
        return {_DATE: value.isoformat()}
    raise TypeError(f"cannot store {type(value).__name__}")


def _typed(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        if _DATE in obj:
            return date.fromisoformat(obj[_DATE])
        if _DATETIME in obj:
            return datetime.fromisoformat(obj[_DATETIME])
    return obj
