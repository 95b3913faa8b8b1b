"""The KPI section: baseline, target, latest actual, progress, status, owner and due date."""

from __future__ import annotations

from dataclasses import dataclass

from planpub.kpis import KpiProgress
from planpub.render.charts import Chart, progress_bar
from planpub.render.context import PlanContext


@dataclass(eq=False)
class KpiRow:
    id: str
    name: str
    owner: str
    baseline: str
    target: str
    direction: str  # "higher is better" / "lower is better"
    latest: str
    latest_date: str
    progress: str
    status: str  # achieved | on-track | at-risk | off-track | no-data, for CSS
    status_label: str
    due: str
    bar: Chart


@dataclass(eq=False)
class KpisView:
    rows: tuple[KpiRow, ...]


def kpis_view(ctx: PlanContext) -> KpisView | None:
    if not ctx.derived.kpis:
        return None
    owners = {k.id: k.owner for k in ctx.plan.kpis}
    return KpisView(rows=tuple(_row(ctx, kpi, owners.get(kpi.id, "")) for kpi in ctx.derived.kpis))


def _row(ctx: PlanContext, kpi: KpiProgress, owner: str) -> KpiRow:
    fmt, t = ctx.fmt, ctx.t
    latest = kpi.latest
    return KpiRow(
        id=kpi.id,
        name=kpi.name,
        owner=owner,
        baseline=fmt.value(kpi.baseline, kpi.unit),
        target=fmt.value(kpi.target, kpi.unit),
        direction=t[f"direction_{kpi.direction}"],
        latest=fmt.value(latest.value, kpi.unit) if latest else fmt.value(None, kpi.unit),
        latest_date=fmt.date(latest.date) if latest else "",
        progress=fmt.percent(kpi.progress),
        status=kpi.status,
        status_label=t[f"status_{kpi.status}"],
        due=fmt.date(kpi.due),
        bar=progress_bar(
            f"planpub-kpi-{kpi.id}",
            _bar_title(ctx, kpi),
            kpi.progress,
            kpi.expected,
            f"planpub-status-{kpi.status}",
        ),
    )


def _bar_title(ctx: PlanContext, kpi: KpiProgress) -> str:
    fmt, t = ctx.fmt, ctx.t
    if kpi.progress is None:
        return t[f"status_{kpi.status}"]
    return t["progress_desc"].format(
        progress=fmt.percent(kpi.progress), expected=fmt.percent(kpi.expected)
    )
