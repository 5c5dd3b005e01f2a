"""`diplowatch actors lookup | unknown | import` and `code --actors`."""

from __future__ import annotations

import json
from pathlib import Path

from diplowatch.store import Store


def json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_lookup_json_in_input_order_with_nulls(cli) -> None:
    result = cli("actors", "lookup", "die litauische Regierung", "Xqzzy Blorf", "Warschau",
                 "--lang", "de", "--date", "2024-04-24", "--json")  # fmt: skip
    assert result.exit_code == 0
    first, unknown, capital = json_lines(result.stdout)
    assert first == {"mention": "die litauische Regierung", "code": "LTUGOV", "country": "LTU",
                     "sector": "GOV", "entity_id": None, "matched": "litauische Regierung",
                     "kind": "agent", "lang": "de"}  # fmt: skip
    assert (
        unknown["mention"] == "Xqzzy Blorf"
        and unknown["code"] is None
        and unknown["country"] is None
    )
    assert capital["code"] == "POLGOV"


def test_lookup_reads_stdin_and_picks_the_language(cli) -> None:
    result = cli(
        "actors", "lookup", "-", "--json", input="the Chilean navy\ndie chilenische Marine\n"
    )
    english, german = json_lines(result.stdout)
    assert (english["code"], english["lang"]) == ("CHLMIL", "en")
    assert (german["code"], german["lang"]) == ("CHLMIL", "de")


def test_lookup_person_by_date(cli) -> None:
    inside = json_lines(
        cli("actors", "lookup", "Angela Merkel", "--date", "2010-01-01", "--json").stdout
    )
    before = json_lines(
        cli("actors", "lookup", "Angela Merkel", "--date", "1995-01-01", "--json").stdout
    )
    assert inside[0]["code"] == "DEUGOV" and inside[0]["entity_id"] == "angela-merkel"
    assert before[0]["code"] != "DEUGOV"


def test_lookup_table_and_bad_options(cli) -> None:
    table = cli("actors", "lookup", "Kenia")
    assert table.exit_code == 0 and "KEN" in table.stdout
    assert cli("actors", "lookup", "x", "--date", "gestern").exit_code == 2
    assert cli("actors", "lookup", "x", "--lang", "fr").exit_code == 2


def test_unknown_lists_unresolved_names(cli, db: Path) -> None:
    text = ("Chile kritisiert Peru\n\nDie Vermittlerin Olga Brandvik traf Chiles Außenminister. "
            "Olga Brandvik reiste danach nach Lima. Auch Olga Brandvik schwieg.")  # fmt: skip
    assert cli("code", "-", "--db", db, input=text).exit_code == 0
    rows = json_lines(cli("actors", "unknown", "--db", db, "--json").stdout)
    assert rows[0] == {"name": "Olga Brandvik", "mentions": 3, "documents": 1}
    with Store(db, read_only=True) as store:
        assert store.query("SELECT count(*) AS n FROM mentions WHERE code IS NULL")[0]["n"] >= 3


def test_import_then_use_a_petrarch_dictionary(cli, db: Path, tmp_path: Path) -> None:
    dictionary = tmp_path / "mine.actors"
    dictionary.write_text(
        "OLGA_BRANDVIK_\n+BRANDVIK_\n\t[NORGOV 200101-301231]\n", encoding="utf-8"
    )
    converted = tmp_path / "mine.yaml"
    result = cli("actors", "import", dictionary, "-o", converted)
    assert result.exit_code == 0 and "wrote 1 actors" in result.stderr
    for actors in (converted, dictionary):
        found = json_lines(cli("actors", "lookup", "Olga Brandvik", "--date", "2026-01-01",
                               "--actors", actors, "--json").stdout)  # fmt: skip
        assert found[0]["code"] == "NORGOV"
    text = "Chile kritisiert Norwegen\n\nOlga Brandvik kritisierte Chile scharf."
    assert (
        cli(
            "code", "-", "--db", db, "--published", "2026-01-05", "--actors", converted, input=text
        ).exit_code
        == 0
    )
    rows = json_lines(cli("events", "--db", db, "--json", "--source", "NORGOV").stdout)
    assert rows and rows[0]["source_text"] == "Olga Brandvik"


def test_bad_actor_file_fails_before_coding(cli, db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("persons:\n  x: {names: [X], code: lowercase}\n", encoding="utf-8")
    result = cli("code", "-", "--db", db, "--actors", bad, input="Chile kritisiert Peru.")
    assert (
        result.exit_code == 1
        and "bad.yaml" in result.stderr
        and "not a CAMEO actor code" in result.stderr
    )
    assert not db.exists()
    missing = cli("actors", "lookup", "x", "--actors", tmp_path / "nope.yaml")
    assert missing.exit_code == 1 and "nope.yaml" in missing.stderr
