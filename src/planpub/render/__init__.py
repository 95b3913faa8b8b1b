"""Plan pages as HTML: sections, charts, generated pages and feeds, in the plan's locale.

The only part of planpub that uses Jinja. `PlanSite` (in `site`) is the entry point: the MkDocs
plugin hands it the plan pages of a build and asks it for sections and generated files.
"""

from __future__ import annotations

from planpub.render.environment import TEMPLATES_DIR, RenderError, Templates
from planpub.render.sections import SECTION_NAMES, Placement, Section, place_sections
from planpub.render.site import PlanSite, Settings

STYLESHEET = "planpub/planpub.css"  # copied from TEMPLATES_DIR with the theme's files

__all__ = [
    "SECTION_NAMES",
    "STYLESHEET",
    "TEMPLATES_DIR",
    "Placement",
    "PlanSite",
    "RenderError",
    "Section",
    "Settings",
    "Templates",
    "place_sections",
]
