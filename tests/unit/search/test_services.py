"""Searching a dossier: access first, then filters, facets, sorting, pages and highlights."""
import datetime

import pytest

from dmp_library.clock import utcnow
from dmp_library.search.queries import QueryError
from dmp_library.search.services import (
    SORT_DATE,
    Filters,
    SearchRefused,
    reindex_dossier,
    search,
)
from dmp_library.workflows.services import force_state

from ...conftest import (
    GP_RPPS,
    LAB_RPPS,
    MASKED_PATIENT_NIR,
    OUTSIDER_RPPS,
    PATIENT_NIR,
    SPECIALIST_RPPS,
)
from .conftest import access_of, dossier_of, file_document


def run(root, nir, login, text, **options):
    dossier = dossier_of(root, nir)
    return search(dossier, access_of(root, dossier, login), text, **options)


def ids(results):
    return {hit.external_id for hit in results.hits}


def test_a_search_finds_documents_by_their_text_with_highlights(root):
    results = run(root, PATIENT_NIR, GP_RPPS, "metformine")
    assert {"doc-d01-04", "doc-d01-08"} <= ids(results)
    hit = next(hit for hit in results.hits if hit.external_id == "doc-d01-08")
    assert "<mark>METFORMINE</mark>" in hit.snippet_html
    assert hit.document.external_id == "doc-d01-08"
    assert "document" not in hit.to_json() and hit.to_json()["id"] == hit.id


def test_facets_and_counts_are_computed_on_what_the_person_may_see(root):
    """The same query in Antoine Royer's dossier: his médecin traitant sees the masked
    psychiatric documents, the biologist does not, and no count gives them away."""
    everything = run(root, MASKED_PATIENT_NIR, GP_RPPS, "sertraline", page_size=100)
    seen_by_lab = run(root, MASKED_PATIENT_NIR, LAB_RPPS, "sertraline", page_size=100)
    masked = {hit.external_id for hit in everything.hits if "masked" in hit.document.visibility}
    assert masked and not masked & ids(seen_by_lab)
    assert ids(seen_by_lab) == ids(everything) - masked
    for results in (everything, seen_by_lab):
        assert results.total == len(results.hits)
        documents = [hit.document for hit in results.hits]
        for name, attribute in (("category", "category"), ("type", "type_code")):
            counts = {value.value: value.count for value in results.facets[name]}
            expected = {}
            for document in documents:
                key = getattr(document, attribute)
                expected[key] = expected.get(key, 0) + 1
            assert counts == expected
        years = {value.value: value.count for value in results.facets["year"]}
        assert sum(years.values()) == results.total
        authors = {value.label for value in results.facets["author"]}
        assert authors == {document.author_name for document in documents}
    assert "Dr François THIBAULT" not in {v.label for v in seen_by_lab.facets["author"]}


def test_filters_narrow_results_and_facets(root):
    results = run(root, PATIENT_NIR, GP_RPPS, "glycémie", page_size=100)
    labs = run(root, PATIENT_NIR, GP_RPPS, "glycémie", page_size=100,
               filters=Filters(category="biologie"))
    assert labs.total == sum(v.count for v in results.facets["category"] if v.value == "biologie")
    assert {v.value for v in labs.facets["category"]} == {"biologie"}
    year = run(root, PATIENT_NIR, GP_RPPS, "glycémie", page_size=100,
               filters=Filters(date_from=datetime.date(2023, 1, 1),
                               date_to=datetime.date(2023, 12, 31)))
    assert year.total and {hit.date[:4] for hit in year.hits} == {"2023"}
    author = results.facets["author"][0]
    by_author = run(root, PATIENT_NIR, GP_RPPS, "glycémie", filters=Filters(author=author.value))
    assert by_author.total == author.count
    several = run(root, PATIENT_NIR, GP_RPPS, "glycémie",
                  filters=Filters(category={"biologie", "syntheses"}))
    assert {v.value for v in several.facets["category"]} <= {"biologie", "syntheses"}


def test_since_keeps_documents_added_after_a_time(site, root):
    """"Since my last visit": documents added to the dossier after the given time."""
    dossier = dossier_of(root, PATIENT_NIR)
    last_visit = utcnow()
    file_document(site, root, dossier, SPECIALIST_RPPS, "Glycémie à jeun 1,02 g/L".encode())
    access = access_of(root, dossier, SPECIALIST_RPPS)
    assert search(dossier, access, "glycémie").total > 1
    since = search(dossier, access, "glycémie", filters=Filters(since=last_visit))
    assert [hit.title for hit in since.hits] == ["Compte rendu"]


def test_archived_documents_are_out_of_searches_unless_asked_for(root):
    dossier = dossier_of(root, PATIENT_NIR)
    document = root.__objectmap__.object_for(dossier.by_external_id["doc-d01-08"])
    force_state(document, "archived", "test")
    assert "doc-d01-08" not in ids(run(root, PATIENT_NIR, GP_RPPS, "metformine"))
    assert "doc-d01-08" in ids(run(root, PATIENT_NIR, GP_RPPS, "metformine",
                                   filters=Filters(archived=True)))


def test_sorting_by_date_and_paging(root):
    by_date = run(root, PATIENT_NIR, GP_RPPS, "diabète", sort=SORT_DATE, page_size=100)
    dates = [hit.date for hit in by_date.hits]
    assert dates == sorted(dates, reverse=True) and len(dates) > 4
    by_relevance = run(root, PATIENT_NIR, GP_RPPS, "diabète", page_size=100)
    scores = [hit.score for hit in by_relevance.hits]
    assert scores == sorted(scores, reverse=True)
    pages = [run(root, PATIENT_NIR, GP_RPPS, "diabète", sort=SORT_DATE, page=page, page_size=2)
             for page in (1, 2, 3)]
    assert [hit.date for page in pages for hit in page.hits] == dates[:6]
    assert all(page.total == by_date.total and page.pages == -(-by_date.total // 2)
               for page in pages)
    beyond = run(root, PATIENT_NIR, GP_RPPS, "diabète", page=99)
    assert beyond.hits == [] and beyond.total == by_date.total


def test_phrase_and_prefix_queries(root):
    phrase = run(root, PATIENT_NIR, GP_RPPS, '"fond d\'oeil"', page_size=100)
    assert "doc-d01-15" in ids(phrase)
    assert all("<mark>" in hit.snippet_html or "<mark>" in hit.title_html
               for hit in phrase.hits)
    prefix = run(root, PATIENT_NIR, GP_RPPS, "cardio*", page_size=100)
    assert "doc-d01-09" in ids(prefix)
    assert run(root, PATIENT_NIR, GP_RPPS, '"oeil fond"').total == 0


def test_a_person_who_may_not_search_is_refused(root):
    with pytest.raises(SearchRefused):
        run(root, PATIENT_NIR, OUTSIDER_RPPS, "diabète")


def test_a_query_that_cannot_run_says_why(root):
    with pytest.raises(QueryError):
        run(root, PATIENT_NIR, GP_RPPS, "le la")


def test_results_are_plain_data(root):
    results = run(root, PATIENT_NIR, GP_RPPS, "HbA1c")
    data = results.to_json()
    assert data["total"] == results.total and data["pages"] == results.pages
    assert set(data["facets"]) == {"category", "type", "author", "year"}
    assert set(data["hits"][0]) == {"id", "external_id", "title", "title_html", "snippet_html",
                                    "category", "type_code", "date", "author", "score",
                                    "text_status"}


def test_rebuilding_a_dossier_gives_the_same_answers(root):
    dossier = dossier_of(root, PATIENT_NIR)
    before = run(root, PATIENT_NIR, GP_RPPS, "HbA1c OR metformine", page_size=100)
    del dossier.fulltext_catalog
    assert run(root, PATIENT_NIR, GP_RPPS, "metformine").total == 0
    assert reindex_dossier(dossier) == 16
    after = run(root, PATIENT_NIR, GP_RPPS, "HbA1c OR metformine", page_size=100)
    assert ids(after) == ids(before)
