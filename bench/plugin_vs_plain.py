"""What the planpub plugin costs: a plugin build next to a plain build of the same pages.

    python bench/plugin_vs_plain.py [--quarters 20] [--repeat 3]

The plain build gets what the plugin would have made, rendered beforehand: every plan page as
Markdown with its sections inserted as HTML, the generated quarter and year pages, the calendar
feeds and the stylesheet, built by MkDocs without planpub. So the difference is the plugin's own
work: reading and checking the plans, deriving their numbers and rendering the sections.
Both builds run as the user runs them (a fresh process each), best of --repeat.
Target: ratio plugin/plain <= 1.15.
"""

from __future__ import annotations

import argparse
import posixpath
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import CONFIG, generate
from timing import BIN, best_of

from planpub.loader import load_workspace
from planpub.render import STYLESHEET, TEMPLATES_DIR, PlanSite, Settings, Templates


def url_of(src_uri: str) -> str:
    """A file's URL with MkDocs' directory URLs: `a/index.md` -> `a/`, `a/b.md` -> `a/b/`."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def linker(page_uri: str, known: set[str]):  # type: ignore[no-untyped-def]
    def link(target: str) -> str | None:
        if target not in known:
            return None
        base = url_of(page_uri) or "."
        relative = posixpath.relpath(url_of(target) or ".", base.rstrip("/") or ".")
        return relative + ("/" if url_of(target).endswith("/") and relative != "." else "")

    return link


def prerender(root: Path) -> Path:
    """plain-plans/: the docs as the plugin would show them, and plain.yml to build them."""
    docs, plain = root / "plans", root / "plain-plans"
    shutil.copytree(docs, plain)
    workspace = load_workspace([docs])
    site = PlanSite(Templates([TEMPLATES_DIR]), Settings(locale="en", currency="USD"))
    for loaded in workspace.files:
        site.add(Path(loaded.path).relative_to(docs).as_posix(), loaded)
    generated = dict(site.generated_files())
    known = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")} | set(generated)
    for src_uri, content in generated.items():
        target = plain / src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    for src_uri in [*site.plans, *site.pages]:
        write_rendered(plain / src_uri, site, src_uri, linker(src_uri, known))
    (plain / STYLESHEET).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(TEMPLATES_DIR / STYLESHEET, plain / STYLESHEET)
    config = CONFIG.format(plugins="  - search").replace("docs_dir: plans", "docs_dir: plain-plans")
    shutil.copy(root / "plain.yml", root / "plain.yml.orig")  # generate()'s own plain config
    (root / "plain.yml").write_text(config + f"extra_css: [{STYLESHEET}]\n", encoding="utf-8")
    return root / "plain.yml"


def write_rendered(path: Path, site: PlanSite, src_uri: str, link) -> None:  # type: ignore[no-untyped-def]
    """The page's Markdown with its sections as raw HTML blocks: at the end, or for a generated
    page in place of its marker; a plan page gets its title as front matter."""
    text = path.read_text(encoding="utf-8")
    sections = site.sections(src_uri, link)
    html = "\n\n".join(section.html for section in sections.values())
    if src_uri in site.pages:
        text = text.replace(f"<!-- planpub:{site.pages[src_uri].kind} -->", html)
    else:
        body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
        title = site.title(src_uri) or ""
        text = f"---\ntitle: {title!r}\n---\n{body}\n\n{html}\n"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quarters", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp), count=args.quarters)
        plain_config = prerender(root)
        pages = len(list((root / "plain-plans").rglob("*.md")))
        mkdocs = str(BIN / "mkdocs")
        plugin = best_of([mkdocs, "build", "-q", "-d", "out-plugin"], root, args.repeat)
        plain = best_of(
            [mkdocs, "build", "-q", "-f", str(plain_config), "-d", "out-plain"], root, args.repeat
        )
        bare = best_of([mkdocs, "build", "-q", "-f", "plain.yml.orig", "-d", "out-bare"], root, 1)
        check_same_pages(root)
    print(f"pages: {pages} ({args.quarters} quarter plans, generated pages included)")
    print(f"mkdocs build with planpub:           {plugin:6.2f} s")
    print(f"mkdocs build of pre-rendered md:     {plain:6.2f} s")
    print(f"  (the same docs without any planpub: {bare:6.2f} s, for scale)")
    print(f"ratio plugin/plain:                  {plugin / plain:6.3f}  (target <= 1.15)")


def check_same_pages(root: Path) -> None:
    """Both builds made the same pages, and the plan pages carry their sections in both."""
    plugin, plain = root / "out-plugin", root / "out-plain"
    pages = sorted(p.relative_to(plugin) for p in plugin.rglob("index.html"))
    assert pages == sorted(p.relative_to(plain) for p in plain.rglob("index.html"))
    for out in (plugin, plain):
        html = (out / "2022-Q1" / "index.html").read_text(encoding="utf-8")
        assert html.count('<div class="planpub planpub-') == 6, out


if __name__ == "__main__":
    main()
