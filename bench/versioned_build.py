"""The versioned build against the floor no versioned build can beat.

    python bench/versioned_build.py [--quarters 20] [--pages 9]

Builds N quarters x (1 plan + M pages) three ways, each in a fresh process:
  - ONE plain `mkdocs build` of all the same pages in a single site (no planpub): the floor;
  - a cold `planpub build` (empty cache): target ratio <= 1.3;
  - `planpub build` after editing one quarter: target ratio to the cold build <= 0.15.
Prints the ratios and the peak memory of the largest process of each run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate, quarters
from timing import BIN, peak_child_memory_mib, run_once


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds, and the peak resident memory (MiB) of the largest process so far."""
    seconds = run_once(command, cwd, {"CI": "true", "SOURCE_DATE_EPOCH": "0"})
    return seconds, peak_child_memory_mib()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quarters", type=int, default=20)
    parser.add_argument("--pages", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp), count=args.quarters, pages=args.pages)
        pages = len(list((root / "plans").rglob("*.md")))
        plain, plain_mem = timed(
            [str(BIN / "mkdocs"), "build", "-q", "-f", "plain.yml", "-d", "plain-site"], root
        )
        shutil.rmtree(root / ".planpub-cache", ignore_errors=True)
        cold, cold_mem = timed([str(BIN / "planpub"), "build", "-d", "site"], root)
        year, quarter = quarters(args.quarters)[-1]
        page = root / "plans" / f"{year}-Q{quarter}" / "page-0.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
        warm, _ = timed([str(BIN / "planpub"), "build", "-d", "site"], root)
    print(f"pages: {pages} ({args.quarters} quarters x (1 plan + {args.pages} pages) + shared)")
    print(f"plain mkdocs build, one site:  {plain:6.2f} s")
    print(f"planpub build, cold:           {cold:6.2f} s")
    print(f"planpub build, one quarter:    {warm:6.2f} s")
    print(f"ratio cold / plain:            {cold / plain:6.2f}  (target <= 1.3)")
    print(f"ratio one-quarter / cold:      {warm / cold:6.2f}  (target <= 0.15)")
    print(f"peak memory: plain {plain_mem:.0f} MiB, largest process overall {cold_mem:.0f} MiB")
    print(f"cores: {os.cpu_count()}")


if __name__ == "__main__":
    main()
