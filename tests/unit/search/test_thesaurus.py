"""Reading the vocabulary files of catalog/."""
import pytest

from dmp_library.search.thesaurus import CATALOG_DIR, read_thesaurus, stem


@pytest.fixture
def catalog_dir(tmp_path):
    (tmp_path / "stopwords.txt").write_text("# common words\nle la de l\nà\n", encoding="utf-8")
    return tmp_path


def concept(thesaurus, *words):
    return thesaurus.concepts[tuple(stem(word) for word in words)]


def test_equivalents_share_one_concept_named_by_the_first(catalog_dir):
    (catalog_dir / "terms.txt").write_text(
        "HTA = hypertension artérielle  # comment\n\n# a comment line\n", encoding="utf-8")
    thesaurus = read_thesaurus(catalog_dir)
    assert concept(thesaurus, "hta") is concept(thesaurus, "hypertension", "arterielle")
    assert concept(thesaurus, "hta").word == "hta"
    assert thesaurus.longest == 2


def test_terms_are_compared_folded_without_stop_words_and_stemmed(catalog_dir):
    (catalog_dir / "terms.txt").write_text("FO = Fond de l'Œil\n", encoding="utf-8")
    thesaurus = read_thesaurus(catalog_dir)
    assert concept(thesaurus, "fonds", "oeil").word == "fo"


def test_lines_naming_a_known_term_extend_its_concept(catalog_dir):
    (catalog_dir / "a.txt").write_text("AVK = antivitamine K\n", encoding="utf-8")
    (catalog_dir / "b.txt").write_text("warfarine => AVK\nantivitamine K = anti-vitamine K "
                                       "=> anticoagulant\n", encoding="utf-8")
    thesaurus = read_thesaurus(catalog_dir)
    avk = concept(thesaurus, "avk")
    assert concept(thesaurus, "anti", "vitamine", "k") is avk
    assert avk.broader_words == ("anticoagulant",)
    assert concept(thesaurus, "warfarine").broader_words == ("anticoagulant", "avk")


def test_broader_concepts_are_followed_transitively_without_looping(catalog_dir):
    (catalog_dir / "terms.txt").write_text("a1 => b1\nb1 => c1\nc1 => a1\n", encoding="utf-8")
    thesaurus = read_thesaurus(catalog_dir)
    assert concept(thesaurus, "a1").broader_words == ("b1", "c1")


def test_a_term_of_stop_words_only_is_an_error_naming_its_file(catalog_dir):
    (catalog_dir / "terms.txt").write_text("HTA = de la\n", encoding="utf-8")
    with pytest.raises(ValueError, match="terms.txt.*'de la'"):
        read_thesaurus(catalog_dir)


def test_the_catalog_of_the_repository_reads_and_has_the_issue_examples():
    thesaurus = read_thesaurus(CATALOG_DIR)
    assert "le" in thesaurus.stopwords and "ete" in thesaurus.stopwords  # folded
    for abbreviation, expansion in [("hta", ("hypertension", "arterielle")),
                                    ("hba1c", ("hemoglobine", "glyquee"))]:
        assert concept(thesaurus, abbreviation) is concept(thesaurus, *expansion)
    for abbreviation in ("dt2", "irm", "ecg", "fa", "avk", "nfs"):
        assert concept(thesaurus, abbreviation).word == abbreviation
