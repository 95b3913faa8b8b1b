"""Material's search entries of a page, reused when the page has not changed since a build.

Material's search plugin reads every page's HTML with a pure-Python parser: close to half the
time of building a quarter. When one page of a quarter changes, the quarter's other pages come
out the same, and so do their entries. `reused_search_entries` wraps the plugin's indexing of a
page: the entries it adds are stored (JSON, in the project's cache folder) under a hash of
everything they are made from (the page's HTML, address, title, table of contents and front
matter, the index's settings and Material's files); the next build with the same hash takes them
from there instead of parsing the page again. The search index comes out byte for byte the same.

The charts and month grids of plan pages repeat what the tables beside them say, and carry
`data-search-exclude`: Material's parser reads them only to skip them, a third of a plan page.
`searchable` cuts them out before the parser sees the page, which gives the same entries.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from planpub.file_cache import library_stamp, trim, write_atomically

FOLDER = "search"


@contextmanager
def reused_search_entries(cache_dir: str | None) -> Iterator[None]:
    """Within the block, Material's search index reuses stored entries of unchanged pages."""
    index = _search_index_class()
    if index is None:
        yield
        return
    folder = Path(cache_dir, FOLDER) if cache_dir else None
    original = index.add_entry_from_context
    stamp = library_stamp(("material",))

    def add_entry_from_context(self: Any, page: Any) -> None:
        entry = None if folder is None else folder / f"{_page_key(self, page, stamp)}.json"
        stored = None if entry is None else _stored(entry)
        if stored is not None:
            self.entries.extend(stored)
            return
        before, content = len(self.entries), page.content
        page.content = searchable(content) if content else content
        try:
            original(self, page)
        finally:
            page.content = content
        if entry is not None:
            _store(entry, self.entries[before:])

    index.add_entry_from_context = add_entry_from_context
    try:
        yield
    finally:
        index.add_entry_from_context = original
        if folder is not None and folder.is_dir():
            trim(folder)


def _search_index_class() -> Any:
    try:
        from material.plugins.search.plugin import SearchIndex
    except ImportError:  # another theme: nothing to reuse
        return None
    return SearchIndex if hasattr(SearchIndex, "add_entry_from_context") else None


def _page_key(index: Any, page: Any, stamp: str) -> str:
    parts = {
        "content": page.content or "",
        "url": page.url,
        "title": page.title,
        "toc": _toc(page.toc),
        "meta": page.meta,
        "config": getattr(index, "config", None),
        "material": stamp,
    }
    text = json.dumps(parts, sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def _toc(items: Any) -> list[Any]:
    return [
        [item.id, item.title, item.level, _toc(getattr(item, "children", []))]
        for item in items or []
    ]


def _stored(entry: Path) -> list[dict[str, Any]] | None:
    try:
        data = json.loads(entry.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        return None
    return data


def _store(entry: Path, entries: list[dict[str, Any]]) -> None:
    try:
        write_atomically(entry, json.dumps(entries, ensure_ascii=False).encode())
    except (OSError, TypeError, ValueError):
        return


_EXCLUDED = re.compile(r'<(figure|table) class="planpub-[^"]*" data-search-exclude>')
_TAGS = {name: re.compile(rf"<(/?){name}\b") for name in ("figure", "table")}


def searchable(html: str) -> str:
    """The page without planpub's blocks marked `data-search-exclude`: what Material's search
    would skip, cut out before its parser reads it.

    Material stops skipping at the first closing tag of the same name as the block's, so a
    block with the same tag nested in it, or not closed, is left for Material to read."""
    kept, at = [], 0
    for block in _EXCLUDED.finditer(html):
        if block.start() < at:  # inside a block already cut out
            continue
        end = _end_of(html, block.group(1), block.end())
        if end is not None:
            kept.append(html[at : block.start()])
            at = end
    kept.append(html[at:])
    return "".join(kept)


def _end_of(html: str, tag: str, start: int) -> int | None:
    """Where the element opened just before `start` ends, if no tag of its name opens first."""
    found = _TAGS[tag].search(html, start)
    if found is None or not found.group(1):
        return None
    close = html.find(">", found.end())
    return None if close < 0 else close + 1
