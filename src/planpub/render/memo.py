"""What a build's plan pages rendered to, reused by the next build when nothing they come from
has changed.

Editing a page of prose rebuilds its quarter, but the quarter's plans are the same: deriving them,
the changes page, the calendar feeds and every section would come out byte for byte as before.
`RememberedSite` answers the plugin's questions (titles, generated files, sections) from a
`Record` stored by an earlier build under the same key, and asks a real `PlanSite` only for what
the record lacks. The key names every input: the text of each plan the build reads, the site's
settings, planpub's templates and code, and Babel's and Jinja's files (`render_key`). A section
also depends on the addresses of the pages it links to; the record keeps the links a section
asked for with their answers, and a section whose links now answer otherwise is rendered again.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from planpub.file_cache import library_stamp, package_digest, trim, write_atomically
from planpub.render.environment import TEMPLATES_DIR
from planpub.render.sections import Section
from planpub.render.site import Link, PlanSite, Settings

FOLDER = "render"
MOST_RECORDS = 200  # a record is 10-200 KB; past this many, the older half is removed
LIBRARIES = ("babel", "jinja2", "markupsafe")


@dataclass
class PageSections:
    """The sections of one page as rendered, and the links they were rendered with."""

    links: dict[str, str | None]  # every link the sections asked for, and the answer
    sections: list[tuple[str, str]]  # (name, html) in page order


@dataclass
class Record:
    """Everything the plugin asked of a version's plan pages, and the answers."""

    titles: dict[str, str] = field(default_factory=dict)  # plan page -> its title
    section_pages: list[str] = field(default_factory=list)  # pages that have sections
    generated: list[tuple[str, str | bytes]] = field(default_factory=list)
    pages: dict[str, PageSections] = field(default_factory=dict)


class RememberedSite:
    """The plugin's view of the plan pages: from the record where it can, else from `make()`.

    `make` builds the real site (derives every plan) and is called at most once, the first time
    the record lacks an answer. Without a record everything comes from the real site and is
    recorded as it goes; `changed` says the record has to be stored again.
    """

    def __init__(self, record: Record | None, make: Callable[[], PlanSite]) -> None:
        self._make = make
        self._site: PlanSite | None = None
        self.forgotten: set[str] = set()
        self.changed = record is None
        self.record = record if record is not None else self._record_of(self._real())

    @property
    def plans(self) -> dict[str, str]:
        return self.record.titles

    def title(self, src_uri: str) -> str | None:
        return self.record.titles.get(src_uri)

    def generated_files(self) -> Iterator[tuple[str, str | bytes]]:
        yield from self.record.generated

    def forget(self, src_uri: str) -> None:
        self.forgotten.add(src_uri)
        if self._site is not None:
            self._site.forget(src_uri)

    def has_sections(self, src_uri: str) -> bool:
        return src_uri in self.record.section_pages and src_uri not in self.forgotten

    def sections(self, src_uri: str, link: Link) -> dict[str, Section]:
        stored = self.record.pages.get(src_uri)
        if stored is not None and all(link(uri) == url for uri, url in stored.links.items()):
            return {name: Section(name, html) for name, html in stored.sections}
        asked: dict[str, str | None] = {}

        def recording(uri: str) -> str | None:
            asked[uri] = link(uri)
            return asked[uri]

        sections = self._real().sections(src_uri, recording)
        self.record.pages[src_uri] = PageSections(
            asked, [(s.name, s.html) for s in sections.values()]
        )
        self.changed = True
        return sections

    def _real(self) -> PlanSite:
        if self._site is None:
            self._site = self._make()
            self._site.list_pages()
            for src_uri in self.forgotten:
                self._site.forget(src_uri)
        return self._site

    @staticmethod
    def _record_of(site: PlanSite) -> Record:
        generated = list(site.generated_files())
        titles = {uri: title for uri in site.plans if (title := site.title(uri)) is not None}
        pages = [uri for uri in [*site.plans, *site.pages] if site.has_sections(uri)]
        return Record(titles, pages, generated)


# -- the key and the stored records ---------------------------------------------------------------


def render_key(
    settings: Settings,
    plans: list[tuple[str, str]],
    template_dirs: list[str],
    extra: list[str],
) -> str:
    """Names everything a build's plan pages are rendered from.

    `plans` are (name, text) of every plan the build reads, its own and those of other quarters
    it shows; `extra` anything else the caller's layout depends on (the quarter, its versions).
    """
    digest = hashlib.blake2b(digest_size=20)
    for part in (
        package_digest(),  # planpub's modules, templates and labels
        library_stamp(LIBRARIES),
        json.dumps([getattr(settings, f.name) for f in fields(settings)]),
        *extra,
    ):
        digest.update(part.encode() + b"\0")
    for name, text in sorted(plans):
        digest.update(f"{name}\0{len(text)}\0".encode() + text.encode("utf-8", "surrogatepass"))
    for folder in template_dirs:
        _digest_templates(digest, Path(folder))
    return digest.hexdigest()


def _digest_templates(digest: Any, folder: Path) -> None:
    """A theme folder by its contents where planpub's templates can come from it (the site's
    overrides), else by its time (an installed theme changes on upgrade). planpub's own
    templates are in package_digest."""
    digest.update(f"{folder}\0".encode())
    if folder == TEMPLATES_DIR or not folder.is_dir():
        return
    if not (folder / "planpub").is_dir():
        digest.update(f"{os.stat(folder).st_mtime_ns}\0".encode())
        return
    for root, subfolders, names in os.walk(folder):
        subfolders.sort()
        for name in sorted(names):
            path = Path(root, name)
            digest.update(f"{path.relative_to(folder)}\0".encode() + path.read_bytes())


def load_record(folder: Path, key: str) -> Record | None:
    """The record stored under `key`; None when there is none or it is damaged."""
    try:
        data = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        return Record(
            titles={str(k): str(v) for k, v in data["titles"].items()},
            section_pages=[str(uri) for uri in data["section_pages"]],
            generated=[(str(uri), _content(value)) for uri, value in data["generated"]],
            pages={
                str(uri): PageSections(
                    {str(k): None if v is None else str(v) for k, v in page["links"].items()},
                    [(str(name), str(html)) for name, html in page["sections"]],
                )
                for uri, page in data["pages"].items()
            },
        )
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def store_record(folder: Path, key: str, record: Record) -> None:
    data = {
        "titles": record.titles,
        "section_pages": record.section_pages,
        "generated": [[uri, _stored(content)] for uri, content in record.generated],
        "pages": {
            uri: {"links": page.links, "sections": page.sections}
            for uri, page in sorted(record.pages.items())
        },
    }
    with suppress(OSError):  # a cache that cannot be written is only slower
        write_atomically(folder / f"{key}.json", json.dumps(data, ensure_ascii=False).encode())
        trim(folder, MOST_RECORDS)


def _stored(content: str | bytes) -> dict[str, str]:
    if isinstance(content, bytes):
        return {"bytes": base64.b64encode(content).decode("ascii")}
    return {"text": content}


def _content(value: dict[str, str]) -> str | bytes:
    if "bytes" in value:
        return base64.b64decode(value["bytes"], validate=True)
    return str(value["text"])
