"""Splitting front matter and loading YAML with a source map."""

from __future__ import annotations

from datetime import date

import pytest

from planpub.frontmatter import MAX_FILE_BYTES, LoadError, Position, decode, parse_document


def test_source_map_points_at_keys_and_values() -> None:
    doc = parse_document(
        "---\nperiod: 2026-Q1\nfunnel:\n  stages:\n    - id: engaged\n      rate: 10%\n"
        "---\n# Body\n"
    )
    assert doc.problems == []
    assert doc.source_map.values["period"] == Position(2, 9)
    assert doc.source_map.keys["funnel.stages"] == Position(4, 3)
    assert doc.source_map.values["funnel.stages[0].rate"] == Position(6, 13)
    assert doc.body == "# Body\n"
    assert doc.body_line == 8


def test_locate_falls_back_to_the_nearest_ancestor() -> None:
    doc = parse_document("---\nprograms:\n  - id: a\n---\n")
    assert doc.source_map.locate("programs[0].budget") == Position(3, 5)


def test_yaml_1_1_booleans_and_sexagesimals_stay_text() -> None:
    doc = parse_document("---\nlocale: no\nx-on: on\nx-time: 1:30\nx-flag: true\n---\n")
    assert doc.data == {"locale": "no", "x-on": "on", "x-time": "1:30", "x-flag": True}


def test_dates_and_numbers_keep_their_yaml_types() -> None:
    doc = parse_document("---\nby: 2026-06-01\nrevenue: 5_000_000\nrate: 0.1\n---\n")
    assert doc.data == {"by": date(2026, 6, 1), "revenue": 5_000_000, "rate": 0.1}


def test_bom_and_crlf_are_normalised() -> None:
    text = decode(b"\xef\xbb\xbf---\r\nperiod: 2026-Q1\r\n---\r\nbody\r\n")
    doc = parse_document(text)
    assert doc.data == {"period": "2026-Q1"}
    assert doc.body == "body\n"


def test_a_page_without_front_matter_is_plain_markdown() -> None:
    doc = parse_document("# Handbook\n\n---\n\nA rule above.\n")
    assert not doc.has_front_matter
    assert doc.data is None


def test_an_empty_front_matter_is_no_data() -> None:
    doc = parse_document("---\n---\n# Body\n")
    assert doc.has_front_matter and doc.data is None and doc.problems == []


def test_oversized_files_are_refused_before_parsing() -> None:
    with pytest.raises(LoadError) as refused:
        decode(b"x" * (MAX_FILE_BYTES + 1))
    assert refused.value.finding.code == "PP004"


@pytest.mark.parametrize(
    ("yaml_text", "code"),
    [
        ("a: !!python/object/apply:os.system [ls]", "PP006"),
        ("a: !!binary aGVsbG8=", "PP006"),
        ("a: !!set {x}", "PP006"),
        ("a: 1\na: 2", "PP007"),
        ("? [a, b]\n: 1", "PP008"),
        ("a: [1, 2", "PP001"),
        ("a: 2026-13-01", "PP113"),
    ],
)
def test_unsafe_or_broken_yaml_is_one_clear_problem(yaml_text: str, code: str) -> None:
    doc = parse_document(f"---\n{yaml_text}\n---\n")
    assert [finding.code for finding, _ in doc.problems] == [code]
