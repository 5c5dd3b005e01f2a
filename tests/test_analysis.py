"""The analyses on a store of the bundled examples plus the reference article.

The expected answers come from reading the articles: the reference article (German,
2024-04-24) and the English example `dprk-iran-visit` (2024-04-25) both report the
North Korean delegation's arrival in Tehran on Tuesday 2024-04-23; the reference
article recalls the last such visit, in August 2019, and Kim's 2023 summit with Putin
and the support of both states for Russia; `polen-litauen` describes two allies.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from diplowatch.analysis.alerts import alerts, spikes
from diplowatch.analysis.dyads import dyad_history
from diplowatch.analysis.isolation import isolation
from diplowatch.analysis.network import network
from diplowatch.analysis.periods import Span
from diplowatch.analysis.stories import stories, story_members
from diplowatch.errors import InputError
from diplowatch.store import EventFilter, Store


@pytest.fixture
def store(analysis_store: Path) -> Store:
    with Store(analysis_store, read_only=True) as opened:
        yield opened


def test_the_visit_reported_by_two_sources_in_two_languages_is_one_story(store: Store) -> None:
    visits = [s for s in stories(store, EventFilter(source="PRK", target="IRN", root="04"))
              if s["first_date"] <= dt.date(2024, 4, 23) <= s["last_date"]]  # fmt: skip
    assert len(visits) == 1
    [visit] = visits
    assert visit["num_documents"] == 2 and visit["num_sources"] == 2
    assert visit["num_mentions"] >= 3  # the German headline repeats the lede
    assert (visit["first_report"], visit["last_report"]) == (
        dt.date(2024, 4, 24),
        dt.date(2024, 4, 25),
    )
    members = story_members(store, visit["story_id"])
    assert {m["doc_id"] for m in members} == {"nordkorea-iran", "dprk-iran-visit"}
    assert {m["lang"] for m in members} == {"de", "en"}
    assert visit["evidence"] in {m["sentence"] for m in members}


def test_the_2019_visit_is_a_story_of_its_own_and_ids_are_stable(store: Store) -> None:
    first = stories(store, EventFilter(source="PRK", target="IRN", root="04"))
    older = [s for s in first if s["first_date"].year == 2019]
    assert len(older) == 1 and older[0]["first_date"] == dt.date(2019, 8, 1)
    assert older[0]["last_date"] == dt.date(2019, 8, 31)  # "im August 2019": the month
    again = stories(store, EventFilter(source="PRK", target="IRN", root="04"))
    assert [s["story_id"] for s in again] == [s["story_id"] for s in first]


def test_a_long_window_merges_what_a_short_one_keeps_apart(store: Store) -> None:
    where = EventFilter(source="PRK", target="IRN", root="04")
    assert len(stories(store, where, window=3)) > len(stories(store, where, window=10_000))


def test_dyad_history_counts_both_directions_by_year(store: Store) -> None:
    history = dyad_history(store, "prk", "IRN", "year")
    by_year = {b["period"]: b for b in history["buckets"]}
    assert {"2019", "2024"} <= set(by_year)
    assert by_year["2019"]["forward"]["verbal_cooperation"] >= 1  # the 2019 visit
    assert by_year["2019"]["backward"]["events"] == 0
    assert by_year["2024"]["forward"]["events"] >= 1  # the delegation's visit
    assert by_year["2024"]["backward"]["events"] >= 1  # Iran's minister received it
    forward = by_year["2024"]["forward"]
    assert forward["goldstein_sum"] > 0 and len(forward["event_ids"]) == forward["events"]
    assert all(b["forward"]["source_country"] == "PRK" for b in history["buckets"])


def test_dyad_buckets_by_month_and_bad_input(store: Store) -> None:
    months = [b["period"] for b in dyad_history(store, "PRK", "IRN", "month")["buckets"]]
    assert "2019-08" in months and "2024-04" in months
    for a, b, by in (("PRK", "IRN", "decade"), ("P1K", "IRN", "year")):
        with pytest.raises(InputError):
            dyad_history(store, a, b, by)


def test_network_puts_north_korea_iran_and_russia_in_one_bloc(store: Store) -> None:
    result = network(store)
    bloc = {n["id"]: n["bloc"] for n in result["nodes"]}
    assert bloc["PRK"] == bloc["IRN"] == bloc["RUS"]
    assert bloc["POL"] == bloc["LTU"] != bloc["PRK"]
    edges = {(e["a"], e["b"]): e for e in result["edges"]}
    assert edges[("IRN", "PRK")]["net"] > 0
    assert edges[("PRK", "USA")]["net"] < 0  # criticism and threats
    assert sorted(n for members in result["blocs"] for n in members) == sorted(bloc)


def test_network_of_a_period_has_only_its_events(store: Store) -> None:
    result = network(store, Span(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
    assert {"PRK", "IRN"} <= {n["id"] for n in result["nodes"]}
    assert "POL" not in {n["id"] for n in result["nodes"]}  # polen-litauen is of 2026


def test_north_korea_has_more_partners_in_2024_than_before(store: Store) -> None:
    result = isolation(store, "PRK", "year")
    by_year = {p["period"]: p for p in result["periods"]}
    assert {"IRN", "RUS"} <= set(by_year["2024"]["partner_list"])
    assert by_year["2024"]["partners"] > by_year["2019"]["partners"] >= 1
    assert by_year["2021"]["partners"] == 0  # empty periods are zeros, not gaps
    assert result["slope"] > 0


def test_the_visit_is_a_novelty_relative_to_2019(store: Store) -> None:
    found = alerts(store, dt.date(2024, 4, 1))
    visit = [a for a in found if a["kind"] == "novelty" and a["cameo"] == "042"
             and set(a["dyad"]) == {"PRK", "IRN"}]  # fmt: skip
    assert visit and visit[0]["date"] == dt.date(2024, 4, 23)
    assert visit[0]["message"].endswith("between PRK and IRN since 2019-08")
    assert len(visit) == 1  # reported twice, alerted once
    assert all(a["date"] >= dt.date(2024, 4, 1) for a in found)


def _conflict_store(path: Path, weekly: dict[str, list[int]]) -> Store:
    """A store whose only events are conflicts (QuadClass 4) of given pairs, a number
    per week from 2025-01-06 on."""
    store = Store(path)
    rows = []
    for pair, counts in weekly.items():
        for week, count in enumerate(counts):
            day = dt.date(2025, 1, 6) + dt.timedelta(weeks=week)
            rows += [(f"{pair}-{week}-{i}", pair[:3], pair[3:], day) for i in range(count)]
    store.con.executemany(
        "INSERT INTO events (event_id, doc_id, sentence_index, sentence, char_start, char_end,"
        " date, date_precision, source_code, source_country, source_text, target_code,"
        " target_country, target_text, cameo, cameo_root, quad_class, goldstein, alleged,"
        " modality, trigger, rule, confidence, lang, coder_version)"
        " VALUES (?, 'd', 0, 's', 0, 1, ?, 'day', ?, ?, 'a', ?, ?, 'b', '190', '19', 4, -10,"
        " false, 'asserted', 't', 'r', 0.9, 'en', 'test')",
        [(event_id, day, a, a, b, b) for event_id, a, b, day in rows],
    )
    return store


def test_a_conflict_spike_stands_out_against_the_pairs_own_baseline(tmp_path: Path) -> None:
    weekly = {"AAABBB": [1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 9], "CCCDDD": [4] * 13}
    with _conflict_store(tmp_path / "s.duckdb", weekly) as store:
        found = spikes(store, dt.date(2025, 3, 31), "week")
    assert [(a["dyad"], a["events"]) for a in found] == [(["AAA", "BBB"], 9)]
    assert found[0]["date"] == dt.date(2025, 3, 31)


def test_commands_print_json_and_draw_figures(cli, analysis_store: Path, tmp_path: Path) -> None:
    import json

    figure = tmp_path / "dyad.svg"
    result = cli(
        "dyad", "PRK", "IRN", "--by", "year", "--json", "--plot", figure, "--db", analysis_store
    )
    assert result.exit_code == 0
    periods = [json.loads(line)["period"] for line in result.stdout.splitlines()]
    assert "2019" in periods and "2024" in periods
    assert figure.read_text().lstrip().startswith("<?xml") and "PRK" in figure.read_text()
    for command in (["network"], ["isolation", "PRK"]):
        png = tmp_path / f"{command[0]}.png"
        assert cli(*command, "--plot", png, "--db", analysis_store).exit_code == 0
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    alerts_out = cli("alerts", "--since", "2024-04-01", "--json", "--db", analysis_store).stdout
    assert any("since 2019-08" in json.loads(line)["message"] for line in alerts_out.splitlines())
    stories_out = cli("stories", "--country", "PRK", "--json", "--db", analysis_store).stdout
    assert any(json.loads(line)["num_documents"] == 2 for line in stories_out.splitlines())


def test_commands_refuse_bad_input_before_work(cli, analysis_store: Path, tmp_path: Path) -> None:
    bad = [
        (["dyad", "PRK", "IRN", "--by", "decade"], "unknown period"),
        (["isolation", "PRK", "--plot", tmp_path / "x.gif"], "figure file"),
        (["isolation", "PRK", "--plot", tmp_path / "no" / "x.png"], "no such directory"),
        (["dyad", "PRK", "1RN"], "not a country code"),
    ]
    for args, message in bad:
        result = cli(*args, "--db", analysis_store)
        assert result.exit_code == 1 and message in result.stderr, (args, result.stderr)
    assert cli("network", "--db", tmp_path / "missing.duckdb").exit_code == 1


def test_stories_export_is_the_second_level(cli, analysis_store: Path, tmp_path: Path) -> None:
    import csv

    out = tmp_path / "stories.csv"
    assert cli("export", "--level", "stories", "-o", out, "--db", analysis_store).exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    events = tmp_path / "events.csv"
    assert cli("export", "-o", events, "--db", analysis_store, "--mentions").exit_code == 0
    total = sum(int(r["num_mentions"]) for r in rows)
    assert total == len(list(csv.DictReader(events.open(encoding="utf-8"))))
    assert len({r["story_id"] for r in rows}) == len(rows)
