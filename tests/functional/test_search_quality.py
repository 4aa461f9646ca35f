"""Search quality on the development corpus, scanned documents read by OCR (issue point 7)."""
import statistics

import pytest

from dmp_library.search.evaluation import CUTOFF, ndcg
from dmp_library.search.extraction import TEXT_OCR
from dmp_library.search.jobs import pending, process_pending
from dmp_library.search.services import search
from dmp_library.security.accounts import find_account, principals_of
from dmp_library.security.policy import DossierAccess

from ..conftest import copy_site, corpus

MIN_NDCG = 0.85
PATIENTS = {patient["id"]: patient for patient in corpus("patients")}


@pytest.fixture(scope="session")
def searchable_corpus(corpus_template, tmp_path_factory):
    """The corpus with the text of its 8 scanned documents recognised, once per session."""
    path = tmp_path_factory.mktemp("searchable-corpus")
    site = copy_site(corpus_template, path)
    try:
        assert process_pending(site.db, site.registry) == 8
        assert pending(site.db) == []
    finally:
        site.close()
    return path


@pytest.fixture
def searchable_site(searchable_corpus, tmp_path):
    site = copy_site(searchable_corpus, tmp_path / "searchable")
    yield site
    site.close()


def ranking(root, query):
    """The corpus ids found for a corpus query, best first, as the patient's médecin
    traitant searches (who may see every document of the dossier)."""
    patient = PATIENTS[query["patient_id"]]
    dossier = root["dossiers"].for_nir(patient["nir"])
    access = DossierAccess(dossier, principals_of(find_account(root, patient[
        "medecin_traitant_rpps"])))
    results = search(dossier, access, query["query"], page_size=CUTOFF)
    return [hit.external_id for hit in results.hits]


@pytest.mark.slow
def test_ndcg_at_10_over_the_corpus_queries(searchable_site):
    with searchable_site.root() as root:
        scores = {query["id"]: ndcg(ranking(root, query), query["judgments"])
                  for query in corpus("queries")}
    assert len(scores) == 26
    assert statistics.mean(scores.values()) >= MIN_NDCG, scores


@pytest.mark.slow
@pytest.mark.parametrize("query", [q for q in corpus("queries") if q["ocr_only"]],
                         ids=lambda query: query["query"])
def test_a_scanned_document_is_found_by_words_only_its_image_contains(searchable_site, site,
                                                                       query):
    """"automesure" and "PHQ-9": only a scan without text layer has them."""
    relevant = {judgment["doc_id"] for judgment in query["judgments"]}
    with searchable_site.root() as root:
        assert relevant <= set(ranking(root, query))
        dossier = root["dossiers"].for_nir(PATIENTS[query["patient_id"]]["nir"])
        for doc_id in relevant:
            document = root.__objectmap__.object_for(dossier.by_external_id[doc_id])
            assert document.text_status == TEXT_OCR
    with site.root() as root:  # the same corpus before OCR
        assert not relevant & set(ranking(root, query))


def test_ndcg_counts_grades_by_rank():
    judgments = [{"doc_id": "a", "grade": 2}, {"doc_id": "b", "grade": 1}]
    assert ndcg(["a", "b", "x"], judgments) == 1.0
    assert ndcg(["x", "y"], judgments) == 0.0
    assert 0.5 < ndcg(["b", "a"], judgments) < 1.0
