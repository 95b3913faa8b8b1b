"""`@record` behaves as `@dataclass(frozen=True)` does, method for method."""

from __future__ import annotations

import copy
import dataclasses
import itertools
import pickle
from dataclasses import FrozenInstanceError, dataclass, field
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planpub.model import Goal, Period, Stage
from planpub.records import record


@record
class Deal:
    name: str
    value: int = 0
    note: str = field(default="", compare=False)
    tags: tuple[str, ...] = field(default_factory=tuple)
    owner: str = field(default="", hash=False, repr=False)


@dataclass(frozen=True)
class FrozenDeal:
    name: str
    value: int = 0
    note: str = field(default="", compare=False)
    tags: tuple[str, ...] = field(default_factory=tuple)
    owner: str = field(default="", hash=False, repr=False)


@record
class Single:
    only: int


@record
class Empty:
    pass


@record
class Titled:
    title: str

    def __repr__(self) -> str:
        return f"<{self.title}>"


@record
class Derived:
    rate: float
    percent: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "percent", self.rate * 100)


texts = st.text(max_size=5)
deals = st.tuples(texts, st.integers(), texts, st.tuples(texts), texts)


@given(deals, deals)
def test_equality_hash_and_repr_match_a_frozen_dataclass(one: tuple, other: tuple) -> None:
    records, frozen = (Deal(*one), Deal(*other)), (FrozenDeal(*one), FrozenDeal(*other))
    assert (records[0] == records[1]) == (frozen[0] == frozen[1])
    assert hash(records[0]) == hash(frozen[0])
    assert repr(records[0]) == repr(frozen[0]).replace("FrozenDeal(", "Deal(", 1)


def test_compare_false_fields_are_left_out_of_equality_and_hash() -> None:
    assert Deal("webinar", 5, note="a") == Deal("webinar", 5, note="b")
    assert hash(Deal("webinar", 5, owner="Ola")) == hash(Deal("webinar", 5, owner="Piotr"))
    assert Deal("webinar", 5, owner="Ola") != Deal("webinar", 5, owner="Piotr")
    assert "owner" not in repr(Deal("webinar", owner="Ola"))


def test_other_classes_are_never_equal() -> None:
    assert Deal("webinar") != FrozenDeal("webinar")
    assert Deal("webinar") != ("webinar", 0, "", (), "")
    assert Single(1) == Single(1) and Single(1) != Single(2)
    assert hash(Single(1)) == hash((1,)) and Empty() == Empty() and hash(Empty()) == hash(())


def test_fields_cannot_be_assigned_or_deleted() -> None:
    deal = Deal("webinar", 5)
    with pytest.raises(FrozenInstanceError, match="cannot assign to field 'value'"):
        deal.value = 6  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError, match="cannot assign to field 'extra'"):
        deal.extra = 1  # type: ignore[attr-defined]
    with pytest.raises(FrozenInstanceError, match="cannot delete field 'name'"):
        del deal.name  # type: ignore[misc]
    assert deal == Deal("webinar", 5)


def test_dataclass_functions_copies_and_pickles_work() -> None:
    deal = Deal("webinar", 5, tags=("q1",))
    assert dataclasses.is_dataclass(deal)
    assert [f.name for f in dataclasses.fields(deal)] == ["name", "value", "note", "tags", "owner"]
    assert dataclasses.replace(deal, value=6) == Deal("webinar", 6, tags=("q1",))
    assert dataclasses.asdict(deal)["tags"] == ("q1",)
    for twin in (copy.copy(deal), copy.deepcopy(deal), pickle.loads(pickle.dumps(deal))):
        assert twin == deal and twin is not deal
        with pytest.raises(FrozenInstanceError):
            twin.value = 1  # type: ignore[misc]


def test_a_class_keeps_its_own_methods_and_post_init_may_set_fields() -> None:
    assert repr(Titled("Q1 roadmap")) == "<Q1 roadmap>"
    assert Derived(0.1).percent == pytest.approx(10.0)
    assert Deal("x").tags == ()


def test_the_plan_model_is_made_of_records() -> None:
    """Periods key dictionaries and sort; goals and stages compare by value."""
    q1, year = Period.parse("2026-Q1"), Period.parse("2026")
    assert q1 is not None and year is not None
    assert {q1: "first"}[Period.parse("2026-Q1")] == "first"  # type: ignore[index]
    assert sorted([q1, year]) == [year, q1]
    assert Goal("$5M", revenue=Fraction(5_000_000)) == Goal("$5M", revenue=Fraction(5_000_000))
    assert repr(Stage("mql", "MQL")).startswith("Stage(id='mql', name='MQL'")
    with pytest.raises(FrozenInstanceError):
        q1.year = 2027  # type: ignore[misc]


@record(order=True)
class Ranked:
    score: int
    name: str = ""
    note: str = field(default="", compare=False)


@dataclass(frozen=True, order=True)
class FrozenRanked:
    score: int
    name: str = ""
    note: str = field(default="", compare=False)


@given(st.lists(st.tuples(st.integers(-3, 3), st.sampled_from(["a", "b"]), texts), max_size=6))
def test_order_matches_a_frozen_ordered_dataclass(items: list[tuple[int, str, str]]) -> None:
    pairs = [(Ranked(*item), FrozenRanked(*item)) for item in items]
    for (one, twin), (other, twin_other) in itertools.product(pairs, repeat=2):
        assert (one < other) == (twin < twin_other)
        assert (one <= other) == (twin <= twin_other)
        assert (one > other) == (twin > twin_other)
        assert (one >= other) == (twin >= twin_other)
    ranked = sorted(one for one, _ in pairs)
    assert [(r.score, r.name) for r in ranked] == [
        (f.score, f.name) for f in sorted(t for _, t in pairs)
    ]


def test_records_of_other_classes_do_not_order() -> None:
    with pytest.raises(TypeError):
        assert Ranked(1) < FrozenRanked(2)  # type: ignore[operator]
    with pytest.raises(TypeError):
        assert Deal("a") < Deal("b")  # type: ignore[operator]
