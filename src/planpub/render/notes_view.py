"""The SWOT and review sections: the plan's own words, in a 2x2 grid and in dated notes."""

from __future__ import annotations

from dataclasses import dataclass

from planpub.render.context import PlanContext

SWOT_PARTS = ("strengths", "weaknesses", "opportunities", "threats")


@dataclass(eq=False)
class SwotPart:
    name: str  # strengths | weaknesses | opportunities | threats, for CSS
    title: str
    items: tuple[str, ...]


@dataclass(eq=False)
class SwotView:
    parts: tuple[SwotPart, ...]


def swot_view(ctx: PlanContext) -> SwotView | None:
    swot = ctx.plan.swot
    if swot is None or not any(getattr(swot, part) for part in SWOT_PARTS):
        return None
    return SwotView(
        parts=tuple(
            SwotPart(part, ctx.t[f"swot_{part}"], getattr(swot, part)) for part in SWOT_PARTS
        )
    )


@dataclass(eq=False)
class ReviewNote:
    kind: str
    title: str
    date: str
    paragraphs: tuple[str, ...]
    scheduled_by_default: bool


@dataclass(eq=False)
class ReviewView:
    notes: tuple[ReviewNote, ...]


def paragraphs(text: str) -> tuple[str, ...]:
    """A plan's multi-line text as paragraphs: blank lines separate them."""
    return tuple(" ".join(p.split()) for p in text.split("\n\n") if p.strip())


def review_view(ctx: PlanContext) -> ReviewView | None:
    if not ctx.plan.reviews:
        return None
    return ReviewView(
        notes=tuple(
            ReviewNote(
                kind=r.kind,
                title=ctx.t[f"review_{r.kind}"],
                date=ctx.fmt.date(r.date),
                paragraphs=paragraphs(r.summary),
                scheduled_by_default=r.default,
            )
            for r in ctx.derived.reviews
        )
    )
