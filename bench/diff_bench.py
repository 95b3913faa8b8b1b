"""How long `planpub diff` takes on two generated 20-program quarters.

    python bench/diff_bench.py [--programs 20] [--repeat 20]

Times the work of the command (parse and validate both plans, derive, compare, render all three
formats) in-process, best of --repeat, and one whole `planpub diff` process for reference.
Target: well under a second.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import plan_page
from timing import BIN, run_once

from planpub.diff import diff_plans
from planpub.diff_markdown import render_markdown
from planpub.diff_render import render_json, render_text
from planpub.loader import load_file


def write_pair(folder: Path, programs: int) -> tuple[Path, Path]:
    """The same quarter twice, from different random draws: every program's numbers move."""
    pair = []
    for name, seed in (("a", 2026), ("b", 2027)):
        path = folder / name / "2026-Q1" / "index.md"
        path.parent.mkdir(parents=True)
        page = plan_page(2026, 1, programs, revenue=seed * 1000, seed=seed)
        page = page.replace("budget: {total: 100000}", "budget: {total: 1000000}")  # room for all
        path.write_text(page, encoding="utf-8")
        pair.append(path)
    return pair[0], pair[1]


def diff_once(old: Path, new: Path) -> int:
    plans = []
    for loaded in (load_file(old), load_file(new)):
        assert loaded.plan is not None and not loaded.has_errors, "generated plans must be valid"
        plans.append(loaded.plan)
    diff = diff_plans(plans[0], plans[1])
    for output in (render_text([diff]), render_markdown([diff]), render_json([diff])):
        assert output
    return len(diff.inputs) + len(diff.derived)


def best_of(repeat: int, old: Path, new: Path) -> tuple[float, int]:
    times, changes = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        changes = diff_once(old, new)
        times.append(time.perf_counter() - start)
    return min(times), changes


def process_time(old: Path, new: Path) -> float:
    command = [str(BIN / "planpub"), "diff", str(old), str(new), "--exit-zero"]
    return run_once(command, old.parent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--programs", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        old, new = write_pair(Path(tmp), args.programs)
        seconds, changes = best_of(args.repeat, old, new)
        whole = process_time(old, new)
    print(f"plans: 2 quarters x {args.programs} programs, {changes} changes found")
    print(f"diff (load, derive, compare, 3 formats): {seconds * 1000:7.1f} ms  (target < 1000 ms)")
    print(f"whole `planpub diff` process:            {whole * 1000:7.1f} ms  (includes start-up)")
    print(f"ratio diff/target:                       {seconds / 1.0:7.3f}")


if __name__ == "__main__":
    main()
