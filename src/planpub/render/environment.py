"""The Jinja environment of planpub's templates: autoescaping, loading from the theme's folders.

Templates are looked up in the folders given, in order: a site's `overrides/planpub/funnel.html`
comes before the package's own `templates/planpub/funnel.html`, so it wins. Plan text only ever
reaches a template as a variable: it is escaped and never evaluated.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
)

from planpub.render.cache import build_bytecode

TEMPLATES_DIR = Path(__file__).parent / "templates"


class RenderError(Exception):
    """A template could not be found or failed: the message names the template and line."""


def make_environment(dirs: Sequence[str | Path]) -> Environment:
    """Compiled templates are shared by the builds of one process (`mkdocs serve`, `planpub
    build` workers); an edited template has another checksum, so it is compiled again."""
    return Environment(
        loader=FileSystemLoader([str(d) for d in dirs]),
        bytecode_cache=build_bytecode(),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        auto_reload=False,
    )


class Templates:
    """Renders planpub's templates; compiled templates are cached for the whole build."""

    def __init__(self, dirs: Sequence[str | Path]) -> None:
        self.env = make_environment(dirs)

    def render(self, name: str, context: dict[str, Any]) -> str:
        try:
            html = self.env.get_template(name).render(context)
        except TemplateSyntaxError as error:
            raise RenderError(
                f"{error.filename or name}:{error.lineno}: {error.message}"
            ) from error
        except TemplateError as error:
            raise RenderError(f"template {name}: {error}") from error
        return without_blank_lines(html)


_shared: dict[tuple[str, ...], tuple[tuple[tuple[str, int, int], ...], Templates]] = {}


def shared_templates(dirs: Sequence[str | Path]) -> Templates:
    """One `Templates` for all the builds of a process with these folders (the quarters a
    worker builds, the rebuilds of `planpub serve`), so its templates are loaded once; a new one
    when a folder's `planpub/` templates were added, removed or edited since."""
    key = tuple(str(d) for d in dirs)
    listing = _listing(key)
    found = _shared.get(key)
    if found is None or found[0] != listing:
        found = _shared[key] = (listing, Templates(dirs))
    return found[1]


def _listing(dirs: tuple[str, ...]) -> tuple[tuple[str, int, int], ...]:
    """The templates planpub may load from these folders: path, time and size of each."""
    found = []
    for folder in dirs:
        for root, subfolders, names in os.walk(os.path.join(folder, "planpub")):
            subfolders.sort()
            for name in sorted(names):
                with suppress(OSError):
                    info = os.stat(os.path.join(root, name))
                    found.append((os.path.join(root, name), info.st_mtime_ns, info.st_size))
    return tuple(found)


def without_blank_lines(html: str) -> str:
    """HTML with its blank lines dropped, so Markdown would read it as one raw block."""
    return "\n".join(line for line in html.splitlines() if line.strip())
