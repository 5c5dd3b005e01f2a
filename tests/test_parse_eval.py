"""Reading CoNLL-U gold and joining separable-verb lemmas (no trained model needed)."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.tokens import Doc

from diplowatch.parse import joined_lemma
from diplowatch.parse_eval import read_conllu

CONLLU = """# sent_id = t1
# text = Die Regierung teilte das am Montag mit.
1\tDie\tder\tDET\t_\t_\t2\tdet\t_\t_
2\tRegierung\tRegierung\tNOUN\t_\t_\t3\tnsubj\t_\t_
3\tteilte\tteilen\tVERB\t_\t_\t0\troot\t_\t_
4\tdas\tder\tPRON\t_\t_\t3\tobj\t_\t_
5-6\tam\t_\t_\t_\t_\t_\t_\t_\t_
5\tan\tan\tADP\t_\t_\t7\tcase\t_\t_
6\tdem\tder\tDET\t_\t_\t7\tdet\t_\t_
7\tMontag\tMontag\tNOUN\t_\t_\t3\tobl:tmod\t_\t_
8\tmit\tmit\tADP\t_\t_\t3\tcompound:prt\t_\t_
9\t.\t.\tPUNCT\t_\t_\t3\tpunct\t_\t_
"""


def test_read_conllu_keeps_syntactic_words_and_joins_particles(tmp_path: Path) -> None:
    path = tmp_path / "t.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    [sentence] = read_conllu(path)
    assert sentence.text == "Die Regierung teilte das am Montag mit."
    assert sentence.words == [
        "Die",
        "Regierung",
        "teilte",
        "das",
        "an",
        "dem",
        "Montag",
        "mit",
        ".",
    ]
    assert sentence.heads[2] == 0 and sentence.deps[6] == "obl"
    assert sentence.lemmas[2] == "mitteilen"


def test_joined_lemma_on_a_parsed_tree() -> None:
    vocab = spacy.blank("de").vocab
    doc = Doc(vocab, words=["Kiew", "flog", "die", "Diplomaten", "aus"], heads=[1, 1, 3, 1, 1],
              deps=["nsubj", "ROOT", "det", "obj", "compound:prt"],
              lemmas=["Kiew", "fliegen", "der", "Diplomat", "aus"])  # fmt: skip
    assert joined_lemma(doc[1]) == "ausfliegen"
    assert joined_lemma(doc[3]) == "Diplomat"


def test_german_compound_heads() -> None:
    from diplowatch.parse import compound_head, hanta_lemma

    assert compound_head("Handelsdelegation") == "Delegation"
    assert compound_head("Raketenangriffe") == "Angriff"
    assert compound_head("Regierung") == "Regierung"
    assert hanta_lemma("vereinbarten", "VERB") == "vereinbaren"
    assert hanta_lemma("Delegationen", "NOUN") == "Delegation"
