"""The actors of the reference article, as a careful reader resolves them.

The expectations are written from our own reading of ../shared/examples/
nordkorea-iran.de.txt (published 2024-04-24): for each sentence, by its opening
words, the mentions and what they stand for.
"""

from __future__ import annotations

import datetime as dt

import pytest

from diplowatch.actors import gazetteer_for
from diplowatch.clean import clean
from diplowatch.resolve import resolve_document
from diplowatch.split import split_sentences

PUBLISHED = dt.date(2024, 4, 24)

# (sentence opening, mention text, expected code)
EXPECTED = [
    ("Nordkorea schickt", "Nordkorea", "PRK"),
    ("Nordkorea schickt", "Iran", "IRN"),
    ("Eine hochrangige", "nordkoreanische Wirtschaftsdelegation", "PRKGOV"),
    ("Eine hochrangige", "Iran", "IRN"),
    ("Eine hochrangige", "nordkoreanische Staatsmedien", "PRKMED"),
    ("Es handelte sich", "den beiden Ländern", "PRK"),
    ("Es handelte sich", "den beiden Ländern", "IRN"),
    ("Der nordkoreanische Führer", "nordkoreanische Führer Kim Jong Un", "PRKGOV"),
    ("Der nordkoreanische Führer", "Vereinigten Staaten", "USA"),
    ("Der nordkoreanische Führer", "USA", "USA"),
    ("Der nordkoreanische Führer", "Südkorea", "KOR"),
    ("Die Delegation aus Pjöngjang", "Pjöngjang", "PRKGOV"),
    ("Die Delegation aus Pjöngjang", "Yun Jung Ho, Nordkoreas Minister", "PRKGOV"),
    ("Die Delegation aus Pjöngjang", "Iran", "IRN"),
    ("Die Delegation aus Pjöngjang", "Koreanische Zentrale Nachrichtenagentur", "PRKMED"),
    ("Pjöngjang und Teheran", "Pjöngjang", "PRKGOV"),
    ("Pjöngjang und Teheran", "Teheran", "IRNGOV"),
    ("Pjöngjang und Teheran", "russischen Präsidenten Wladimir Putin", "RUSGOV"),
    ("Pjöngjang und Teheran", "Ukraine", "UKR"),
    ("Pjöngjang und Teheran", "Russland", "RUS"),
    ("Das letzte bekannte Mal", "Nordkorea", "PRK"),
    ("Das letzte bekannte Mal", "Iran", "IRN"),
    ("Das letzte bekannte Mal", "Pak Chol Min, dem stellvertretenden Vorsitzenden", "PRKLEG"),
    ("Die beiden Länder führten", "Die beiden Länder", "PRK"),
    ("Die beiden Länder führten", "Die beiden Länder", "IRN"),
    ("Die beiden Länder führten", "Nordkorea", "PRK"),
    ("Das südkoreanische", "südkoreanische Wiedervereinigungsministerium", "KORGOV"),
    ("Das südkoreanische", "dem Norden", "PRK"),
    ("Das südkoreanische", "Yuns", "PRKGOV"),
    ("Das südkoreanische", "Iran", "IRN"),
    ("Nordkorea unternimmt", "Nordkorea", "PRK"),
    ("Nordkorea unternimmt", "Russland", "RUS"),
    ("Nordkorea unternimmt", "China", "CHN"),
    ("Nordkorea unternimmt", "Kim", "PRKGOV"),
    ("Nordkorea unternimmt", "USA", "USA"),
    ("Im Jahr 2023", "Kim", "PRKGOV"),
    ("Im Jahr 2023", "Russlands", "RUS"),
    ("Im Jahr 2023", "Putin", "RUSGOV"),
    ("Im Jahr 2023", "den Norden", "PRK"),
    ("Im Jahr 2023", "Russland", "RUS"),
    ("Anfang dieses Monats", "Kim", "PRKGOV"),
    ("Anfang dieses Monats", "chinesischen Beamten Zhao Leji", "CHNLEG"),
    ("Am Mittwoch kritisierte", "Kim Yo Jong", "PRKGOV"),
    ("Am Mittwoch kritisierte", "USA", "USA"),
    ("Am Mittwoch kritisierte", "Südkorea", "KOR"),
    ("Am Mittwoch kritisierte", "des Nordens", "PRK"),
    ("Die Erklärung kommt", "US-Botschafterin", "USAGOV"),
    ("Die Erklärung kommt", "Linda Thomas-Greenfield", "USAGOV"),
    ("Die Erklärung kommt", "Nordkorea", "PRK"),
    ("Die Erklärung kommt", "Iran", "IRN"),
    ("Die Erklärung kommt", "Russland", "RUS"),
    ("Dem Iran wird", "Iran", "IRN"),
    ("Dem Iran wird", "Russland", "RUS"),
    ("Dem Iran wird", "Ukraine", "UKR"),
    ("„Wir sind besorgt", "Iraner", "IRN"),
    ("„Wir sind besorgt", "Russen", "RUS"),
    ("„Wir sind besorgt", "Nordkorea", "PRK"),
]


@pytest.fixture(scope="module")
def found(request) -> set[tuple[str, str, str]]:
    path = request.getfixturevalue("reference_article")
    text = path.read_text(encoding="utf-8")
    masked = clean(text).masked
    sentences = split_sentences(masked, "de")
    mentions = resolve_document(masked, sentences, gazetteer_for("de"), PUBLISHED)
    opening = {s.index: s.text for s in sentences}
    return {(opening[m.sentence_index], m.text, m.actor.code if m.actor else "") for m in mentions}


@pytest.fixture(scope="module")
def reference_article():
    from .conftest import REFERENCE

    if not REFERENCE.is_file():
        pytest.skip("../shared/examples is not beside the repository")
    return REFERENCE


@pytest.mark.parametrize(("opening", "mention", "code"), EXPECTED)
def test_reference_mention(
    found: set[tuple[str, str, str]], opening: str, mention: str, code: str
) -> None:
    matches = [
        (text, got)
        for sentence, text, got in found
        if sentence.startswith(opening) and text.startswith(mention)
    ]
    assert (mention, code) in [(mention, got) for text, got in matches], matches


def test_no_wrong_country_in_the_reference(found: set[tuple[str, str, str]]) -> None:
    """No mention in the article resolves to a state the article is not about."""
    countries = {code[:3] for _, _, code in found if code}
    assert countries <= {"PRK", "IRN", "KOR", "USA", "RUS", "UKR", "CHN", "IGO"}
