"""The plugin on whole sites: the example site's numbers, locales, generated pages and feeds,
markers, overrides, escaping, reproducibility, ProperDocs and `mkdocs serve`.

Expected numbers are worked out from the seed article in each test (the $5M goal, the webinar
history), never copied from planpub's output; localized formats come from Babel.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import format_currency, format_decimal, format_percent
from browser_support import (
    EPOCH,
    build_site,
    copy_example,
    tree_bytes,
    write_site,
)
from icalendar import Calendar

pytestmark = pytest.mark.site

SECTIONS = ["funnel", "programs", "calendar", "kpis", "budget", "swot", "workflows", "review"]
BIN = Path(sys.executable).parent


# -- warnings: any WARNING an MkDocs build logs fails the test unless the test expects it --------


@pytest.fixture(autouse=True)
def expected_warnings(caplog: pytest.LogCaptureFixture) -> Iterator[list[str]]:
    """Tests append regular expressions of the warnings they expect; any other fails the test."""
    allowed: list[str] = []
    yield allowed
    unexpected = [
        record.getMessage()
        for record in caplog.records
        if record.levelname in ("WARNING", "ERROR", "CRITICAL")
        and record.name.startswith("mkdocs")
        and not any(re.search(pattern, record.getMessage()) for pattern in allowed)
    ]
    if unexpected:
        pytest.fail("unexpected MkDocs warnings:\n" + "\n".join(unexpected))


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site, built once with --strict; fails on any warning."""
    project = copy_example(tmp_path_factory.mktemp("example"))
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", EPOCH)
        env.setenv("NO_MKDOCS_2_WARNING", "1")
        site, warnings = build_site(project)
    assert warnings == []
    return site


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def section(html: str, name: str) -> str:
    """The HTML of one planpub section of a page."""
    start = html.index(f'<div class="planpub planpub-{name}"')
    following = html.find('<div class="planpub planpub-', start + 1)
    end = following if following >= 0 else html.index("</article>", start)
    return html[start:end]


class _Tables(HTMLParser):
    """Rows of every table as lists of cell texts; text inside SVG charts is left out."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.svg = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self.svg += 1
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self.cell.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.svg -= 1
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.svg:
            self.cell.append(data)


def rows(html: str) -> list[list[str]]:
    parser = _Tables()
    parser.feed(html)
    return parser.rows


def row_of(html: str, first_cell: str) -> list[str]:
    found = [row for row in rows(html) if row and row[0].startswith(first_cell)]
    assert found, f"no row starting with {first_cell!r}"
    return found[0]


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# -- the seed's numbers on the Q1 page -------------------------------------------------------

# The seed: $5,000,000 of new business at $500,000 per new customer, 10% of engaged contacts
# become customers; 4 past webinars brought 20 engaged contacts; webinars run monthly from
# Jan 20 to Mar 31 2026.
DEALS = Fraction(5_000_000, 500_000)  # 10 new customers
CONTACTS = DEALS / Fraction(1, 10)  # 100 engaged contacts
WEBINAR_YIELD = Fraction(20, 4)  # 5 engaged contacts per webinar
WEBINAR_DATES = [date(2026, 1, 20), date(2026, 2, 20), date(2026, 3, 20)]  # Apr 20 is past Mar 31
WEBINAR_ENGAGED = WEBINAR_YIELD * len(WEBINAR_DATES)  # 15


def test_funnel_works_back_from_the_goal_to_deals_and_contacts(example: Path) -> None:
    funnel = section(read(example, "2026-Q1"), "funnel")
    assert f"New customers needed {DEALS}" in text(funnel)
    engaged = row_of(funnel, "Engaged contacts handed to Sales")
    assert engaged[1:3] == ["10%", str(CONTACTS)]
    assert row_of(funnel, "New customers")[2] == str(DEALS)
    svg = re.search(r"<svg[^>]*planpub-funnel-chart.*?</svg>", funnel, re.S)
    assert svg is not None and 'role="img"' in svg[0]
    assert f"need {CONTACTS}" in svg[0] and "<title" in svg[0] and "<desc" in svg[0]


def test_webinars_bring_their_historical_yield_three_times(example: Path) -> None:
    programs = section(read(example, "2026-Q1"), "programs")
    webinars = row_of(programs, "Monthly customer webinars")
    times = "\u00d7"  # the multiplication sign
    expected = f"{WEBINAR_ENGAGED} Engaged contacts handed to Sales ({WEBINAR_YIELD} {times} 3)"
    assert expected in webinars[1]
    days = ", ".join(format_skeleton("MMMd", day, locale="en") for day in WEBINAR_DATES)
    assert days in webinars[2]
    assert webinars[3:5] == ["4 event decks we can repeat", "6 new decks"]
    assert "Complete the webinar schedule" in webinars[5]
    assert webinars[6] == "Ana Ionescu"
    assert webinars[7].startswith(whole_amount(18_000, "USD", "en"))


def test_calendar_shows_the_three_webinars_in_its_grid_and_list(example: Path) -> None:
    calendar = section(read(example, "2026-Q1"), "calendar")
    for day in WEBINAR_DATES:
        cell = re.search(rf'<time datetime="{day.isoformat()}">.*?</td>', calendar, re.S)
        assert cell is not None and "Monthly customer webinars" in cell[0]
    listed = [
        row[0] for row in rows(calendar) if row[1:] == ["Occurrence", "Monthly customer webinars"]
    ]
    assert listed == [format_date(day, "medium", locale="en") for day in WEBINAR_DATES]
    assert 'id="planpub-timeline-chart"' in calendar


def test_plan_without_title_gets_the_localized_default(example: Path) -> None:
    html = read(example, "2026-Q1")
    assert "<title>Q1 2026 marketing roadmap - Acme marketing plans</title>" in html
    polish = read(example, "2026-Q3")
    assert re.search(r"<title>[^<]*III kwartał 2026 - ", polish)


def test_kpis_show_baseline_target_latest_and_status(example: Path) -> None:
    kpis = section(read(example, "2026-Q1"), "kpis")
    # blog subscribers: 3,600 -> 4,100; latest 3,920 on Mar 17: 320 of 500 = 64% of the way
    row = row_of(kpis, "Blog subscribers")
    assert row[1:3] == ["3,600", "4,100"]
    assert row[3].startswith("3,920")
    assert row[4] == format_percent(Decimal("0.64"), locale="en")
    assert row[5] == "At risk"  # elapsed share on Mar 17 is 75/89, 0.7 * 0.84 < 0.64 < 0.9 * 0.84


# -- localized formats -----------------------------------------------------------------------


def whole_amount(amount: int, currency: str, locale: str) -> str:
    """An amount as planpub shows whole amounts: the locale's currency pattern, no decimals."""
    pattern = Locale.parse(locale).currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(amount, currency, pattern, locale, currency_digits=False)


def test_polish_quarter_shows_zloty_with_cldr_grouping(example: Path) -> None:
    budget = section(read(example, "2026-Q3"), "budget")
    total = whole_amount(90_000, "PLN", "pl")  # budget.total of the Q3 plan
    assert "\xa0" in total and "zł" in total  # CLDR pl: non-breaking space groups, "zł"
    assert total in budget
    assert whole_amount(24_000, "PLN", "pl") in budget  # the blog's budget
    assert "Budżet" in budget


def test_norwegian_quarter_shows_nb_formats(example: Path) -> None:
    html = read(example, "2026-Q2")
    assert whole_amount(150_000, "NOK", "nb") in section(html, "budget")
    kpis = section(html, "kpis")
    baseline = format_percent(Decimal("0.0075"), locale="nb", decimal_quantization=False)
    assert baseline in kpis  # session-to-contact baseline 0.75%, "0,75 %" in nb
    assert format_decimal(4150, locale="nb") in kpis  # blog subscribers' latest actual
    calendar = section(html, "calendar")
    assert format_date(date(2026, 4, 22), "medium", locale="nb") in calendar  # first webinar
    assert "Markedsveikart for 2. kvartal 2026" in html  # the plan's own title


# -- generated pages and the feed ------------------------------------------------------------


def test_year_page_lists_the_quarters_and_each_kpis_trend(example: Path) -> None:
    year = read(example, "2026/quarters")
    quarters = [row[0] for row in rows(year) if re.fullmatch(r"Q\d 2026", row[0])]
    assert quarters[:3] == ["Q1 2026", "Q2 2026", "Q3 2026"]
    assert 'href="../../2026-Q2/"' in year
    # MQLs per month: Q1 targets 120; Q2 +25% on 120 = 150; Q3 +10% on 150 = 165
    targets = [120, 120 * Fraction(5, 4), 150 * Fraction(11, 10)]
    trend = year[year.index("New marketing-qualified leads per month") :]
    table = rows(trend[: trend.index("</table>")])
    assert [row[2] for row in table[1:]] == [format_decimal(t, locale="en") for t in targets]
    assert 'id="planpub-trend-mqls"' in year
    # the quarters' budgets as written: 100,000 + 150,000 + 90,000 against the annual 400,000
    assert whole_amount(100_000 + 150_000 + 90_000, "USD", "en") in year
    assert "without exchange rates" in year


def test_quarter_overview_links_the_roadmap_and_its_feed(example: Path) -> None:
    overview = read(example, "2026-Q1/overview")
    assert "<title>Q1 2026 at a glance - Acme marketing plans</title>" in overview
    assert 'href="../"' in overview and 'href="../2026-Q1.ics"' in overview
    assert row_of(overview, "Engaged contacts handed to Sales")[1] == str(CONTACTS)


def test_calendar_links_an_ics_feed_with_the_three_webinars(example: Path) -> None:
    calendar = section(read(example, "2026-Q1"), "calendar")
    link = re.search(r'<a href="([^"]+\.ics)"', calendar)
    assert link is not None
    feed = Calendar.from_ical((example / "2026-Q1" / link[1]).read_bytes())
    webinars = [
        event.decoded("dtstart")
        for event in feed.walk("VEVENT")
        if str(event["summary"]) == "Monthly customer webinars"
    ]
    assert webinars == WEBINAR_DATES


def test_nothing_is_written_into_the_docs_folder(tmp_path: Path) -> None:
    project = copy_example(tmp_path / "project")
    before = tree_bytes(project / "plans")
    build_site(project)
    assert tree_bytes(project / "plans") == before


def test_the_same_build_twice_is_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = copy_example(tmp_path / "project")
    first, _ = build_site(project, tmp_path / "first")
    second, _ = build_site(project, tmp_path / "second")
    assert tree_bytes(first) == tree_bytes(second)
    assert b"DTSTAMP:20260101T000000Z" in (first / "2026-Q1" / "2026-Q1.ics").read_bytes()


# -- markers, options, overrides, escaping ---------------------------------------------------

Q1_PLAN = (Path(__file__).parent.parent / "plans" / "2026-Q1" / "index.md").read_text("utf-8")


def with_body(plan: str, body: str) -> str:
    """The plan's front matter with another Markdown body."""
    front = plan[: plan.index("\n---\n", 4) + 5]
    return front + body


def stubs(pages: dict[str, str]) -> dict[str, str]:
    """The pages, plus the two the Q1 plan's body links to."""
    linked = {"2026-Q1/campaign-brief.md": "# Brief\n", "handbook/workflows.md": "# Workflows\n"}
    return {**linked, **pages}


def section_order(html: str) -> list[str]:
    return re.findall(r'<div class="planpub planpub-([a-z]+)"', html)


def test_markers_place_sections_and_markdown_around_them_renders(tmp_path: Path) -> None:
    body = (
        "Intro with **bold** text.\n\n<!-- planpub:kpis -->\n\n## Middle\n\n"
        "A [link](https://example.com).\n\n<!-- planpub:funnel -->\n\nThe end.\n"
    )
    project = write_site(tmp_path, {"2026-Q1/index.md": with_body(Q1_PLAN, body)})
    site, _ = build_site(project)
    html = read(site, "2026-Q1")
    assert section_order(html) == ["kpis", "funnel"]
    order = [
        html.index("<strong>bold</strong>"),
        html.index('class="planpub planpub-kpis"'),
        html.index('id="middle"'),
        html.index('href="https://example.com"'),
        html.index('class="planpub planpub-funnel"'),
        html.index("The end."),
    ]
    assert order == sorted(order)
    assert "<!-- planpub:" not in html


def test_without_markers_every_section_follows_the_body_in_order(tmp_path: Path) -> None:
    plain = re.sub(r"^<!-- planpub:\w+ -->\n", "", Q1_PLAN, flags=re.M)
    project = write_site(tmp_path, stubs({"2026-Q1/index.md": plain}))
    site, _ = build_site(project)
    html = read(site, "2026-Q1")
    assert section_order(html) == SECTIONS
    last_words = "handbook"  # the body's last paragraph links the handbook
    assert html.rindex(last_words) < html.index('class="planpub planpub-funnel"')
    toc = re.findall(r'href="#(planpub-[a-z]+)" class="md-nav__link"', html)
    assert list(dict.fromkeys(toc)) == [f"planpub-{name}" for name in SECTIONS]


def test_the_sections_option_shows_only_the_sections_listed(tmp_path: Path) -> None:
    options = {"sections": ["budget", "funnel"]}
    project = write_site(tmp_path, stubs({"2026-Q1/index.md": Q1_PLAN}), options=options)
    site, _ = build_site(project)
    assert section_order(read(site, "2026-Q1")) == ["funnel", "budget"]


def test_an_unknown_marker_is_a_warning_so_strict_fails(
    tmp_path: Path, expected_warnings: list[str]
) -> None:
    from mkdocs.exceptions import Abort

    expected_warnings.append("unknown section marker 'planpub:funels'")
    project = write_site(
        tmp_path, {"2026-Q1/index.md": with_body(Q1_PLAN, "<!-- planpub:funels -->\n")}
    )
    with pytest.raises(Abort):
        build_site(project)


def test_a_site_override_replaces_the_package_template(tmp_path: Path) -> None:
    override = (
        "{#- Context: view -#}\n"
        '<div class="planpub planpub-swot">OUR SWOT: {{ view.parts | length }} parts</div>\n'
    )
    project = write_site(
        tmp_path, stubs({"2026-Q1/index.md": Q1_PLAN}), overrides={"planpub/swot.html": override}
    )
    site, _ = build_site(project)
    swot = section(read(site, "2026-Q1"), "swot")
    assert "OUR SWOT: 4 parts" in swot
    assert "Strengths" not in swot


INJECTED = """---
period: 2026-Q1
title: "{{ 7*7 }} <script>alert('title')</script>"
owner: "{% if true %}Eve{% endif %}"
goal: {statement: "<img src=x onerror=alert(1)> {{ 7*7 }}", revenue: 100, average_deal: 10}
funnel:
  stages:
    - {id: engaged, name: "<b>Engaged</b> {{ 7*7 }}", rate: 10%}
    - {id: deals, name: Deals}
programs:
  - {id: p, name: "{{ config }} <script>alert(2)</script>", budget: 5, yields: {deals: 1}}
swot: {strengths: ["<script>alert(3)</script> {{ 7*7 }}"]}
---
Body text {{ 7*7 }} stays as written.
"""


def test_plan_text_is_never_evaluated_and_always_escaped(tmp_path: Path) -> None:
    project = write_site(tmp_path, {"2026-Q1/index.md": INJECTED})
    site, _ = build_site(project)
    html = read(site, "2026-Q1")
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Engaged" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "<title>{{ 7*7 }} &lt;script&gt;alert(" in html  # the title
    assert "&lt;b&gt;Engaged&lt;/b&gt; {{ 7*7 }}" in html
    assert "{% if true %}Eve{% endif %}" in read(site, "2026-Q1/overview")  # the owner
    assert "Body text {{ 7*7 }} stays as written." in html
    assert "49" not in text(section(html, "swot"))


def test_invalid_plans_stop_the_build_with_every_problem(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, expected_warnings: list[str]
) -> None:
    from mkdocs.exceptions import Abort

    expected_warnings.append(r"^planpub: \d+ error\(s\) in plans")
    bad_rate = Q1_PLAN.replace("rate: 10%", "rate: 35", 1)
    bad_cadence = Q1_PLAN.replace("cadence: monthly", "cadence: montly", 1)
    pages = {"2026-Q1/index.md": bad_rate, "2026-Q1/other.md": "# Other", "x/index.md": bad_cadence}
    project = write_site(tmp_path, stubs(pages))
    with pytest.raises(Abort):  # MkDocs logs the PluginError, then aborts
        build_site(project)
    [message] = [r.getMessage() for r in caplog.records if "error(s) in plans" in r.getMessage()]
    assert message.startswith("planpub: 3 error(s) in plans")
    assert re.search(r"2026-Q1/index\.md:\d+:\d+: error\[PP102\]", message)
    assert re.search(r"x/index\.md:\d+:\d+: error\[PP112\]", message)
    assert re.search(r"x/index\.md:\d+:\d+: error\[PP123\]", message)  # a second Q1 plan


def test_a_plan_with_many_problems_stops_the_build_with_the_first_100(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, expected_warnings: list[str]
) -> None:
    from mkdocs.exceptions import Abort

    expected_warnings.append(r"^planpub: \d+ error\(s\) in plans")
    typos = "".join(f"ownr{index}: 1\n" for index in range(150))
    plan = Q1_PLAN.replace("owner: Maria Santos\n", "owner: Maria Santos\n" + typos, 1)
    project = write_site(tmp_path, stubs({"2026-Q1/index.md": plan}))
    with pytest.raises(Abort):
        build_site(project)
    [message] = [r.getMessage() for r in caplog.records if "error(s) in plans" in r.getMessage()]
    assert message.startswith("planpub: 101 error(s) in plans")
    assert len(re.findall(r"index\.md:\d+:\d+: error\[PP101\]", message)) == 100
    assert "error[PP009] ... and 50 more problems in this file (50 errors)" in message


def test_a_plan_warning_fails_a_strict_build(tmp_path: Path, expected_warnings: list[str]) -> None:
    from mkdocs.exceptions import Abort

    expected_warnings.append(r"warning\[PP120\]")
    ownerless = Q1_PLAN.replace("owner: Maria Santos\n", "", 1)
    project = write_site(tmp_path, stubs({"2026-Q1/index.md": ownerless}))
    with pytest.raises(Abort):
        build_site(project)
    site, warnings = build_site(project, tmp_path / "lenient", strict=False)
    assert any("PP120" in warning for warning in warnings)
    assert (site / "2026-Q1" / "index.html").is_file()


# -- ProperDocs and mkdocs serve -------------------------------------------------------------


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "NO_COLOR": "1"}
    return subprocess.run(
        command,
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.mark.skipif(shutil.which("properdocs", path=str(BIN)) is None, reason="no properdocs")
def test_properdocs_builds_the_example_strict(tmp_path: Path) -> None:
    project = copy_example(tmp_path / "project")
    done = run(
        [str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", "-d", "out"], project
    )
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr
    html = read(project / "out", "2026-Q1")
    assert section_order(html) == re.findall(r"^<!-- planpub:(\w+) -->$", Q1_PLAN, re.M)
    assert (project / "out" / "2026-Q1" / "2026-Q1.ics").is_file()
    assert (project / "out" / "2026" / "quarters" / "index.html").is_file()


@pytest.mark.skipif(shutil.which("properdocs", path=str(BIN)) is None, reason="no properdocs")
def test_properdocs_strict_fails_on_a_plan_warning(tmp_path: Path) -> None:
    ownerless = Q1_PLAN.replace("owner: Maria Santos\n", "", 1)
    project = write_site(tmp_path, stubs({"2026-Q1/index.md": ownerless}))
    done = run([str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml"], project)
    assert done.returncode != 0
    assert "PP120" in done.stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetched(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_until(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("timed out")
        time.sleep(0.2)


def test_serve_rebuilds_when_a_plan_changes_and_never_loops(tmp_path: Path) -> None:
    project = copy_example(tmp_path / "project")
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(server.stdout or ()), daemon=True)
    reader.start()
    page = f"http://127.0.0.1:{port}/2026-Q1/"

    def builds() -> int:
        return sum("Documentation built in" in line for line in output)

    try:
        wait_until(lambda: "planpub-budget" in fetched(page))
        time.sleep(3)  # a build that wrote into docs_dir would trigger the next one by now
        assert builds() == 1
        plan = project / "plans" / "2026-Q1" / "index.md"
        edited = plan.read_text(encoding="utf-8").replace("total: 100_000", "total: 120_000")
        plan.write_text(edited, encoding="utf-8")
        wait_until(lambda: whole_amount(120_000, "USD", "en") in fetched(page))
        time.sleep(3)
        assert builds() == 2
    finally:
        server.terminate()
        server.wait(timeout=30)
        reader.join(timeout=5)
        if server.stdout is not None:
            server.stdout.close()
    assert not [line for line in output if "WARNING" in line], output


# -- "Changes since <previous quarter>" --------------------------------------------------------


def change_row(html: str, what: str) -> list[str]:
    found = [row for row in rows(html) if len(row) > 1 and row[1] == what]
    assert found, f"no change of {what!r}"
    return found[0]


def cell(shown: str) -> str:
    """A value as `rows` reads it from a cell: non-breaking spaces as spaces."""
    return " ".join(shown.split())


def test_each_quarter_has_a_changes_page_from_the_same_diff(example: Path) -> None:
    from planpub.loader import load_file

    plans = Path(__file__).parent.parent / "plans"
    q1 = load_file(plans / "2026-Q1" / "index.md").plan
    q2 = load_file(plans / "2026-Q2" / "index.md").plan
    assert q1 is not None and q1.budget and q2 is not None and q2.budget
    html = read(example, "2026-Q2/changes")
    assert "Endringer siden 2026-Q1" in html  # the Norwegian quarter's own labels
    budget = change_row(html, "budget.total")  # in Norwegian, each in its own plan's currency
    assert budget[2:] == [
        cell(whole_amount(int(q1.budget.total), "USD", "nb")),
        cell(whole_amount(int(q2.budget.total), "NOK", "nb")),
        "",  # no delta between dollars and kroner
    ]
    # Q2 adds an MQL stage at 25% above engaged contacts at 10%: 4,000,000 / 400,000 = 10
    # deals, / 10% = 100 engaged contacts, / 25% = 400 MQLs needed
    assert "400" in change_row(html, "funnel.stages[mql].need")[3]
    assert not (example / "2026-Q1" / "changes").exists()  # the first quarter has none
    assert "Fraction(" not in html and "{&#39;" not in html  # values read as numbers, not code


def test_the_polish_changes_page_shows_numbers_as_the_rest_of_the_site(example: Path) -> None:
    html = read(example, "2026-Q3/changes")
    assert "Zmiany od 2026-Q2" in html
    # money: 150,000 NOK in Q2, 90,000 PLN in Q3, written the Polish way
    total = whole_amount(90_000, "PLN", "pl")
    budget = change_row(html, "budget.total")
    assert budget[2:] == [cell(whole_amount(150_000, "NOK", "pl")), cell(total), ""]
    assert total in html  # with its non-breaking spaces, as on the plan page
    # the engaged contacts' rate went from 10% to 12.5%: 2.5 percentage points, a quarter more
    rate = change_row(html, "funnel.stages[engaged].rate")
    assert rate[2:] == ["10%", "12,5%", "+2,5 p.p., +25%"]  # CLDR pl: decimal comma, "%" close
    # counts grouped: the blog's subscribers, 4,000 in Q2 and 4,600 in Q3
    subscribers = change_row(html, "kpis[blog-subscribers].baseline")
    assert subscribers[2:4] == [cell(format_decimal(n, locale="pl")) for n in (4_000, 4_600)]
    # dates in the medium format: the blog ran to June 30 and now runs to September 29
    end = change_row(html, "programs[blog].schedule.end")
    ends = [
        format_date(day, "medium", locale="pl") for day in (date(2026, 6, 30), date(2026, 9, 29))
    ]
    assert end[2:4] == ends
    assert "90,000 PLN" not in html and "12.5%" not in html and "2026-09-29" not in html
