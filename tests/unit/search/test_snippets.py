"""Highlights: found words in <mark>, everything else escaped."""
from dmp_library.search.analysis import french_analyzer
from dmp_library.search.snippets import SNIPPET_CHARS, snippet_html, title_html


def terms(query):
    return {token.text for token in french_analyzer()(query, mode="query")}


def test_found_words_are_marked_in_any_form():
    html = snippet_html("La glycémie était élevée ; glycémies à jeun suivies.", terms("glycemie"))
    assert html == ("La <mark>glycémie</mark> était élevée ; <mark>glycémies</mark> à jeun "
                    "suivies.")


def test_everything_else_is_escaped():
    html = snippet_html('<script>alert("x")</script> & diabète <b>', terms("diabète"))
    assert html == '&lt;script&gt;alert("x")&lt;/script&gt; &amp; <mark>diabète</mark> &lt;b&gt;'


def test_a_concept_is_marked_whole_by_its_abbreviation():
    html = snippet_html("Suivi d'une hypertension artérielle ancienne.", terms("HTA"))
    assert "<mark>hypertension artérielle</mark>" in html


def test_long_texts_give_short_passages_around_the_words_found():
    text = ("Début sans intérêt. " * 40 + "Potassium à 5,4 mmol/L. " + "Suite banale. " * 40
            + "Kaliémie contrôlée.")
    html = snippet_html(text, terms("kaliemie"))
    assert html.startswith("… ") and html.count(" … ") == 1
    assert "<mark>Potassium</mark>" in html and "<mark>Kaliémie</mark>" in html
    assert len(html.replace("<mark>", "").replace("</mark>", "")) <= SNIPPET_CHARS + 20


def test_without_a_word_found_the_snippet_is_the_start_of_the_text():
    html = snippet_html("Compte rendu & résultats. " * 30, terms("glycémie"))
    assert html.startswith("Compte rendu &amp; résultats.") and html.endswith(" …")
    assert "<mark>" not in html


def test_no_text_no_snippet():
    assert snippet_html(None, terms("glycémie")) == ""


def test_titles_are_whole_escaped_and_marked():
    assert title_html("IRM du genou <gauche>", terms("IRM")) == (
        "<mark>IRM</mark> du genou &lt;gauche&gt;")
