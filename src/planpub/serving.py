"""`planpub serve`'s web server: the versioned site served straight from the build cache.

Every quarter's build already sits in `.planpub-cache/versions/<fingerprint>/<quarter>/`; the
server maps `/<quarter>/...` and `/latest/...` onto those folders and everything else onto a small
root folder (versions.json, the redirect), so a rebuild after an edit costs one quarter's build
and nothing more: no site is copied or swapped while you edit.
"""

from __future__ import annotations

import threading
from dataclasses import field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from planpub.records import record


@record
class Routes:
    """Which folder serves each version of the site while serving it."""

    root: Path
    versions: dict[str, Path] = field(default_factory=dict)  # quarter or alias -> its folder

    def locate(self, url_path: str) -> tuple[Path, str]:
        """The folder that serves a URL path, and the path inside it."""
        first, _, rest = url_path.lstrip("/").partition("/")
        folder = self.versions.get(unquote(first))
        if folder is None:
            return self.root, url_path
        return folder, "/" + rest


class VersionedSite:
    """Serves the latest routes; `update` swaps them in one assignment after a rebuild."""

    def __init__(self, root: Path) -> None:
        self.routes = Routes(root)

    def update(self, versions: dict[str, Path]) -> None:
        self.routes = Routes(self.routes.root, dict(versions))

    def start(self, host: str, port: int) -> ThreadingHTTPServer:
        site = self

        class Handler(SimpleHTTPRequestHandler):
            def translate_path(self, path: str) -> str:
                parts = urlsplit(path)
                folder, inside = site.routes.locate(parts.path)
                self.directory = str(folder)
                return super().translate_path(inside)

            def log_message(self, format: str, *args: Any) -> None:
                return

        server = ThreadingHTTPServer((host, port), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server
