"""Hostile inputs too large, too binary or too oddly encoded to keep as files: built at test time.

Each builder returns the bytes of one file. They start from `valid-full.md`, a plan using every
key of the format, and change one thing; `expected.toml` says what planpub must report.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from planpub.frontmatter import MAX_FILE_BYTES

HERE = Path(__file__).resolve().parent
VALID = (HERE / "2026-Q1" / "valid-full.md").read_text(encoding="utf-8")
OWNER = "owner: Ana Ionescu\nstatus"  # line 4
LOCALE = "locale: en\n"  # line 7: lines inserted after it start at line 8

Builder = Callable[[], bytes]


def changed(old: str, new: str, text: str = VALID) -> str:
    if text.count(old) != 1:
        raise ValueError(f"{old!r} is not in the plan exactly once")
    return text.replace(old, new)


def after_locale(extra: str) -> str:
    return changed(LOCALE, LOCALE + extra)


def utf8(text: str) -> bytes:
    return text.encode("utf-8")


def padded(size: int) -> bytes:
    """The valid plan followed by body text, `size` bytes in all."""
    head = utf8(VALID)
    line = b"Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n"
    body = line * (1 + (size - len(head)) // len(line))
    return (head + body)[:size]


def nested_block_mappings(levels: int) -> str:
    return (
        "x-deep:\n"
        + "".join(f"{'  ' * (level + 1)}k:\n" for level in range(levels))
        + ("  " * (levels + 1) + "end\n")
    )


def explicit_long_key() -> str:
    key = "k" * 100_000
    return f"x-k: &k\n  ? {key}\n  : 1\nx-l: [{', '.join(['*k'] * 100)}]\n"


def many_programs(count: int) -> bytes:
    programs = "".join(f"  - {{id: p{index}}}\n" for index in range(count))
    return utf8(f"---\nperiod: 2026-Q1\nowner: Ana\nprograms:\n{programs}---\n")


GENERATED: dict[str, Builder] = {
    "empty-file": lambda: b"",
    "bom-only": lambda: b"\xef\xbb\xbf",
    "crlf-wrong-type": lambda: utf8(changed(OWNER, "owner: 7\nstatus").replace("\n", "\r\n")),
    "cr-only-wrong-type": lambda: utf8(changed(OWNER, "owner: 7\nstatus").replace("\n", "\r")),
    "bom-crlf-unknown-key": lambda: (
        b"\xef\xbb\xbf" + utf8(after_locale("local: en\n").replace("\n", "\r\n"))
    ),
    "utf16-le-bom": lambda: b"\xff\xfe" + VALID.encode("utf-16-le"),
    "utf16-be-bom": lambda: b"\xfe\xff" + VALID.encode("utf-16-be"),
    "utf32-bom": lambda: VALID.encode("utf-32"),
    "latin1-name": lambda: changed(OWNER, "owner: Ana Ionéscu\nstatus").encode("latin-1"),
    "cp1252-quotes": lambda: changed("title: Q1", "title: “Q1”").encode("cp1252"),
    "utf8-overlong": lambda: utf8(VALID).replace(b"status: approved", b"status: appr\xc0\xafoved"),
    "utf8-surrogate": lambda: utf8(VALID).replace(b"currency: USD", b"currency: US\xed\xa0\x80D"),
    "utf8-truncated-end": lambda: utf8(VALID) + b"Price: 5 \xe2\x82",
    "nul-in-front-matter": lambda: utf8(changed(OWNER, "owner: Ana\x00Ionescu\nstatus")),
    "bell-in-title": lambda: utf8(changed("title: Q1", "title: \x07Q1")),
    "nul-in-body": lambda: utf8(VALID + "A NUL \x00 in the page text.\n"),
    "size-10-mb": lambda: padded(10 * 1024 * 1024),
    "size-one-byte-over": lambda: padded(MAX_FILE_BYTES + 1),
    "long-title": lambda: utf8(
        changed("title: Q1 2026 marketing roadmap", "title: " + "Q" * 1_500_000)
    ),
    "long-wrong-type": lambda: utf8(changed("  total: 100000", "  total: " + "1" * 200_000 + "x")),
    "deep-flow-lists": lambda: utf8(after_locale("x-deep: " + "[" * 10_000 + "]" * 10_000 + "\n")),
    "deep-flow-mappings": lambda: utf8(
        after_locale("x-deep: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n")
    ),
    "deep-block-lists": lambda: utf8(after_locale("x-deep:\n" + "- " * 10_000 + "1\n")),
    "deep-block-mappings": lambda: utf8(after_locale(nested_block_mappings(60))),
    "deep-unclosed": lambda: utf8(after_locale("x-deep: " + "[" * 100_000 + "\n")),
    "alias-text-bomb": lambda: utf8(
        after_locale(f'x-s: &s "{"s" * 100_000}"\nx-t: [{", ".join(["*s"] * 100)}]\n')
    ),
    "alias-key-bomb": lambda: utf8(after_locale(explicit_long_key())),
    "programs-100k": lambda: many_programs(100_000),
}
