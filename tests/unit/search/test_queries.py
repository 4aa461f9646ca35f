"""Parsing what people type: the queries built, and a helpful message instead of an error."""
import pytest
from whoosh.query import And, AndNot, Or, Phrase, Prefix, Term

from dmp_library.search.queries import MAX_TERMS, QueryError, parse_query


def message(text):
    with pytest.raises(QueryError) as error:
        parse_query(text)
    return error.value.message


def words(query):
    return {text for _field, text in query.iter_all_terms()}


def test_words_are_all_required_in_title_or_text():
    query = parse_query("glycémie jeun").query
    assert query == And([Or([Term("title", "glycem"), Term("text", "glycem")]),
                         Or([Term("title", "jeun"), Term("text", "jeun")])])


def test_words_typed_together_make_one_term_of_the_thesaurus():
    assert parse_query("hypertension artérielle").query == parse_query("HTA").query


def test_quoted_words_are_a_phrase_of_their_own_words():
    query = parse_query('"insuffisance rénale"').query
    assert query == Or([Phrase("title", ["insuffis", "renal"]),
                        Phrase("text", ["insuffis", "renal"])])


def test_a_star_looks_for_words_starting_with_what_comes_before_it():
    query = parse_query("cardio*").query
    assert query == Or([Prefix("title", "cardio"), Prefix("text", "cardio")])


def test_a_prefix_also_looks_for_its_stem():
    """The index holds stems: "diabétique*" must find "diabet"."""
    prefixes = {leaf.text for leaf in parse_query("diabétique*").query.leaves()}
    assert prefixes == {"diabetique", "diabet"}


def test_or_joins_alternatives_and_not_leaves_out():
    query = parse_query("asthme OR allergie -tabac").query
    assert isinstance(query, AndNot)
    assert words(query.a) == {"asthme", "allerg"}
    assert isinstance(query.a, Or)
    assert words(query.b) == {"tabac"}
    assert parse_query("asthme OU allergie SAUF tabac").query == query
    assert parse_query("asthme OR allergie NOT tabac").query == query


def test_and_may_be_written():
    assert parse_query("diabète AND grossesse").query == parse_query("diabète grossesse").query
    assert parse_query("diabète ET grossesse").query == parse_query("diabète grossesse").query


def test_stop_words_around_real_words_are_dropped():
    assert parse_query("le diabète de la patiente").query == parse_query("diabète patiente").query


def test_the_positive_part_is_kept_for_highlighting():
    parsed = parse_query("asthme -tabac")
    assert words(parsed.positive) == {"asthme"}


def test_lower_case_operator_words_are_plain_words():
    """"ou" and "et" are French stop words, not operators, unless typed in capitals."""
    assert parse_query("asthme ou allergie").query == parse_query("asthme allergie").query


@pytest.mark.parametrize("text", ["", "   ", "(( ))", ",;"])
def test_an_empty_query_asks_for_words(text):
    assert message(text) == "Type one or more words to search for."


@pytest.mark.parametrize("text", ["le la les", "de l'", '"le la"', "et ou"])
def test_a_query_of_common_words_only_asks_for_a_more_specific_word(text):
    assert message(text) == "These words are too common to search for: add a more specific word."


@pytest.mark.parametrize("text", ['"insuffisance rénale', 'HTA "', '"a" "b'])
def test_unbalanced_quotes_ask_to_close_or_remove_them(text):
    assert message(text).startswith("A quotation mark is not closed")


@pytest.mark.parametrize("text, operator", [
    ("OR asthme", "OR"), ("asthme OR", "OR"), ("asthme OR OR allergie", "OR"),
    ("AND asthme", "AND"), ("asthme AND", "AND"), ("asthme OU", "OU"),
    ("asthme OR AND allergie", "AND"),
])
def test_a_binary_operator_out_of_place_is_explained(text, operator):
    error = message(text)
    assert error == "${operator} must stand between two words, for example: asthme " \
                    "${operator} allergie."
    assert error.mapping == {"operator": operator}


@pytest.mark.parametrize("text, operator", [
    ("diabète NOT", "NOT"), ("diabète -", "-"), ("NOT OR diabète", "NOT"),
    ("diabète SAUF", "SAUF"), ("NOT NOT diabète", "NOT"),
])
def test_a_negation_without_its_word_is_explained(text, operator):
    error = message(text)
    assert error.startswith("${operator} must come just before a word to leave out")
    assert error.mapping == {"operator": operator}


@pytest.mark.parametrize("text", ["*", "cardio *", "*cardio"])
def test_a_stray_star_is_explained(text):
    assert message(text).startswith("* must end a word")


def test_only_exclusions_ask_for_a_word_to_look_for():
    assert message("-diabète NOT asthme") == (
        "Add a word to look for: a search cannot only leave words out.")


def test_a_short_prefix_asks_for_more_letters():
    error = message("ca*")
    assert error == "Type at least ${count} letters before *."
    assert error.mapping == {"count": 3}


def test_a_very_long_query_is_refused_politely():
    assert message(" ".join("mot%d" % n for n in range(MAX_TERMS + 1))).startswith(
        "This search is too long")
    assert message("x" * 501).startswith("This search is too long")


def test_messages_are_translation_strings_of_the_application():
    assert message("").domain == "dmp_library"
