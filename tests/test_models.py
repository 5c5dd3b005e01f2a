"""The committed pipelines load quickly and parse simple clauses the way UD does."""

from __future__ import annotations

import pytest

from diplowatch.parse import joined_lemma, load_pipeline
from diplowatch.roles import arguments


@pytest.mark.parametrize("lang", ["de", "en"])
def test_pipeline_has_its_components(lang: str) -> None:
    """Load time is measured by `make parse-eval`, not asserted in a timed test."""
    nlp = load_pipeline(lang)
    assert {"tagger", "morphologizer", "parser", "trainable_lemmatizer"} <= set(nlp.pipe_names)
    assert ("diplowatch_hanta_lemmas" in nlp.pipe_names) == (lang == "de")


@pytest.mark.parametrize(
    ("sentence", "verb", "lemma"),
    [
        ("Polen weist zwei russische Diplomaten aus.", "weist", "ausweisen"),
        ("Der Minister teilte das am Montag mit.", "teilte", "mitteilen"),
        ("Litauen rief seinen Botschafter zurück.", "rief", "zurückrufen"),
    ],
)
def test_german_separable_verbs_are_joined(sentence: str, verb: str, lemma: str) -> None:
    doc = load_pipeline("de")(sentence)
    assert joined_lemma(next(t for t in doc if t.text == verb)) == lemma


def test_german_clause_roles() -> None:
    doc = load_pipeline("de")("Polen weist zwei russische Diplomaten aus.")
    verb = next(t for t in doc if t.text == "weist")
    found = {(a.role, a.token.text) for a in arguments(verb)}
    assert ("subject", "Polen") in found and ("object", "Diplomaten") in found


def test_english_clause_roles() -> None:
    doc = load_pipeline("en")("The Kenyan president visited Ethiopia on Monday.")
    verb = next(t for t in doc if t.text == "visited")
    found = {(a.role, a.token.text) for a in arguments(verb)}
    assert ("subject", "president") in found and ("object", "Ethiopia") in found


def _events(text: str, lang: str) -> list:
    from diplowatch.model import Document
    from diplowatch.pipeline import code_document

    return code_document(Document(doc_id="t", text=text, origin="t", lang=lang)).events


def coded(text: str, lang: str) -> set[tuple[str, str, str, str]]:
    """(source, code, target, engine) of every event: the engine is frame or position."""
    return {
        (e.source.actor.code, e.cameo, e.target.actor.code, e.rule.split(".")[0])
        for e in _events(text, lang)
    }


def test_object_first_german_clause_is_coded_by_roles() -> None:
    assert coded("Den ungarischen Außenminister empfing gestern Wien.", "de") == {
        ("AUTGOV", "043", "HUNGOV", "frame")
    }


def test_passive_agent_is_the_source() -> None:
    assert ("CHNOPP", "190", "JPNGOV", "frame") in coded(
        "The Japanese consulate was attacked by Chinese protesters.", "en"
    )
    assert ("SRB", "111", "XKX", "frame") in coded("Kosovo wurde von Serbien kritisiert.", "de")


def test_negation_attached_to_the_trigger_cancels_it_however_far() -> None:
    assert (
        coded("Den litauischen Präsidenten traf der polnische Minister am Abend nicht.", "de")
        == set()
    )
    assert ("POLGOV", "040", "LTUGOV", "frame") in coded(
        "Der polnische Minister traf den litauischen Präsidenten am Abend.", "de"
    )


def alleged(text: str, lang: str) -> set[tuple[str, str, str, bool]]:
    """(source, code, target, alleged) of every event."""
    return {
        (e.source.actor.code, e.cameo, e.target.actor.code, e.alleged) for e in _events(text, lang)
    }


def test_accusation_without_a_named_accuser_codes_only_the_alleged_act() -> None:
    assert alleged(
        "Ungarn wird vorgeworfen, dem serbischen Militär Waffen geliefert zu haben.", "de"
    ) == {("HUN", "072", "SRBMIL", True)}
    # without articles the small German parser loses the dative; no accusation is made up
    bare = alleged("Ungarn wird vorgeworfen, Serbien Waffen geliefert zu haben.", "de")
    assert not any(cameo == "112" for _, cameo, _, _ in bare)
    assert alleged("Iran is accused of supplying Yemen with missiles.", "en") == {
        ("IRN", "072", "YEM", True)
    }


def test_named_accuser_and_allegation_words() -> None:
    assert ("LTU", "112", "BLR", False) in alleged(
        "Litauen warf Belarus vor, die Grenze zu gefährden.", "de"
    )
    assert alleged("Chad allegedly attacked Sudan.", "en") == {("TCD", "190", "SDN", True)}
    assert alleged("Chad attacked Sudan.", "en") == {("TCD", "190", "SDN", False)}


def test_the_dative_of_an_accusation_supplies_what_the_infinitive_says() -> None:
    # "haben" makes the infinitive active whatever the parser labels its noun phrases
    assert ("TCD", "072", "SDN", True) in alleged(
        "Dem Tschad wird vorgeworfen, dem Sudan Raketen geliefert zu haben.", "de"
    )


def test_pronoun_subjects_and_subjects_of_for_gerunds() -> None:
    assert ("PAKGOV", "042", "CHN", False) in alleged(
        "Pakistans Premierminister landete in Peking. Er besuchte China zum dritten Mal.", "de"
    )
    # the object of "praised" is who sends: "praised X for sending"
    assert ("BRA", "070", "HTI", False) in alleged(
        "Japan praised Brazil for sending aid to Haiti.", "en"
    )


def test_someone_elses_wish_is_no_act_and_a_support_noun_no_event_of_its_own() -> None:
    assert alleged("Paris wants Rome to impose an embargo on Damascus.", "en") == set()
    # the verb's frame codes "imposed ... sanctions on": the noun adds no second event
    assert alleged("Canada imposed new sanctions on Iran on Friday.", "en") == {
        ("CAN", "163", "IRN", False)
    }


def test_undone_called_off_and_requested_acts_are_not_coded_as_done() -> None:
    # the undoing verb's own frame codes easing (08); the sanctions are no new 163
    assert alleged("Washington lifted its sanctions on Venezuela.", "en") == {
        ("USAGOV", "085", "VEN", False)
    }
    assert alleged("Die EU hob die Sanktionen gegen Belarus auf.", "de") == {
        ("IGOEUREEC", "085", "BLR", False)
    }
    assert alleged("The Turkish foreign minister's visit to Athens was postponed.", "en") == set()
    assert (
        alleged("Der Besuch des indischen Premierministers in Peking wurde verschoben.", "de")
        == set()
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # travellers named by where they come from ("aus"), when the subject is no actor
        ("Eine Delegation aus Hanoi ist am Montag nach Kuba ausgeflogen.", ("VNMGOV", "042", "CUB", False)),
        ("Die Delegation aus Ankara reiste am Sonntag nach Baku.", ("TURGOV", "042", "AZEGOV", False)),
        # officials sent are a visit (the diplomats theme), not troops
        ("Japan entsandte am Freitag hohe Beamte nach Seoul.", ("JPN", "042", "KORGOV", False)),
        # "militärische Ausrüstung" is the weapons theme; the supplied may be parsed as dative
        ("Algerien wurde vorgeworfen, Mali mit militärischer Ausrüstung versorgt zu haben.",
         ("DZA", "072", "MLI", True)),
    ],
)  # fmt: skip
def test_german_travel_sending_and_supply_frames(text: str, expected: tuple) -> None:
    assert expected in alleged(text, "de")


def test_a_reported_clause_is_coded_and_its_reporter_is_no_actor_of_it() -> None:
    # the act is the news, coded as the main clause; who reports it is neither side
    assert coded(
        "A court in Peru has issued an arrest warrant for a Chilean businessman, Bolivian"
        " police said on Tuesday.",
        "en",
    ) == {("PER", "173", "CHLBUS", "position")}


def test_a_reported_future_is_a_stated_intention_of_the_reporter() -> None:
    # "said it would": a future in the past, and "it" is who said it
    assert alleged("Norway announced it would send medical aid to Sudan.", "en") == {
        ("NOR", "033", "SDN", False)
    }
    assert alleged("Die Türkei teilte mit, sie werde Truppen nach Libyen entsenden.", "de") == {
        ("TUR", "033", "LBY", False)
    }
    assert alleged("Norway would send medical aid to Sudan.", "en") == set()


def test_a_finite_verb_hung_on_a_noun_takes_the_noun_phrase_as_subject() -> None:
    # the parser reads "relations [landed in Baku]"; a finite verb is no reduced relative
    assert coded(
        "Egypt's minister of external economic relations landed in Baku on Monday at the head"
        " of a delegation.",
        "en",
    ) == {("EGYGOV", "042", "AZEGOV", "frame")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Der Staatsbesuch des chinesischen Präsidenten in Serbien begann am Montag.",
         ("CHNGOV", "042", "SRB", False)),
        ("Die Friedensverhandlungen zwischen Armenien und Aserbaidschan begannen am Montag.",
         ("ARM", "046", "AZE", False)),
    ],
)  # fmt: skip
def test_german_compounds_take_the_frames_of_their_head(text: str, expected: tuple) -> None:
    # the head is analysed only for words that hold a frame lemma (coding speed)
    from diplowatch.frames import frames_for

    frames = frames_for("de")
    assert frames.contains_lemma("Staatsbesuch") and not frames.contains_lemma("Hausmeister")
    assert expected in alleged(text, "de")
