"""Coverage-guided fuzzing of planpub's front matter reader and validator with atheris (libFuzzer).

Each input is the bytes of one plan file. It goes through everything a pull request's plan goes
through before the site is built: decoding, splitting the front matter, safe YAML, validation,
the checks, and for a plan without errors every derived number and `planpub show` in both
formats. Any exception, a diagnostic without a line, or a run past libFuzzer's limits
(-timeout, -rss_limit_mb) is a finding.

Run it by hand (see docs/security.md):

    python -m venv /tmp/atheris-venv && /tmp/atheris-venv/bin/pip install atheris -e .
    mkdir -p /tmp/plan-corpus && cp tests/hostile/2026-Q1/*.md tests/broken/2026-Q1/*.md \\
        /tmp/plan-corpus/
    /tmp/atheris-venv/bin/python fuzz/fuzz_frontmatter.py /tmp/plan-corpus -max_total_time=60
"""

import sys

import atheris

with atheris.instrument_imports():
    from planpub.loader import load_bytes
    from planpub.show import render_show


def TestOneInput(data: bytes) -> None:  # the name libFuzzer looks for
    loaded = load_bytes(data, "fuzz.md", folder="2026-Q1")
    for diagnostic in loaded.diagnostics:
        if diagnostic.line < 1 or diagnostic.col < 1 or not diagnostic.message:
            raise AssertionError(f"diagnostic without a place or a message: {diagnostic}")
    if loaded.plan is not None and not loaded.has_errors:
        render_show(loaded.plan, "json")
        render_show(loaded.plan, "text")


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
