"""The versioned build against the floor no versioned build can beat.

    python bench/versioned_build.py [--quarters 20] [--pages 9]

Builds N quarters x (1 plan + M pages) three ways, each in a fresh process:
  - ONE plain `mkdocs build` of all the same pages in a single site (no planpub): the floor;
  - a cold `planpub build` (empty cache): target ratio <= 1.3;
  - `planpub build` after editing one quarter: target ratio to the cold build <= 0.15.
Prints the ratios, the peak memory of the largest process, and the CPU seconds of the plain and
the cold build: a cold build that kept fewer than two cores busy ran on a machine short of one.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate, quarters
from timing import BIN, compile_planpub, peak_child_memory_mib, run_timed


def environment(root: Path) -> dict[str, str]:
    return {"CI": "true", "SOURCE_DATE_EPOCH": "0", "PLANPUB_CACHE_HOME": str(root / "file-cache")}


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and CPU seconds (all processes) of one run."""
    return run_timed(command, cwd, environment(cwd))


def forget_everything(root: Path) -> None:
    """What a fresh clone has: no site, no build cache, no file cache."""
    for name in (".planpub-cache", "file-cache", "site", ".planpub-old-site"):
        shutil.rmtree(root / name, ignore_errors=True)


SERVE_LOOP = """
import sys, time
from pathlib import Path
from planpub.cli.site_steps import prepare, refresh
from planpub.serving import VersionedSite
page, root = Path(sys.argv[1]), Path(".planpub-cache/serve-root")
site = VersionedSite(root)
rebuild = lambda: refresh(site, prepare(Path("mkdocs.yml"), root, None, False), None)
def edit(number):
    page.write_text(page.read_text(encoding="utf-8") + f"\\nEdit {number}.\\n", "utf-8")
rebuild()  # what `planpub serve` did when it started
edit(1)
rebuild()  # the first edit of a session also imports MkDocs
edit(2)
start = time.perf_counter()
rebuild()
print(time.perf_counter() - start)
"""


def rebuild_while_serving(root: Path, page: Path) -> float:
    """What `planpub serve` spends on an edit: one rebuild in a process that has built before."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **environment(root)}
    done = subprocess.run(
        [sys.executable, "-c", SERVE_LOOP, str(page)],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quarters", type=int, default=20)
    parser.add_argument("--pages", type=int, default=9)
    parser.add_argument("--repeat", type=int, default=5, help="best of N for each measure")
    args = parser.parse_args()
    compile_planpub()
    plain_build = [str(BIN / "mkdocs"), "build", "-q", "-f", "plain.yml", "-d", "plain-site"]
    planpub_build = [str(BIN / "planpub"), "build", "-d", "site"]
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp), count=args.quarters, pages=args.pages)
        pages = len(list((root / "plans").rglob("*.md")))
        plains, colds = [], []
        for _ in range(args.repeat):  # interleaved, so a slow spell of the machine hits both
            plains.append(timed(plain_build, root))
            forget_everything(root)
            colds.append(timed(planpub_build, root))
        (plain, plain_cpu), (cold, cold_cpu) = min(plains), min(colds)
        peak = peak_child_memory_mib()
        year, quarter = quarters(args.quarters)[-1]
        page = root / "plans" / f"{year}-Q{quarter}" / "page-0.md"
        warms = []
        for number in range(args.repeat):
            page.write_text(page.read_text(encoding="utf-8") + f"\nEdit {number}.\n", "utf-8")
            warms.append(timed(planpub_build, root)[0])
        warm = min(warms)
        served = min(rebuild_while_serving(root, page) for _ in range(args.repeat))
    print(f"pages: {pages} ({args.quarters} quarters x (1 plan + {args.pages} pages) + shared)")
    print(f"plain mkdocs build, one site:  {plain:6.2f} s")
    print(f"planpub build, cold:           {cold:6.2f} s")
    print(f"planpub build, one quarter:    {warm:6.2f} s")
    print(f"ratio cold / plain:            {cold / plain:6.3f}  (target <= 1.3)")
    print(
        f"CPU seconds, all processes:    plain {plain_cpu:.2f}, cold {cold_cpu:.2f}; cores the "
        f"cold build kept busy: {cold_cpu / cold:.2f} of {os.cpu_count()}"
    )
    print(f"ratio one-quarter / cold:      {warm / cold:6.3f}  (target <= 0.15)")
    print(f"the same edit in `planpub serve`: {served:6.2f} s  (ratio {served / cold:.2f})")
    print(f"peak memory of the largest process (plain or planpub): {peak:.0f} MiB")
    print(f"best of {args.repeat} runs each")
    print(f"cores: {os.cpu_count()}")


if __name__ == "__main__":
    main()
