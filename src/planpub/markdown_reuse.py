"""The HTML Markdown makes of a page, reused when its quarter is built again.

Editing one page of a quarter builds its whole version again, and Python-Markdown takes about
a third of that for the pages that did not change. `reused_markdown` wraps MkDocs' conversion of
a page: what it produces (the HTML, the table of contents, the title, the anchors and links
MkDocs checks afterwards, and what it logged) is kept for the quarter, one file per quarter in
the project's cache folder, under a hash of everything it is made from:

- the page's Markdown (after the plugins changed it), its source path, address and inclusion;
- every file of the version (source path, address, inclusion): links are resolved against them;
- the Markdown extensions and their options, MkDocs' link checks and `use_directory_urls`;
- the versions of MkDocs, Python-Markdown, PyMdown Extensions, Material and Pygments.

Only extensions known to read nothing but the page are trusted: Python-Markdown's own, PyMdown
Extensions (except `snippets` and `b64`, which read other files) and Material's. With any other
extension, or an option that is not plain data, every page is converted as usual.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from planpub.file_cache import library_stamp, write_atomically

FOLDER = "markdown"
LIBRARIES = ("mkdocs", "markdown", "pymdownx", "material", "pygments")
BUILT_IN = {
    "abbr", "admonition", "attr_list", "codehilite", "def_list", "extra", "fenced_code",
    "footnotes", "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists",
    "smarty", "tables", "toc", "wikilinks",
}  # fmt: skip
TRUSTED = ("markdown.extensions.", "pymdownx.", "material.extensions.")
READS_FILES = ("pymdownx.snippets", "pymdownx.b64")
LOGGERS = ("mkdocs", "MARKDOWN")


@contextmanager
def reused_markdown(cache_dir: str | None, quarter: str) -> Iterator[None]:
    """Within the block, pages converted in the last build of `quarter` are not converted again."""
    if cache_dir is None:
        yield
        return
    store = Path(cache_dir, FOLDER, f"{quarter}.json")
    kept, used = _load(store), dict[str, Any]()
    original = Page.render
    stamp = library_stamp(LIBRARIES)
    signatures: dict[int, str] = {}

    def render(self: Page, config: Any, files: Any) -> None:
        key = _page_key(self, config, files, stamp, signatures)
        if key is None:
            original(self, config, files)
            return
        found = kept.get(key)
        if found is not None and _restore(self, found, files):
            used[key] = found
            return
        with _logged() as records:
            original(self, config, files)
        used[key] = _record(self, records)

    Page.render = render  # type: ignore[method-assign]
    try:
        yield
    finally:
        Page.render = original  # type: ignore[method-assign]
        if used and used != kept:
            _save(store, used)


def _page_key(
    page: Page, config: Any, files: Any, stamp: str, signatures: dict[int, str]
) -> str | None:
    extensions = _extensions(config)
    if extensions is None or page.markdown is None:
        return None
    if id(files) not in signatures:
        signatures[id(files)] = _files_signature(files)
    links = config.validation.links
    parts = [
        page.markdown,
        page.file.src_uri,
        page.url,
        str(page.file.inclusion),
        signatures[id(files)],
        extensions,
        f"{links.absolute_links},{links.unrecognized_links},{links.not_found},{links.anchors}",
        str(config.use_directory_urls),
        stamp,
    ]
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _files_signature(files: Any) -> str:
    rows = sorted(f"{f.src_uri}\0{f.url}\0{f.inclusion}" for f in files)
    return hashlib.blake2b("\n".join(rows).encode("utf-8", "surrogatepass")).hexdigest()


def _extensions(config: Any) -> str | None:
    """The extensions and their options as text, or None if one may read more than the page."""
    names = []
    for extension in config.markdown_extensions:
        if isinstance(extension, str):
            module = f"markdown.extensions.{extension}" if extension in BUILT_IN else extension
            options = config.mdx_configs.get(extension, {})
        else:  # an Extension object a plugin added
            module = type(extension).__module__
            options = extension.getConfigs() if hasattr(extension, "getConfigs") else None
        if not module.startswith(TRUSTED) or module.startswith(READS_FILES):
            return None
        try:
            names.append(f"{module}={json.dumps(options, sort_keys=True, default=_plain)}")
        except TypeError:
            return None
    return "\n".join(names)


def _plain(value: Any) -> Any:
    """Functions of trusted modules (a fence's formatter) by name; anything else is refused."""
    module = getattr(value, "__module__", "") or ""
    if callable(value) and module.startswith(TRUSTED):
        return f"{module}.{value.__qualname__}"
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value, key=repr) if isinstance(value, (set, frozenset)) else list(value)
    raise TypeError(f"not plain data: {type(value).__name__}")


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.kept: list[list[Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.kept.append([record.name, record.levelno, record.getMessage()])


@contextmanager
def _logged() -> Iterator[list[list[Any]]]:
    """What MkDocs and Python-Markdown log while a page is converted, to say again when the page
    is reused."""
    handler = _Records()
    loggers = [logging.getLogger(name) for name in LOGGERS]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler.kept
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


def _record(page: Page, logged: list[list[Any]]) -> dict[str, Any]:
    links = page.links_to_anchors
    return {
        "content": page.content,
        "toc": [_toc_item(item) for item in page.toc],
        "title": page._title_from_render,  # set by Page.render, read by Page.title
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
        "logged": logged,
    }


def _toc_item(item: AnchorLink) -> list[Any]:
    return [item.title, item.id, item.level, [_toc_item(child) for child in item.children]]


def _restore(page: Page, found: dict[str, Any], files: Any) -> bool:
    """Give the page what Page.render gave it; False if a linked file is gone."""
    links = None
    if found["links"] is not None:
        links = {}
        for src_uri, anchors in found["links"].items():
            target = files.get_file_from_path(src_uri)
            if target is None:
                return False
            links[target] = dict(anchors)
    for name, level, message in found["logged"]:
        logging.getLogger(name).log(level, message)
    toc = [_anchor(item) for item in found["toc"]]
    if toc:
        toc[0].active = True  # type: ignore[attr-defined] # as MkDocs' get_toc does
    page.content = found["content"]
    page.toc = TableOfContents(toc)
    page._title_from_render = found["title"]
    page.present_anchor_ids = set(found["anchors"])
    if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = links  # as Page.render does
    return True


def _anchor(item: list[Any]) -> AnchorLink:
    title, anchor_id, level, children = item
    link = AnchorLink(title, anchor_id, level)
    link.children = [_anchor(child) for child in children]
    return link


def _load(store: Path) -> dict[str, Any]:
    try:
        data = json.loads(store.read_bytes())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save(store: Path, used: dict[str, Any]) -> None:
    try:
        write_atomically(store, json.dumps(used, ensure_ascii=False).encode())
    except (OSError, TypeError, ValueError):
        return
