"""How long `planpub check` takes next to a plain `mkdocs build` of the same pages.

    python bench/check_vs_build.py [--quarters 20] [--repeat 5]

Each command runs as the user runs it: a fresh process, the best of --repeat runs. `check` is
measured three ways, against its file cache (README, "The command line"):
  - unchanged: every file was checked before (a pre-commit hook, a second run, a CI cache);
  - one plan edited: the plan is parsed and checked again, the rest comes from the cache;
  - cold: --no-cache, every file parsed and checked (a fresh clone without a cache).
Target: check < 5% of the build.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate
from timing import BIN, best_of, compile_planpub, run_once


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quarters", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    compile_planpub()
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp), count=args.quarters)
        env = {"PLANPUB_CACHE_HOME": str(Path(tmp) / "cache")}
        pages = len(list((root / "plans").rglob("*.md")))
        check = [str(BIN / "planpub"), "check", "plans"]
        cold = best_of([*check, "--no-cache"], root, args.repeat, env)
        run_once(check, root, env)  # fills the cache
        warm = best_of(check, root, args.repeat, env)
        plan = root / "plans" / "2026-Q4" / "index.md"
        edited = []
        for number in range(args.repeat):
            plan.write_text(plan.read_text(encoding="utf-8") + f"\nEdit {number}.\n", "utf-8")
            edited.append(run_once(check, root, env))
        start_up = best_of([sys.executable, "-c", "import planpub.cli.check"], root, args.repeat)
        build = best_of(
            [str(BIN / "mkdocs"), "build", "-q", "-f", "plain.yml", "-d", "out"], root, args.repeat
        )
    print(f"pages: {pages} ({args.quarters} quarter plans and their annual plans)")
    print(f"plain mkdocs build:              {build:6.2f} s")
    for name, seconds in (
        ("check, files unchanged", warm),
        ("check, one plan edited", min(edited)),
        ("check --no-cache (cold)", cold),
    ):
        print(f"{name + ':':32} {seconds:6.2f} s  ratio {seconds / build:.3f}  (target < 0.05)")
    print(f"start-up of check (Python, imports): {start_up:.2f} s")
    print(f"best of {args.repeat} runs each")


if __name__ == "__main__":
    main()
