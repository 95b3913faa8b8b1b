"""Driving MkDocs builds for the versioned site: the second of the two MkDocs adapters.

`plugin.py` answers MkDocs events; this module runs one MkDocs build per quarter inside a
worker process. A worker keeps what every build of the same theme would redo (the list of the
theme's static files and the compiled Jinja templates), and every version's copy of the theme's
static files is a hard link to one copy kept in the cache, which is what makes twenty small
builds cost about as much as one big one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from markdown import Markdown
from mkdocs import utils as mkdocs_utils
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.structure.files import File, Files
from mkdocs.theme import Theme

from planpub.file_cache import package_digest, trim, write_atomically
from planpub.locales import currency_problem
from planpub.markdown_reuse import reused_markdown
from planpub.render.cache import CACHE_ENV, build_bytecode
from planpub.search_reuse import reused_search_entries
from planpub.site_jobs import (
    QUARTERS_ENV,
    VERSION_ENV,
    SiteSettings,
    VersionJob,
    VersionResult,
)


def load_settings(config_file: str) -> SiteSettings:
    """Read mkdocs.yml the way MkDocs does (plugins and all); ValueError when it is invalid."""
    try:
        config = load_config(config_file)
    except (ConfigurationError, Abort, OSError) as error:
        raise ValueError(f"{config_file}: {error}") from error
    return SiteSettings(
        config_file=config_file,
        docs_dir=config.docs_dir,
        site_dir=config.site_dir,
        site_url=config.site_url or "",
        custom_dir=config.theme.custom_dir,
        plugin_enabled="planpub" in config.plugins,
    )


def warm_up(config_file: str) -> None:
    """Load what a first build of `config_file` would: its theme, plugins and Markdown
    extensions, Babel's data and the digest of planpub's code. A worker does it while the plans
    are checked; whatever goes wrong here, the build itself reports."""
    logger = logging.getLogger("mkdocs")
    disabled, logger.disabled = logger.disabled, True
    try:
        config = load_config(config_file)
        Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        currency_problem("EUR")
        package_digest()
    except Exception:  # the build that follows says what is wrong
        return
    finally:
        logger.disabled = disabled


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def build_version(job: VersionJob) -> VersionResult:
    """Build one quarter's version into job.out_dir; never raises."""
    os.environ[VERSION_ENV] = job.quarter
    os.environ[QUARTERS_ENV] = ",".join(job.quarters)
    if job.cache_dir:
        os.environ[CACHE_ENV] = job.cache_dir
    collector = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    logger.propagate = False
    try:
        with (
            _shared_theme_work(job.cache_dir),
            reused_search_entries(job.cache_dir),
            reused_markdown(job.cache_dir, job.quarter),
        ):
            config = load_config(
                job.config_file, site_dir=job.out_dir, site_url=job.site_url, strict=job.strict
            )
            build(config)
        return VersionResult(job.quarter, True, collector.messages)
    except (PluginError, ConfigurationError, Abort) as error:
        return VersionResult(job.quarter, False, [*collector.messages, f"ERROR: {error}"])
    except Exception as error:
        message = f"ERROR: {type(error).__name__}: {error}"
        return VersionResult(job.quarter, False, [*collector.messages, message])
    finally:
        logger.removeHandler(collector)
        logger.propagate = True
        for name in (VERSION_ENV, QUARTERS_ENV, CACHE_ENV):
            os.environ.pop(name, None)


# -- work shared between the builds of one worker process ----------------------------------------

_theme_files: dict[str, list[tuple[str, str]]] = {}
ASSETS = "theme-assets"  # in the cache folder: one copy of each static file of the theme
MOST_ASSETS = 1000  # past this, the older half is removed (a theme has about 50)


class _ThemeAsset(File):
    """A static file of the theme, hard-linked from the copy kept in `store`.

    Twenty versions hold the same fifty files of Material (3 MB): copying them is a tenth of a
    cold build. A link costs no copy. The kept copy is named by the source's path, size and
    time, and is copied again when its size no longer matches (something wrote into a linked
    file). Where no link can be made (another file system), the file is copied as MkDocs does.
    """

    store: Path | None = None

    def copy_file(self, dirty: bool = False) -> None:
        source, target = self.abs_src_path, self.abs_dest_path
        if self.store is None or source is None or (dirty and not self.is_modified()):
            super().copy_file(dirty)
            return
        try:
            _link_kept_copy(source, target, self.store)
        except OSError:
            super().copy_file(dirty)


def _link_kept_copy(source: str, target: str, store: Path) -> None:
    found = os.stat(source)
    name = hashlib.blake2b(
        f"{source}\0{found.st_size}\0{found.st_mtime_ns}".encode("utf-8", "surrogatepass"),
        digest_size=16,
    ).hexdigest()
    kept = store / f"{name}.asset"
    try:
        fresh = os.stat(kept).st_size == found.st_size
    except FileNotFoundError:
        fresh = False
    if not fresh:
        store.mkdir(parents=True, exist_ok=True)
        temporary = store / f"{name}.{os.getpid()}.tmp"
        shutil.copyfile(source, temporary)
        os.replace(temporary, kept)
    try:
        os.link(kept, target)
    except FileNotFoundError:  # the first file of its folder
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.link(kept, target)
    except FileExistsError:
        os.unlink(target)
        os.link(kept, target)


def _theme_key(config: MkDocsConfig) -> str:
    """Names the theme's static files: its folders, their contents' names and times."""
    parts = sorted(config.theme.static_templates)  # a set: its order changes between runs
    for folder in config.theme.dirs:
        stat = os.stat(folder)
        parts.append(f"{folder}:{stat.st_mtime_ns}")
        if config.theme.custom_dir and folder == config.theme.custom_dir:
            for root, _, names in sorted(os.walk(folder)):
                parts += [f"{root}/{name}" for name in sorted(names)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _listed_theme_files(
    env: Any, config: MkDocsConfig, original: Any, cache_dir: str | None
) -> list[tuple[str, str]]:
    key = _theme_key(config)
    if key in _theme_files:
        return _theme_files[key]
    stored = Path(cache_dir, "theme-files.json") if cache_dir else None
    if stored is not None and stored.is_file():
        data = json.loads(stored.read_text(encoding="utf-8"))
        if data.get("key") == key:
            _theme_files[key] = [(uri, folder) for uri, folder in data["files"]]
            return _theme_files[key]
    found = Files([])
    original(found, env, config)
    _theme_files[key] = [(f.src_uri, f.src_dir or "") for f in found]
    if stored is not None:
        write_atomically(stored, json.dumps({"key": key, "files": _theme_files[key]}).encode())
    return _theme_files[key]


class _InstalledThemes:
    """`mkdocs.utils.get_themes`, read once per process.

    MkDocs forgets the installed themes each time it loads one (so that `mkdocs serve` sees a
    theme installed while it runs) and reads every package's entry points again, about 10 ms
    per build. A worker builds one site after another with the same packages installed."""

    def __init__(self, read: Any) -> None:
        self.read = read
        self.found: Any = None

    def __call__(self) -> Any:
        if self.found is None:
            self.found = self.read()
        return self.found

    def cache_clear(self) -> None:
        """What MkDocs calls to forget them: kept for the process's life instead."""


_themes: _InstalledThemes | None = None


@contextmanager
def _shared_theme_work(cache_dir: str | None) -> Iterator[None]:
    """Reuse the theme's file list and compiled templates across builds and runs."""
    global _themes
    original_files = Files.add_files_from_theme
    original_env = Theme.get_env
    original_themes = mkdocs_utils.get_themes
    if _themes is None:
        _themes = _InstalledThemes(original_themes)

    store = Path(cache_dir, ASSETS) if cache_dir else None

    def add_files_from_theme(self: Files, env: Any, config: MkDocsConfig) -> None:
        for src_uri, src_dir in _listed_theme_files(env, config, original_files, cache_dir):
            if self.get_file_from_path(src_uri) is None:
                asset = _ThemeAsset(src_uri, src_dir, config.site_dir, config.use_directory_urls)
                asset.store = store
                self.append(asset)

    def get_env(self: Theme) -> Any:
        env = original_env(self)
        env.bytecode_cache = build_bytecode()
        env.auto_reload = False  # no template changes during a build: no file times to check
        return env

    Files.add_files_from_theme = add_files_from_theme  # type: ignore[method-assign]
    Theme.get_env = get_env  # type: ignore[method-assign]
    mkdocs_utils.get_themes = _themes  # type: ignore[assignment]
    try:
        yield
    finally:
        Files.add_files_from_theme = original_files  # type: ignore[method-assign]
        Theme.get_env = original_env  # type: ignore[method-assign]
        mkdocs_utils.get_themes = original_themes
        if store is not None and store.is_dir():
            trim(store, MOST_ASSETS, suffix=".asset")
