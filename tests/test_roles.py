"""Grammatical roles on hand-built UD trees (independent of any trained parser)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from diplowatch.roles import arguments, clause_subject


def tree(lang: str, rows: list[tuple[str, int, str, str]]) -> Doc:
    """A Doc from (word, head index, relation, morphology) rows; a root points at itself."""
    words, heads, deps, morphs = zip(*rows, strict=True)
    return Doc(spacy.blank(lang).vocab, words=list(words), heads=list(heads), deps=list(deps),
               morphs=list(morphs))  # fmt: skip


def roles(predicate) -> set[tuple[str, str, str | None]]:
    return {(a.role, a.token.text, a.marker) for a in arguments(predicate)}


def test_german_verb_second_with_object_after_the_subject() -> None:
    doc = tree("de", [
        ("Am", 1, "case", ""), ("Montag", 2, "obl", ""), ("empfing", 2, "ROOT", ""),
        ("Ankara", 2, "nsubj", "Case=Nom"), ("den", 6, "det", ""), ("schwedischen", 6, "amod", ""),
        ("Außenminister", 2, "obj", "Case=Acc"),
    ])  # fmt: skip
    assert roles(doc[2]) == {("oblique", "Montag", "am"), ("subject", "Ankara", None),
                             ("object", "Außenminister", None)}  # fmt: skip
    [obj] = [a for a in arguments(doc[2]) if a.role == "object"]
    assert obj.case == "Acc" and doc.text[obj.start : obj.end] == "den schwedischen Außenminister"


def test_passive_accusation_hands_the_dative_to_the_zu_clause() -> None:
    doc = tree("de", [
        ("Der", 1, "det", ""), ("Türkei", 3, "iobj", "Case=Dat"), ("wurde", 3, "aux:pass", ""),
        ("vorgeworfen", 3, "ROOT", ""), (",", 8, "punct", ""), ("Kämpfer", 8, "obj", "Case=Acc"),
        ("nach", 7, "case", ""), ("Libyen", 8, "obl", "Case=Dat"), ("geschickt", 3, "xcomp", ""),
        ("zu", 10, "mark", ""), ("haben", 8, "aux", ""),
    ])  # fmt: skip
    assert ("indirect", "Türkei", None) in roles(doc[3])
    assert roles(doc[8]) >= {("object", "Kämpfer", None), ("oblique", "Libyen", "nach"),
                             ("subject", "Türkei", None)}  # fmt: skip
    assert clause_subject(doc[8]).text == "Türkei"


def test_coordinated_subjects_each_fill_the_role() -> None:
    doc = tree("en", [
        ("Tehran", 3, "nsubj", ""), ("and", 2, "cc", ""), ("Pyongyang", 0, "conj", ""),
        ("supplied", 3, "ROOT", ""), ("Moscow", 3, "obj", ""), ("with", 6, "case", ""),
        ("drones", 3, "obl", ""),
    ])  # fmt: skip
    assert roles(doc[3]) == {("subject", "Tehran", None), ("subject", "Pyongyang", None),
                             ("object", "Moscow", None), ("oblique", "drones", "with")}  # fmt: skip


def test_passive_agents_in_both_languages() -> None:
    english = tree("en", [
        ("The", 1, "det", ""), ("embassy", 3, "nsubj:pass", ""), ("was", 3, "aux:pass", ""),
        ("attacked", 3, "ROOT", ""), ("by", 5, "case", ""), ("protesters", 3, "obl:agent", ""),
    ])  # fmt: skip
    assert roles(english[3]) == {("patient", "embassy", None), ("agent", "protesters", "by")}
    german = tree("de", [
        ("Die", 1, "det", ""), ("Botschaft", 5, "nsubj:pass", ""), ("wurde", 5, "aux:pass", ""),
        ("von", 4, "case", ""), ("Demonstranten", 5, "obl", ""), ("gestürmt", 5, "ROOT", ""),
    ])  # fmt: skip
    assert roles(german[5]) == {("patient", "Botschaft", None), ("agent", "Demonstranten", "von")}


def test_apposition_is_not_a_second_argument() -> None:
    doc = tree("en", [
        ("Seoul", 1, "nsubj", ""), ("criticised", 1, "ROOT", ""), ("the", 3, "det", ""),
        ("minister", 1, "obj", ""), (",", 5, "punct", ""), ("Ri", 3, "appos", ""),
    ])  # fmt: skip
    assert roles(doc[1]) == {("subject", "Seoul", None), ("object", "minister", None)}


def test_non_nominative_article_repairs_an_object_first_parse() -> None:
    from diplowatch.roles import corrected

    # the parser took the fronted object for the subject
    wrong = tree("de", [
        ("Einen", 1, "det", ""), ("Vermittler", 2, "nsubj", ""), ("schickte", 2, "ROOT", ""),
        ("Katar", 2, "obj", ""),
    ])  # fmt: skip
    fixed = {(a.role, a.token.text) for a in corrected(arguments(wrong[2]), "de")}
    assert fixed == {("object", "Vermittler"), ("subject", "Katar")}
    right = tree("de", [
        ("Katar", 1, "nsubj", ""), ("schickte", 1, "ROOT", ""), ("einen", 3, "det", ""),
        ("Vermittler", 1, "obj", ""),
    ])  # fmt: skip
    assert {(a.role, a.token.text) for a in corrected(arguments(right[1]), "de")} == {
        ("subject", "Katar"), ("object", "Vermittler"),
    }  # fmt: skip
    assert corrected(arguments(wrong[2]), "en") == arguments(wrong[2])
