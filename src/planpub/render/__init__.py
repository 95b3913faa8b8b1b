"""Plan pages as HTML: sections, charts, generated pages and feeds, in the plan's locale.

The only part of planpub that uses Jinja. `PlanSite` (in `site`) is the entry point: the MkDocs
plugin hands it the plan pages of a build and asks it for sections and generated files.

The view classes are `@dataclass(eq=False)`: built once per page and never compared, and a class
without generated comparison and freezing costs less than half as much to define, which every
build process does for each of them.
"""

from __future__ import annotations

from planpub.render.environment import TEMPLATES_DIR, RenderError, Templates, shared_templates
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
    "shared_templates",
]
