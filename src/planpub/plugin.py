"""The MkDocs plugin: the only module that imports mkdocs. It hands MkDocs events to planpub."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files

from planpub.diagnostics import format_text
from planpub.loader import Workspace, load_workspace

log = get_plugin_logger(__name__)


class PlanpubConfig(Config):
    currency = opt.Type(str, default="USD")
    locale = opt.Type(str, default="en")
    rounding = opt.Choice(("ceil", "half-up", "none"), default="ceil")


class PlanpubPlugin(BasePlugin[PlanpubConfig]):
    """Validates every plan page of the site and stops the build on errors."""

    def __init__(self) -> None:
        self.workspace = Workspace()

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        docs_dir = Path(config.docs_dir)
        self.workspace = load_workspace([docs_dir])
        report(self.workspace)
        return files


def report(workspace: Workspace) -> None:
    """Warnings go to the plugin logger (so --strict fails); errors stop the build."""
    for warning in workspace.warnings:
        log.warning(format_text(warning))
    if workspace.errors:
        listing = "\n".join(format_text(d) for d in workspace.errors)
        raise PluginError(f"planpub: {len(workspace.errors)} error(s) in plans\n{listing}")
