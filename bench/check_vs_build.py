"""How long `planpub check` takes next to a plain `mkdocs build` of the same pages.

    python bench/check_vs_build.py [--quarters 20] [--repeat 3]

Both run as the user runs them (a fresh process each), best of --repeat. Target: check < 5%.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate
from timing import BIN, best_of


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quarters", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp), count=args.quarters)
        pages = len(list((root / "plans").rglob("*.md")))
        check = best_of([str(BIN / "planpub"), "check", "plans"], root, args.repeat)
        start_up = best_of([sys.executable, "-c", "import planpub.cli.check"], root, args.repeat)
        build = best_of(
            [str(BIN / "mkdocs"), "build", "-q", "-f", "plain.yml", "-d", "out"], root, args.repeat
        )
    print(f"pages: {pages} ({args.quarters} quarter plans)")
    print(f"planpub check:      {check:6.2f} s")
    print(f"plain mkdocs build: {build:6.2f} s")
    print(f"ratio check/build:  {check / build:6.3f}  (target < 0.05)")
    print(f"of which start-up:  {start_up:6.2f} s  (Python and imports, before any plan is read)")
    print(f"ratio without it:   {(check - start_up) / build:6.3f}")


if __name__ == "__main__":
    main()
