"""The French analyzer: what a word is indexed as, and what a query looks for."""
import pytest

from dmp_library.search.analysis import BROADER_WEIGHT, french_analyzer, indexed_terms
from dmp_library.search.extraction import extract

from ...conftest import CORPUS, corpus


def index_terms(text):
    return [token.text for token in french_analyzer()(text, mode="index")]


def query_terms(text, expand=True):
    return [token.text for token in french_analyzer()(text, mode="query", expand=expand)]


def finds(query, text):
    """Whether every term ``query`` looks for is indexed for ``text``."""
    return set(query_terms(query)) <= set(index_terms(text)) and query_terms(query) != []


@pytest.mark.parametrize("typed, written", [
    ("glycemie", "glycémie"),
    ("GLYCÉMIE", "glycemie"),
    ("creatinine", "Créatinine"),
    ("oeil", "œil"),
    ("Oedème", "œdème"),
])
def test_accents_and_ligatures_do_not_matter_either_way(typed, written):
    """A word typed with or without accents finds it written either way."""
    assert finds(typed, written)
    assert finds(written, typed)


@pytest.mark.parametrize("one, other", [
    ("diabète", "diabétique"),
    ("fracture", "fractures"),
    ("échographie", "échographies"),
    ("allergie", "allergiques"),
    ("vaccin", "vaccination"),
])
def test_french_stemming_joins_forms_of_a_word(one, other):
    assert finds(one, other)
    assert finds(other, one)


def test_apostrophes_split_words_and_elisions_are_stop_words():
    assert index_terms("l'urticaire d'un patient qu'on suit") == ["urticair", "patient", "suit"]


def test_stop_words_are_left_out():
    assert index_terms("Le diabète de la patiente et son traitement") == [
        "diabet", "patient", "trait"]
    assert query_terms("le la les de des") == []


def test_numbers_are_kept():
    """A dosage or a questionnaire's number can be searched (single digits too)."""
    assert index_terms("PHQ-9 à 14") == ["phq", "9", "14"]


@pytest.mark.parametrize("abbreviation, expansion", [
    ("HTA", "hypertension artérielle"),
    ("HbA1c", "hémoglobine glyquée"),
    ("DT2", "diabète de type 2"),
    ("IRM", "imagerie par résonance magnétique"),
    ("ECG", "électrocardiogramme"),
    ("FA", "fibrillation atriale"),
    ("AVK", "antivitamine K"),
    ("NFS", "numération formule sanguine"),
])
def test_an_abbreviation_and_its_expansion_are_one_concept(abbreviation, expansion):
    """Either, typed, looks for the concept; either, written, is indexed under it."""
    concept = query_terms(abbreviation)
    assert len(concept) == 1
    assert query_terms(expansion) == concept
    assert concept[0] in index_terms(expansion)
    assert concept[0] in index_terms(abbreviation)


def test_an_expansion_keeps_its_own_words_too():
    """"hypertension" alone still finds "hypertension artérielle"."""
    assert set(query_terms("hypertension")) <= set(index_terms("hypertension artérielle"))


def test_inflected_expansions_are_recognised():
    assert query_terms("hypertensions artérielles") == query_terms("HTA")


def test_a_longer_term_wins_over_its_first_word():
    """"hémoglobine glyquée" is HbA1c, not "hémoglobine" (which would mean anaemia too)."""
    assert query_terms("anémie")[0] not in index_terms("hémoglobine glyquée")
    assert query_terms("anémie")[0] in index_terms("hémoglobine")


def test_brand_names_and_dci_are_one_concept():
    assert query_terms("Coumadine") == query_terms("warfarine")
    assert query_terms("warfarine")[0] in index_terms("COUMADINE 2 mg")


def test_a_broader_concept_finds_narrower_ones_but_ranks_them_lower():
    """A search for "anticoagulant" finds "warfarine"; one for "warfarine" does not find
    every anticoagulant."""
    tokens = {token.text: token.boost
              for token in french_analyzer()("warfarine", mode="index", boosts=True)}
    anticoagulant = query_terms("anticoagulant")[0]
    assert tokens[anticoagulant] == BROADER_WEIGHT < tokens[query_terms("warfarine")[0]]
    assert query_terms("warfarine") != query_terms("anticoagulant")
    assert query_terms("warfarine")[0] not in index_terms("anticoagulant")


def test_a_quoted_phrase_keeps_its_words():
    assert query_terms("hypertension artérielle", expand=False) == ["hypertens", "arteriel"]


def test_concept_tokens_span_the_words_that_name_them():
    """Highlights mark "hypertension artérielle" whole for a search of HTA."""
    text = "Une hypertension artérielle ancienne"
    spans = {(token.text, text[token.startchar:token.endchar])
             for token in french_analyzer()(text, mode="index", chars=True)}
    assert (query_terms("HTA")[0], "hypertension artérielle") in spans


def test_fast_indexed_terms_match_the_analyzer_on_the_whole_corpus():
    """``indexed_terms`` (used for snippets) must say exactly what the index records."""
    analyzer = french_analyzer()
    for entry in corpus("documents"):
        data = (CORPUS / entry["file_name"]).read_bytes()
        text = entry["title"] + "\n" + extract(data, entry["mime_type"]).text
        expected = {(token.text, token.startchar, token.endchar)
                    for token in analyzer(text, mode="index", chars=True)}
        assert set(indexed_terms(text)) == expected, entry["id"]
