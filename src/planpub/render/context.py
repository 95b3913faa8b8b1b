"""One plan as the templates see it: the plan, its derived numbers, its formats and labels."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from planpub.model import Plan
from planpub.render.formatting import Formatter
from planpub.render.labels import Labels, default_title, period_name

if TYPE_CHECKING:
    from planpub.derive import Derived


@dataclass(eq=False)
class PlanContext:
    plan: Plan
    derived: Derived
    fmt: Formatter
    t: Labels
    names: dict[str, dict[str, str]] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        stages = {s.id: s.name for s in self.plan.funnel.stages} if self.plan.funnel else {}
        object.__setattr__(
            self,
            "names",
            {
                "stage": stages,
                "focus": {f.id: f.name for f in self.plan.focus_areas},
                "program": {p.id: p.name for p in self.plan.programs},
                "kpi": {k.id: k.name for k in self.plan.kpis},
            },
        )

    @cached_property
    def title(self) -> str:
        return self.plan.title or default_title(self.plan.period, self.t)

    @cached_property
    def period_name(self) -> str:
        return period_name(self.plan.period, self.t)

    def name(self, kind: str, item_id: str | None) -> str:
        """The plan's name for a stage, focus area, program or KPI id (the id if it has none)."""
        if item_id is None:
            return self.t["no_focus"] if kind == "focus" else ""
        return self.names[kind].get(item_id, item_id)

    def is_stage(self, item_id: str) -> bool:
        return item_id in self.names["stage"]
