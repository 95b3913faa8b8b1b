"""The file cache: a file read from it loads exactly as when it is parsed and checked again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import PLANS, ROOT

from planpub import file_cache, loader
from planpub.loader import LoadedFile, load_bytes

CORPUS = sorted(
    [
        *(ROOT / "tests" / "broken" / "2026-Q1").glob("*.md"),
        *(ROOT / "tests" / "hostile" / "2026-Q1").glob("*.md"),
        *PLANS.rglob("*.md"),
    ]
)


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache"
    monkeypatch.setenv(file_cache.CACHE_HOME_ENV, str(home))
    return home


def entries(home: Path, kind: str) -> list[Path]:
    return sorted(home.glob(f"code-*/*.{kind}.json"))


def load(raw: bytes, path: Path) -> LoadedFile:
    return load_bytes(raw, path.relative_to(ROOT).as_posix(), folder=path.parent.name)


def fresh(raw: bytes, path: Path) -> LoadedFile:
    with file_cache.turned_off():
        return load(raw, path)


def same_load(loaded: LoadedFile, expected: LoadedFile) -> None:
    assert loaded.diagnostics == expected.diagnostics
    assert loaded.period == expected.period
    assert loaded.plan == expected.plan
    document, want = loaded.document, expected.document
    assert repr(document.data) == repr(want.data)  # repr: NaN is not equal to itself
    assert (document.body, document.body_line) == (want.body, want.body_line)
    assert document.has_front_matter == want.has_front_matter
    assert document.source_map == want.source_map
    assert document.problems == want.problems


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_file_from_the_cache_loads_as_when_read_again(path: Path, cache_home: Path) -> None:
    raw = path.read_bytes()
    expected = fresh(raw, path)
    first, second = load(raw, path), load(raw, path)
    if expected.period is not None:
        assert not second.is_built  # the checks came from the cache; the plan is built on use
    same_load(first, expected)
    same_load(second, expected)


def test_the_seed_plan_is_stored_once_and_then_read_from_the_cache(cache_home: Path) -> None:
    path = PLANS / "2026-Q1" / "index.md"
    raw = path.read_bytes()
    first = load(raw, path)
    assert len(entries(cache_home, "parse")) == 1 and len(entries(cache_home, "check")) == 1
    second = load(raw, path)
    assert first.is_built and not second.is_built
    assert second.plan is not None and second.plan.goal is not None
    assert second.plan.goal.revenue == 5_000_000  # the seed's $5M goal, built from the cache


def test_damaged_or_planted_entries_are_misses(cache_home: Path) -> None:
    path = PLANS / "2026-Q2" / "index.md"
    raw = path.read_bytes()
    expected = fresh(raw, path)
    load(raw, path)
    planted = {"period": 7, "diagnostics": "x"}
    for number, entry in enumerate(entries(cache_home, "parse") + entries(cache_home, "check")):
        entry.write_bytes(b"\x00garbage{" if number % 2 == 0 else json.dumps(planted).encode())
    same_load(load(raw, path), expected)
    for entry in entries(cache_home, "check"):
        entry.write_text(json.dumps({"period": "2026-Q2", "diagnostics": [["too", "few"]]}))
    same_load(load(raw, path), expected)


def test_an_edited_file_is_checked_again(cache_home: Path) -> None:
    path = PLANS / "2026-Q1" / "index.md"
    raw = path.read_bytes()
    assert not [d for d in load(raw, path).diagnostics if d.is_error]
    broken = raw.replace(b"owner:", b"ownr:", 1)
    diagnostics = load(broken, path).diagnostics
    assert "PP101" in {d.code for d in diagnostics}  # unknown key 'ownr'
    assert diagnostics == fresh(broken, path).diagnostics


def test_the_same_text_in_another_folder_is_checked_there(cache_home: Path) -> None:
    path = PLANS / "2026-Q1" / "index.md"
    raw = path.read_bytes()
    load(raw, path)
    moved = load_bytes(raw, "plans/2026-Q2/index.md", folder="2026-Q2")
    assert "PP109" in {d.code for d in moved.diagnostics}  # period does not match its folder
    assert {d.file for d in moved.diagnostics} == {"plans/2026-Q2/index.md"}


def test_data_with_keys_like_the_caches_own_tags_is_not_stored(cache_home: Path) -> None:
    raw = b'---\ntitle: x\nx-note: {"\\0date": 2026-01-20}\n---\nBody.\n'
    path = PLANS / "handbook" / "tagged.md"
    expected = fresh(raw, path)
    assert expected.document.data["x-note"] == {"\x00date": date(2026, 1, 20)}
    same_load(load(raw, path), expected)
    same_load(load(raw, path), expected)
    assert entries(cache_home, "parse") == []


def test_dates_and_times_come_back_as_dates_and_times(cache_home: Path) -> None:
    raw = b"---\ntitle: x\nx-when: 2026-01-20\nx-at: 2026-01-20 10:30:00+01:00\n---\n"
    path = PLANS / "handbook" / "dates.md"
    expected = fresh(raw, path)
    load(raw, path)
    again = load(raw, path)
    assert again.document.data == expected.document.data
    assert again.document.data["x-when"] == date(2026, 1, 20)
    assert again.document.data["x-at"] == datetime(2026, 1, 20, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize("setting", [("PLANPUB_CACHE_HOME", ""), ("PLANPUB_NO_CACHE", "1")])
def test_the_cache_can_be_turned_off(
    setting: tuple[str, str], cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(*setting)
    path = PLANS / "2026-Q1" / "index.md"
    load(path.read_bytes(), path)
    assert not cache_home.exists()


def test_check_no_cache_writes_nothing(cache_home: Path, planpub) -> None:
    run = planpub(["check", "--no-cache", str(PLANS / "2026-Q3")])
    assert run.exit_code == 0, run.stdout + run.stderr
    assert not cache_home.exists()
    loader._remembered.cache_clear()  # what a new process starts with
    planpub(["check", str(PLANS / "2026-Q3")])
    assert entries(cache_home, "check")


def test_the_oldest_half_goes_when_the_cache_is_full(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = cache_home / "code-test"
    folder.mkdir(parents=True)
    for number in range(10):
        entry = folder / f"{number}.parse.json"
        entry.write_text("{}")
        os.utime(entry, ns=(number * 10**9, number * 10**9))
    monkeypatch.setattr(file_cache, "MAX_ENTRIES", 8)
    assert file_cache.trim(folder) == 5
    assert sorted(p.name for p in folder.iterdir()) == [f"{n}.parse.json" for n in range(5, 10)]


def test_entries_of_other_code_are_removed(cache_home: Path) -> None:
    stale = cache_home / "code-0123456789abcdef0123" / "x.parse.json"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}")
    path = PLANS / "2026-Q1" / "index.md"
    load(path.read_bytes(), path)
    assert not stale.parent.exists()
    assert entries(cache_home, "check")


WARM_CHECK = """
import sys
from planpub.cli import main
try:
    main(["check", sys.argv[1]])
except SystemExit as stop:
    assert stop.code == 0, stop.code
names = ("yaml", "planpub.model", "planpub.checks")
print("imported:" + ",".join(name for name in names if name in sys.modules))
"""


def test_checking_unchanged_files_needs_neither_yaml_nor_the_plan_model(cache_home: Path) -> None:
    env = {**os.environ, file_cache.CACHE_HOME_ENV: str(cache_home)}

    def imported() -> str:
        command = [sys.executable, "-c", WARM_CHECK, str(PLANS)]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        return done.stdout.rpartition("imported:")[2].strip()

    assert imported() == "yaml,planpub.model,planpub.checks"  # the first run reads everything
    assert imported() == ""  # unchanged plans and years come from the cache


def test_a_file_with_more_problems_than_it_shows_is_stored_as_shown(cache_home: Path) -> None:
    """The cache keeps the 100 problems shown and the count of the rest, not every problem."""
    keys = "".join(f"ownr{index}: 1\n" for index in range(150))
    raw = f"---\nperiod: 2026-Q1\nowner: Ana\n{keys}---\n".encode()
    path = PLANS / "2026-Q1" / "many-problems.md"
    expected = fresh(raw, path)
    assert [d.code for d in expected.diagnostics] == ["PP101"] * 100 + ["PP009"]
    first, second = load(raw, path), load(raw, path)
    assert not second.is_built  # from the cache
    same_load(first, expected)
    same_load(second, expected)
    [entry] = entries(cache_home, "check")
    assert len(json.loads(entry.read_bytes())["diagnostics"]) == 101
