"""PETRARCH validation records: read as PETRARCH reads them, coded, used as gold."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from diplowatch.errors import InputError
from diplowatch.petrarch_records import read_records

from .conftest import SHARED

# Not well-formed XML, as PETRARCH's own files: a self-closed <Sentence/> followed by its
# children, a stray end tag, a banner, a commented-out record.
RECORDS = """<Validation>
##### a banner line #####
<Sentences>
<Sentence date="20240105" id="T-1" category="DEMO" evaluate="true"/>
<EventCoding sourcecode="VLDGOV" targetcode="NRV" eventcode="111"></EventCoding>
<Text>
Valdoria's government criticised
Norvia on Friday.
</Text>
</Sentence>
<!-- <Sentence date="20240105" id="T-0"><Text>hidden</Text> -->
<Sentence date="2024" id="T-2" evaluate="false">
<Text>Nothing &amp; nobody.</Text>
</Sentence>
</Sentences>
</Validation>
"""
ACTORS = "VALDORIA_ [VLD]\nVALDORIA'S_GOVERNMENT_ [VLDGOV]\nNORVIA_ [NRV]\n"


def test_records_are_cut_at_each_sentence_tag(tmp_path: Path) -> None:
    path = tmp_path / "records.xml"
    path.write_text(RECORDS, encoding="utf-8")
    first, second = read_records(path)
    assert first.record_id == "T-1" and first.date == dt.date(2024, 1, 5) and first.evaluate
    assert first.text == "Valdoria's government criticised Norvia on Friday."
    assert [(c.source, c.target, c.cameo) for c in first.codings] == [("VLDGOV", "NRV", "111")]
    assert second.date is None and not second.evaluate and second.text == "Nothing & nobody."


def test_an_empty_text_is_taken_from_the_records_parse(tmp_path: Path) -> None:
    path = tmp_path / "records.xml"
    path.write_text(
        '<Sentence id="P-1"/>\n<Text>\n</Text>\n<Parse>\n'
        "1\tNorvia\tNorvia\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n"
        "2\tprotested\tprotest\tVERB\tVBD\t_\t0\troot\t_\t_\n"
        "3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n</Parse>\n</Sentence>\n"
        '<Sentence id="P-2"/>\n<Text></Text>\n</Sentence>\n',
        encoding="utf-8",
    )
    with_parse, without = read_records(path)
    assert with_parse.text == "Norvia protested ."
    assert without.text == ""  # nothing to read: the reader reports it as empty


def test_a_file_without_records_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    path.write_text("<Validation></Validation>", encoding="utf-8")
    with pytest.raises(InputError, match="no <Sentence> records"):
        list(read_records(path))


def test_records_are_coded_and_scored_as_gold(cli, tmp_path: Path) -> None:
    records, actors = tmp_path / "records.xml", tmp_path / "toy.actors"
    records.write_text(RECORDS, encoding="utf-8")
    actors.write_text(ACTORS, encoding="utf-8")
    db = tmp_path / "r.duckdb"
    assert cli("code", records, "--db", db, "--actors", actors).exit_code == 0
    rows = [json.loads(x) for x in cli("events", "--db", db, "--json").stdout.splitlines()]
    assert [(r["source_code"], r["cameo"], r["target_code"]) for r in rows] == [
        ("VLDGOV", "111", "NRV")
    ]
    result = cli("eval", records, "--actors", actors)
    report = json.loads(result.stdout)["all"]
    assert (report["tp"], report["fp"], report["fn"], report["documents"]) == (1, 0, 0, 1)


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared")
def test_petrarch_files_read_whole() -> None:
    unit = read_records(SHARED / "data/petrarch/validation/PETR.UnitTest.records.xml")
    gsr = read_records(SHARED / "data/petrarch/universal-english/PETR2_GSR_validation.xml")
    assert len(list(unit)) > 250 and len(list(gsr)) == 78


def test_dyads_compares_who_did_it_to_whom_only(cli, tmp_path: Path) -> None:
    records, actors = tmp_path / "records.xml", tmp_path / "toy.actors"
    records.write_text(RECORDS.replace('eventcode="111"', 'eventcode="064"'), encoding="utf-8")
    actors.write_text(ACTORS, encoding="utf-8")
    by_code = json.loads(cli("eval", records, "--actors", actors).stdout)["all"]
    by_dyad = json.loads(cli("eval", records, "--actors", actors, "--dyads").stdout)["all"]
    assert (by_code["tp"], by_code["fp"]) == (0, 1) and (by_dyad["tp"], by_dyad["fp"]) == (1, 0)
