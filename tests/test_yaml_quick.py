"""libyaml's own composer (`quickly_composed`) gives exactly what planpub's `Composer` gives.

Every file of the examples and of the broken and hostile corpora, and generated YAML, is loaded
both ways: the data, the source map and every problem (code, message, position) must agree.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from planpub import yaml_data
from planpub.frontmatter import MAX_DEPTH, Document, LoadError, decode, parse_document

sys.path.insert(0, str(ROOT / "tests" / "hostile"))
from generate import GENERATED

CORPUS = sorted(
    [*(ROOT / "plans").rglob("*.md"), *(ROOT / "tests").glob("*/2026-Q1/*.md")],
    key=lambda path: path.relative_to(ROOT).as_posix(),
)


def slowly(text: str, monkeypatch: pytest.MonkeyPatch) -> Document:
    with monkeypatch.context() as patch:
        patch.setattr(yaml_data, "quickly_composed", lambda text: None)
        return parse_document(text)


def same(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    quick, slow = parse_document(text), slowly(text, monkeypatch)
    assert quick.data == slow.data
    assert quick.source_map == slow.source_map
    assert quick.problems == slow.problems


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_corpus_file_loads_the_same_both_ways(path: Path, monkeypatch) -> None:
    try:
        text = decode(path.read_bytes())
    except LoadError:
        return  # not text: never reaches YAML
    same(text, monkeypatch)


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_every_generated_hostile_file_loads_the_same_both_ways(name: str, monkeypatch) -> None:
    try:
        text = decode(GENERATED[name]())
    except LoadError:
        return  # not text: never reaches YAML
    same(text, monkeypatch)


def test_the_quick_way_is_taken_for_the_example_plans() -> None:
    """Else the tests above would compare the slow way with itself."""
    texts = [p.read_text(encoding="utf-8") for p in CORPUS if p.is_relative_to(ROOT / "plans")]
    plans = [text.split("---\n")[1] for text in texts if text.startswith("---\n")]
    assert len(plans) >= 4
    for front in plans:
        assert yaml_data.quickly_composed(front) is not None, front[:80]


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: !!str 5\n",
        "- *undefined\n",
        "a: 1\n---\nb: 2\n",
        "a: [1, 2\n",
        "x: " + "[" * 2_001 + "]" * 2_001 + "\n",
    ],
    ids=["anchor", "tag", "alias", "two documents", "unclosed", "deep"],
)
def test_anchors_tags_errors_and_deep_nesting_go_the_slow_way(text: str, monkeypatch) -> None:
    assert yaml_data.quickly_composed(text) is None
    same(f"---\n{text}---\n", monkeypatch)


def test_plain_text_with_ampersands_and_stars_stays_quick() -> None:
    text = "title: R&D, Q&A and Sales & Marketing\nnote: 5* rating, a*b\n"
    assert yaml_data.quickly_composed(text) is not None


@pytest.mark.parametrize("levels", range(MAX_DEPTH - 2, MAX_DEPTH + 3))
@pytest.mark.parametrize("kind", ["flow lists", "block lists", "flow maps", "block maps"])
def test_nesting_at_the_depth_limit_is_judged_the_same(kind: str, levels: int, monkeypatch):
    if kind == "flow lists":
        value = "x: " + "[" * levels + "1" + "]" * levels + "\n"
    elif kind == "block lists":
        value = "x:\n" + "".join("  " * i + "-\n" for i in range(levels)) + "  " * levels + "- 1\n"
    elif kind == "flow maps":
        value = "x: " + "{a: " * levels + "1" + "}" * levels + "\n"
    else:
        value = "".join("  " * i + f"k{i}:\n" for i in range(levels)) + "  " * levels + "v: 1\n"
    same(f"---\n{value}---\n", monkeypatch)


yaml_words = st.sampled_from(
    ["a", "b", "1", "0.5", "35%", "yes", "no", "~", "null", "2026-01-15", "1:30", "'q'", '"d"']
)


@st.composite
def yaml_texts(draw: st.DrawFn) -> str:
    """Small YAML-ish texts: block and flow mappings and lists, some invalid, some repeated keys."""
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        indent = "  " * draw(st.integers(0, 2))
        key = draw(st.sampled_from(["a", "b", "c", "- a", "-", "? a"]))
        sep = draw(st.sampled_from([": ", ":", " ", ": [", ": {", ": - "]))
        words = draw(st.lists(yaml_words, max_size=3))
        closer = draw(st.sampled_from(["", "]", "}", ", x]"]))
        lines.append(f"{indent}{key}{sep}{', '.join(words)}{closer}")
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None)
@given(yaml_texts())
def test_generated_yaml_loads_the_same_both_ways(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        same(f"---\n{text}---\n", monkeypatch)
