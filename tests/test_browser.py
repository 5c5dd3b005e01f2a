"""The dashboard in a real browser: each view, driven by Playwright in Debian's Chromium.

Why a browser and not only the API tests: the page is where untrusted news text meets the
DOM, and where a wrong field name or a script error leaves a blank view while every
endpoint answers fine. So each test loads a view, reads what the page shows, and compares
it with the API's answer for the same question (never with numbers written down here).
Every test also checks that the browser console stayed free of errors and that the page
made no link out of data, and saves a full-page screenshot to build/screenshots/.

The store is built once for the module by coding the bundled examples, the reference
article and a hostile document full of markup; the server runs in a thread on a free port,
started with a token (the code view sends it), and a second one without (read-only).
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, expect, sync_playwright

from diplowatch.server import create_app

from .conftest import EXAMPLES, REFERENCE, REPO, Cli

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = REPO / "build" / "screenshots"
VIEWPORT = {"width": 1400, "height": 900}
TIMEOUT_MS = 10_000
PAGE_SIZE = 50  # events per page in the events view (app.js PAGE_SIZE)
TOKEN = "browser-test-token"

# A document that tries every trick: script, event handler, javascript: link, in the title,
# in a sentence that codes an event, and in plain text around it.
HOSTILE_MARKUP = (
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    '<a href="javascript:window.__xss=1">x</a>',
)
HOSTILE_TEXT = (
    'Serbia <img src=x onerror="window.__xss=1"> condemns Kosovo\n\n'
    'Serbia criticised Kosovo <img src=x onerror="window.__xss=1"> on Monday.\n\n'
    "<script>window.__xss=1</script> The talks in Brussels were postponed.\n\n"
    'The European Union urged Serbia <a href="javascript:window.__xss=1">x</a> to return to talks.\n'
)
HOSTILE_PUBLISHED = "2025-01-08"


# ---------------------------------------------------------------- fixtures


def _free_port() -> int:
    """A port nothing listens on (the OS picks it), so parallel runs never collide."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the examples, the reference article and the hostile document.

    Coded in-process through the CLI (the same command a user runs), so the models load
    once and are reused by the server's /api/code in the same process.
    """
    if not REFERENCE.is_file():
        pytest.skip("../shared/examples is not beside the repository")
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "events.duckdb"
    hostile = folder / "xss-probe.en.txt"
    hostile.write_text(HOSTILE_TEXT, encoding="utf-8")
    cli = Cli()
    runs = [
        ("code", EXAMPLES, "--db", db, "--quiet"),
        ("code", REFERENCE, "--published", "2024-04-24", "--db", db, "--quiet"),
        ("code", hostile, "--published", HOSTILE_PUBLISHED, "--db", db, "--quiet"),
    ]
    for run in runs:
        result = cli(*run)
        assert result.exit_code == 0, result.stdout + result.stderr
    return db


@contextmanager
def _serving(app: Any) -> Iterator[str]:
    """An app served by uvicorn in a daemon thread; yields its base URL."""
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(f"{base}/api/summary", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the dashboard server did not start")
        time.sleep(0.05)
    yield base
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(store: Path) -> Iterator[str]:
    """The dashboard over the store, started with a token (so it codes for the bearer)."""
    with _serving(create_app(store, token=TOKEN)) as base:
        yield base


@pytest.fixture(scope="module")
def readonly_server(store: Path) -> Iterator[str]:
    """The dashboard over the store, started without a token."""
    with _serving(create_app(store)) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless; a missing browser fails loudly (no silent skip)."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` to install Chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


class Dashboard:
    """One browser page on the dashboard, with the API beside it for comparison.

    Collects console errors and uncaught exceptions from the moment the page opens, so
    `finish` can assert that a view rendered cleanly.
    """

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.base = base
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def api(self, path: str, **params: Any) -> Any:
        """GET an API path as the page would, for the expected values."""
        query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
        url = f"{self.base}{path}{'?' + query if query else ''}"
        with urllib.request.urlopen(url, timeout=10) as response:
            return json.load(response)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        """POST JSON to an API path (the code endpoint), for the expected events."""
        request = urllib.request.Request(
            f"{self.base}{path}",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)

    def open(self, route: str) -> Locator:
        """Load the page at a view's hash (a fresh load, so start-up runs every time) and
        return the view's section once drawn."""
        self.page.goto(f"{self.base}/#{route}")
        expect(self.page.locator("#store-counts .count").first).to_be_visible()
        return self.view(route.split("?")[0])

    def view(self, name: str) -> Locator:
        """The section of the current view (waits for the view to be drawn)."""
        section = self.page.locator(f"section.view-{name}")
        expect(section).to_be_visible()
        return section

    def finish(self, name: str, allowed: tuple[str, ...] = ()) -> None:
        """Screenshot the view, then check the console and the links the page made."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.mouse.move(0, 0)  # no chart tooltip left open
        self.page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")  # sticky header on top
        self.page.wait_for_timeout(150)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        errors = [e for e in self.errors if not any(text in e for text in allowed)]
        assert errors == [], f"browser errors on the {name} view: {errors}"
        hrefs = self.page.eval_on_selector_all(
            "a[href]", "els => els.map(a => a.getAttribute('href'))"
        )
        assert all(href.startswith("#") for href in hrefs), [h for h in hrefs if h[:1] != "#"]


@contextmanager
def _dashboard(browser: Browser, base: str) -> Iterator[Dashboard]:
    """A fresh browser context (no state carried between views) on a server."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    yield Dashboard(context.new_page(), base)
    context.close()


@pytest.fixture
def dash(browser: Browser, server: str) -> Iterator[Dashboard]:
    with _dashboard(browser, server) as dashboard:
        yield dashboard


@pytest.fixture
def readonly_dash(browser: Browser, readonly_server: str) -> Iterator[Dashboard]:
    with _dashboard(browser, readonly_server) as dashboard:
        yield dashboard


def cell_texts(rows: Locator, column: str) -> list[str]:
    """The text of one column (by its class) in every row of a table."""
    return [text.strip() for text in rows.locator(f"td.{column}").all_inner_texts()]


def signed(text: str) -> float:
    """A number as the page prints it (with a typographic minus) back to a float."""
    return float(text.strip().replace("−", "-"))


# ---------------------------------------------------------------- events


def test_header_shows_the_store_counts(dash: Dashboard) -> None:
    summary = dash.api("/api/summary")
    dash.open("events")
    counts = dash.page.locator("#store-counts")
    for name in ("documents", "sentences", "events"):
        item = counts.locator(".count", has=dash.page.locator("dt", has_text=name))
        expect(item.locator("dd")).to_have_text(f"{summary['counts'][name]:,}")
    expect(counts).to_contain_text(f"{summary['first']} – {summary['last']}")
    dash.finish("header")


def test_events_view_pages_and_highlights_the_evidence(dash: Dashboard) -> None:
    everything = dash.api("/api/events", limit=1000)
    total = everything["total"]
    section = dash.open("events")
    expect(section.locator(".total")).to_have_text(f"{total:,} events match")
    if total > PAGE_SIZE:
        expect(section.locator(".pager-info")).to_have_text(f"1–{PAGE_SIZE} of {total} events")
    rows = section.locator("tr.event-row")
    expect(rows).to_have_count(min(PAGE_SIZE, total))
    shown = rows.evaluate_all("rows => rows.map(r => r.dataset.eventId)")
    assert shown == [row["event_id"] for row in everything["events"][: len(shown)]]

    # the first PRK -> IRN event, found by paging as a user would
    index, wanted = next(
        (i, row)
        for i, row in enumerate(everything["events"])
        if (row["source_country"], row["target_country"]) == ("PRK", "IRN")
    )
    for _ in range(index // PAGE_SIZE):
        section.get_by_role("button", name="Older →").click()
        section = dash.view("events")
    row = section.locator(f'tr[data-event-id="{wanted["event_id"]}"]')
    expect(row).to_be_visible()
    expect(row.locator("td.col-source")).to_have_text(wanted["source_code"])
    expect(row.locator("td.col-target")).to_have_text(wanted["target_code"])
    expect(row.locator(".cameo-code")).to_have_text(wanted["cameo"])
    expect(row.locator(".evidence")).to_have_text(wanted["sentence"])
    expect(row.locator("mark.hl-source")).to_have_text(wanted["source_text"])
    expect(row.locator("mark.hl-target")).to_have_text(wanted["target_text"])
    expect(row.locator("mark.hl-trigger")).to_have_text(wanted["trigger"])
    expect(row.locator("td.col-rule")).to_have_text(wanted["rule"])
    expect(row.locator("a.doc-link")).to_have_attribute(
        "href", "#document?" + urllib.parse.urlencode({"id": wanted["doc_id"]})
    )
    dash.finish("events")


def test_events_filter_by_country_shows_only_its_events(dash: Dashboard) -> None:
    expected = dash.api("/api/events", country="PRK", limit=50)
    section = dash.open("events")
    section.locator("input[name=country]").fill("prk")  # lower case: the form upper-cases
    section.get_by_role("button", name="Apply").click()
    expect(dash.page).to_have_url(f"{dash.base}/#events?country=PRK")
    section = dash.view("events")
    expect(section.locator(".total")).to_contain_text(f"{expected['total']:,} events match")
    rows = section.locator("tr.event-row")
    expect(rows).to_have_count(len(expected["events"]))
    sources, targets = cell_texts(rows, "col-source"), cell_texts(rows, "col-target")
    assert sources == [row["source_code"] for row in expected["events"]]
    assert all("PRK" in (s[:3], t[:3]) for s, t in zip(sources, targets, strict=True))
    dash.finish("events-prk")


def test_events_filter_that_matches_nothing_says_so(dash: Dashboard) -> None:
    assert dash.api("/api/events", text="zzzqqq")["total"] == 0
    section = dash.open("events?text=zzzqqq")
    expect(section.locator(".empty")).to_have_text("No events match these filters.")
    dash.finish("events-empty")


def test_an_api_error_shows_its_detail(dash: Dashboard) -> None:
    section = dash.open("events?since=2024-13-45")
    expect(section.locator(".error")).to_contain_text("HTTP 422")
    expect(section.locator(".error-detail")).to_contain_text("since:")
    dash.finish("events-error", allowed=("422",))  # Chromium logs the failed request


# ---------------------------------------------------------------- stories


def test_stories_view_lists_the_stories(dash: Dashboard) -> None:
    stories = dash.api("/api/stories", limit=200)["stories"]
    section = dash.open("stories")
    rows = section.locator("tr.story-row")
    expect(rows).to_have_count(len(stories))
    shown = rows.evaluate_all("rows => rows.map(r => r.dataset.storyId)")
    assert shown == [story["story_id"] for story in stories]
    most = max(stories, key=lambda story: story["num_mentions"])
    row = section.locator(f'tr[data-story-id="{most["story_id"]}"]')
    expect(row.locator(".dyad")).to_have_text(
        f"{most['source_country']}→{most['target_country']}", use_inner_text=False
    )
    expect(row.locator(".evidence")).to_have_text(most["evidence"])
    expect(row.locator("td.num").first).to_have_text(str(most["num_mentions"]))
    reports = dash.api(f"/api/stories/{most['story_id']}")["events"]
    row.get_by_role("button", name="Reports").click()
    shown = section.locator("tr.story-reports tr.event-row")
    expect(shown).to_have_count(len(reports))
    ids = shown.evaluate_all("rows => rows.map(r => r.dataset.eventId)")
    assert ids == [report["event_id"] for report in reports]
    dash.finish("stories")


# ---------------------------------------------------------------- dyad


def test_dyad_view_draws_the_timeline_and_lists_a_clicked_bucket(dash: Dashboard) -> None:
    dyad = dash.api("/api/dyad", a="PRK", b="IRN", by="year")
    periods = [bucket["period"] for bucket in dyad["buckets"]]
    assert "2019" in periods and "2024" in periods  # the reference article's two visits
    section = dash.open("dyad")
    expect(section.locator("input[name=a]")).to_have_value("PRK")
    expect(section.locator("input[name=b]")).to_have_value("IRN")
    expect(section.locator("#dyad-chart canvas").first).to_be_visible()
    rows = section.locator("tr.bucket-row")
    expect(rows).to_have_count(len(periods))
    assert rows.locator("th").all_inner_texts() == periods
    label = section.locator("#dyad-chart").get_attribute("aria-label") or ""
    assert all(period in label for period in periods)

    # click the 2019 bar on the canvas (once drawn): its events are listed below the chart
    expect(section.locator("#dyad-chart[data-ready=true]")).to_have_count(1)
    first = dyad["buckets"][0]
    point = dash.page.evaluate(
        """([index, value]) => {
            const chart = echarts.getInstanceByDom(document.getElementById('dyad-chart'));
            const labels = chart.getOption().xAxis[0].data;
            return chart.convertToPixel({seriesIndex: 0}, [labels.indexOf(index), value]);
        }""",
        [first["period"], first["forward"]["verbal_cooperation"] / 2],
    )
    chart = section.locator("#dyad-chart")
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box is not None
    dash.page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    panel = section.locator("#bucket-events")
    expect(panel.locator("h2")).to_have_text(f"PRK and IRN in {first['period']}")
    ids = first["forward"]["event_ids"] + first["backward"]["event_ids"]
    expect(panel.locator("tr.event-row")).to_have_count(len(ids))
    shown = panel.locator("tr.event-row").evaluate_all("rows => rows.map(r => r.dataset.eventId)")
    assert sorted(shown) == sorted(ids)
    expect(panel.locator("mark.hl-trigger").first).to_be_visible()

    # the table's button does the same for 2024
    last = dyad["buckets"][-1]
    rows.filter(has_text=last["period"]).get_by_role("button", name="Show events").click()
    expect(panel.locator("h2")).to_have_text(f"PRK and IRN in {last['period']}")
    ids = last["forward"]["event_ids"] + last["backward"]["event_ids"]
    expect(panel.locator("tr.event-row")).to_have_count(len(ids))
    dash.finish("dyad")


# ---------------------------------------------------------------- network


def test_network_view_shows_the_blocs_of_the_api(dash: Dashboard) -> None:
    network = dash.api("/api/network")
    section = dash.open("network")
    expect(section.locator("#network-chart canvas").first).to_be_visible()
    rows = section.locator("tr.bloc-row")
    expect(rows).to_have_count(len(network["blocs"]))
    shown = [row.locator(".member").all_inner_texts() for row in rows.all()]
    assert shown == network["blocs"]
    prk_bloc = next(bloc for bloc in network["blocs"] if "PRK" in bloc)
    prk_row = rows.filter(has=dash.page.locator(".member", has_text="PRK"))
    assert ("IRN" in prk_row.locator(".member").all_inner_texts()) == ("IRN" in prk_bloc)
    positions = section.locator("tr.node-row")
    expect(positions).to_have_count(len(network["nodes"]))
    for node in network["nodes"][:3]:
        cells = positions.filter(has_text=node["id"]).first.locator("td").all_inner_texts()
        assert [c.strip() for c in cells] == [
            str(node["bloc"] + 1),
            str(node["partners"]),
            str(node["rivals"]),
            str(node["cooperation"]),
            str(node["conflict"]),
            f"{node['betweenness']:.3f}",
        ]
    dash.page.wait_for_timeout(1200)  # let the force layout settle for the screenshot
    dash.finish("network")


# ---------------------------------------------------------------- isolation


def test_isolation_view_shows_the_trend_of_the_api(dash: Dashboard) -> None:
    iso = dash.api("/api/isolation", country="PRK", by="year")
    section = dash.open("isolation")
    expect(section.locator("#isolation-chart canvas").first).to_be_visible()
    assert signed(section.locator("#isolation-slope .stat-value").inner_text()) == iso["slope"]
    assert signed(section.locator("#isolation-change .stat-value").inner_text()) == iso["change"]
    rows = section.locator("tr.period-row")
    expect(rows).to_have_count(len(iso["periods"]))
    assert rows.locator("th").all_inner_texts() == [p["period"] for p in iso["periods"]]
    # the reading names the latest period with partners and the one before it
    active = [i for i, p in enumerate(iso["periods"]) if p["partners"] > 0]
    now, before = iso["periods"][active[-1]], iso["periods"][active[-1] - 1]
    reading = section.locator("#isolation-reading").inner_text().replace("−", "-")
    assert f"PRK had {now['partners']} cooperative partner" in reading
    assert f"in {now['period']}" in reading
    assert f"{before['partners']} in {before['period']}" in reading
    assert f"trend {iso['slope']:+.2f} partners per year" in reading
    dash.finish("isolation")


# ---------------------------------------------------------------- alerts


def test_alerts_view_defaults_to_a_year_and_finds_the_2019_gap(dash: Dashboard) -> None:
    last = dt.date.fromisoformat(dash.api("/api/summary")["last"])
    default = last.replace(year=last.year - 1).isoformat()
    recent = dash.api("/api/alerts", since=default)["alerts"]
    section = dash.open("alerts")
    expect(section.locator("input[name=since]")).to_have_value(default)
    cards = section.locator("article.alert-card")
    if recent:
        expect(cards).to_have_count(len(recent))
    else:
        expect(section.locator(".empty")).to_be_visible()

    since = "2024-01-01"
    alerts = dash.api("/api/alerts", since=since)["alerts"]
    wanted = next(
        a for a in alerts if "since 2019-08" in a["message"] and set(a["dyad"]) == {"PRK", "IRN"}
    )
    section.locator("input[name=since]").fill(since)
    section.get_by_role("button", name="Apply").click()
    section = dash.view("alerts")
    cards = section.locator("article.alert-card")
    expect(cards).to_have_count(len(alerts))
    card = cards.filter(has_text="since 2019-08")
    expect(card).to_have_count(1)
    expect(card.locator(".alert-message")).to_have_text(wanted["message"])
    expect(card.locator(".badge")).to_have_text("Novelty")
    expect(card.locator(".alert-evidence")).to_have_text(wanted["evidence"])
    expect(card.locator(".dyad-link")).to_have_text(" → ".join(wanted["dyad"]))
    dash.finish("alerts")
    card.locator("a.doc-link").click()
    title = dash.api(f"/api/documents/{wanted['doc_id']}")["document"]["title"]
    expect(dash.view("document").locator("h1.doc-title")).to_have_text(title)


# ---------------------------------------------------------------- documents


def _documents(dash: Dashboard) -> list[dict[str, Any]]:
    """Every stored document with its metadata (the list leaves out url and origin)."""
    listed = dash.api("/api/documents", limit=1000)["documents"]
    return [
        dash.api(f"/api/documents/{urllib.parse.quote(doc['doc_id'], safe='')}")["document"]
        for doc in listed
    ]


def _doc_id(dash: Dashboard, origin_name: str) -> str:
    """The id the store gave the document read from a file of this name."""
    for doc in _documents(dash):
        if Path(doc["origin"] or "").name == origin_name:
            return doc["doc_id"]
    raise AssertionError(f"{origin_name} is not in the store")


def test_document_view_shows_the_reference_article(dash: Dashboard) -> None:
    doc_id = _doc_id(dash, REFERENCE.name)
    found = dash.api(f"/api/documents/{doc_id}")
    documents = dash.api("/api/documents", limit=1000)["documents"]
    section = dash.open(f"document?id={doc_id}")
    expect(section.locator("h1.doc-title")).to_have_text(found["document"]["title"])
    expect(section.locator(".doc-picker li")).to_have_count(len(documents))
    expect(section.locator(".doc-picker li.current")).to_have_count(1)
    rows = section.locator("tr.event-row")
    expect(rows).to_have_count(len(found["events"]))
    assert cell_texts(rows, "col-target") == [e["target_code"] for e in found["events"]]
    expect(section.locator("tr.event-row mark.hl-trigger")).to_have_count(len(found["events"]))
    expect(section.locator(".doc-text mark.hl-sentence").first).to_be_visible()
    expect(section.locator(".doc-meta-list")).to_contain_text(found["document"]["published"])
    dash.finish("document")


def test_document_picker_opens_a_document_and_a_url_stays_text(dash: Dashboard) -> None:
    with_url = next(doc for doc in _documents(dash) if doc["url"])
    section = dash.open("document")
    expect(section.locator(".view-header h1")).to_have_text("Documents")
    section.get_by_role("link", name=with_url["title"]).click()
    section = dash.view("document")
    expect(section.locator("h1.doc-title")).to_have_text(with_url["title"])
    expect(section.locator("dd.url")).to_have_text(with_url["url"])
    dash.finish("document-picker")


def test_document_with_markup_shows_it_as_text(dash: Dashboard) -> None:
    doc_id = _doc_id(dash, "xss-probe.en.txt")
    found = dash.api(f"/api/documents/{doc_id}")
    assert found["events"], "the hostile document should code at least one event"
    section = dash.open(f"document?id={urllib.parse.quote(doc_id)}")
    expect(section.locator("h1.doc-title")).to_have_text(found["document"]["title"])
    text = section.locator(".doc-text").inner_text()
    for markup in HOSTILE_MARKUP:
        assert markup in text
    for clickable in section.locator(".doc-content").locator("mark, td, .chip").all():
        clickable.click()
    _assert_no_injection(dash.page)
    dash.finish("document-xss")


# ---------------------------------------------------------------- code


def test_code_view_codes_a_pasted_sentence(dash: Dashboard) -> None:
    text = "Serbia criticised Kosovo on Monday."
    coded = dash.post("/api/code", {"text": text, "published": "2025-01-08"})
    section = dash.open("code")
    section.locator("textarea[name=text]").fill(text)
    section.locator("input[name=published]").fill("2025-01-08")
    section.locator("input[name=token]").fill(TOKEN)
    section.get_by_role("button", name="Code it").click()
    result = section.locator("#code-result")
    rows = result.locator("tr.event-row")
    expect(rows).to_have_count(len(coded["events"]))
    row = rows.filter(has=dash.page.locator("td.col-source", has_text="SRB"))
    expect(row.locator("td.col-source")).to_have_text("SRB")
    expect(row.locator(".cameo-code")).to_have_text("111")
    expect(row.locator("td.col-target")).to_have_text("XKX")
    expected = next(e for e in coded["events"] if e["source_code"] == "SRB")
    expect(row.locator(".col-date .date")).to_have_text(expected["date"])
    expect(result.locator(".code-status")).to_contain_text(coded["status"])
    dash.finish("code")


def test_code_view_reads_an_uploaded_file(dash: Dashboard) -> None:
    text = "Serbia criticised Kosovo on Monday."
    coded = dash.post("/api/code", {"text": text, "published": "2025-01-08"})
    section = dash.open("code")
    section.locator("input[name=published]").fill("2025-01-08")
    section.locator("input[name=token]").fill(TOKEN)
    upload = {"name": "serbia.txt", "mimeType": "text/plain", "buffer": text.encode()}
    section.locator("input[type=file]").set_input_files(upload)
    expect(section.locator("textarea[name=text]")).to_have_value(text)
    expect(section.locator("input[name=title]")).to_have_value("serbia")
    expect(section.locator("#code-result tr.event-row")).to_have_count(len(coded["events"]))
    dash.finish("code-upload")


def test_code_view_never_runs_pasted_markup(dash: Dashboard) -> None:
    coded = dash.post("/api/code", {"text": HOSTILE_TEXT, "published": HOSTILE_PUBLISHED})
    sentences = [e["sentence"] for e in coded["events"]]
    assert any("<img" in s for s in sentences), "the hostile sentence should code an event"
    section = dash.open("code")
    section.locator("textarea[name=text]").fill(HOSTILE_TEXT)
    section.locator("input[name=published]").fill(HOSTILE_PUBLISHED)
    section.locator("input[name=token]").fill(TOKEN)
    section.get_by_role("button", name="Code it").click()
    result = section.locator("#code-result")
    expect(result.locator("tr.event-row")).to_have_count(len(coded["events"]))
    shown = result.locator(".evidence").all_inner_texts()
    assert sorted(shown) == sorted(sentences)  # the markup is there, as text
    for clickable in result.locator("a, button, mark, td, .chip").all():
        clickable.click()
    _assert_no_injection(dash.page)
    dash.finish("code-xss")


def test_code_view_remembers_the_token_in_the_tab_and_says_when_it_is_wrong(
    dash: Dashboard,
) -> None:
    section = dash.open("code")
    section.locator("textarea[name=text]").fill("Serbia criticised Kosovo on Monday.")
    section.locator("input[name=token]").fill("not-the-token")
    section.get_by_role("button", name="Code it").click()
    refused = section.locator(".code-output .error")
    expect(refused).to_contain_text("Could not code (HTTP 401)")
    expect(refused).to_contain_text("this server's token")
    section.locator("input[name=token]").fill(TOKEN)
    section.get_by_role("button", name="Code it").click()
    expect(section.locator("#code-result tr.event-row")).not_to_have_count(0)
    dash.page.reload()  # a fresh load in the same tab
    section = dash.view("code")
    expect(section.locator("input[name=token]")).to_have_value(TOKEN)
    assert section.evaluate("s => [...s.childNodes].every(n => n.nodeType === 1)")  # no stray text
    dash.finish("code-token", allowed=("401",))  # Chromium logs the refused request


def test_code_view_refuses_a_file_too_big_before_sending(dash: Dashboard) -> None:
    limit = dash.api("/api/coding")["max_body_bytes"]
    posted: list[str] = []
    dash.page.on("request", lambda r: posted.append(r.url) if r.method == "POST" else None)
    section = dash.open("code")
    section.locator("input[name=token]").fill(TOKEN)
    upload = {"name": "huge.txt", "mimeType": "text/plain", "buffer": b"x" * (limit + 1)}
    section.locator("input[type=file]").set_input_files(upload)
    expect(section.locator(".error")).to_have_text(
        f"huge.txt is {limit + 1:,} bytes; this server takes at most {limit:,}."
    )
    section.locator("textarea[name=text]").fill("Serbia criticised Kosovo. " * 8_000)
    section.get_by_role("button", name="Code it").click()
    expect(section.locator(".error")).to_contain_text("this server codes at most 200,000")
    assert posted == []
    dash.finish("code-too-big")


def test_a_read_only_server_says_coding_is_off(readonly_dash: Dashboard) -> None:
    section = readonly_dash.open("code")
    expect(section.locator(".coding-off")).to_contain_text("--token")
    expect(section.locator("input[name=token]")).to_have_count(0)
    section.locator("textarea[name=text]").fill("Serbia criticised Kosovo on Monday.")
    section.get_by_role("button", name="Code it").click()
    refused = section.locator(".code-output .error")
    expect(refused).to_contain_text("Could not code (HTTP 401)")
    expect(refused).to_contain_text("read-only")
    readonly_dash.finish("code-read-only", allowed=("401",))


def _assert_no_injection(page: Page) -> None:
    """Nothing from the data ran or became an element."""
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("img[src=x]").count() == 0
    assert page.locator("img, iframe, object, embed").count() == 0
    assert page.evaluate("[...document.scripts].every(s => s.src)"), "an inline script appeared"
    assert page.locator('[href^="javascript:" i]').count() == 0
    attrs = page.evaluate(
        "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
        ".map(a => a.name)).filter(n => n.startsWith('on'))"
    )
    assert attrs == []
