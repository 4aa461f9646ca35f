"""Search quality: nDCG@10 over the development corpus' graded queries (issue "search", 7).

Ours: the per-dossier Whoosh catalog, the corpus imported through the application and its
scanned documents read by OCR, searched as each patient's médecin traitant. Baseline, in the
same process on the same document texts: SQLite FTS5 with the unicode61 tokenizer
(remove_diacritics 2), the query's words all required, ranked by bm25(). Target: >= 0.85.
"""
import json
import re
import sqlite3
import statistics
import time
from pathlib import Path

from dmp_library.demo import DEMO_CORPUS, load_demo
from dmp_library.search.evaluation import CUTOFF, ndcg
from dmp_library.search.jobs import process_pending
from dmp_library.search.services import dossier_documents, search
from dmp_library.security.accounts import find_account, principals_of
from dmp_library.security.policy import DossierAccess

from ._support import BenchSite

TARGET = 0.85


def corpus(name):
    return json.loads((Path(DEMO_CORPUS) / (name + ".json")).read_text(encoding="utf-8"))


def our_ranking(root, patient, text):
    dossier = root["dossiers"].for_nir(patient["nir"])
    access = DossierAccess(dossier, principals_of(find_account(root, patient[
        "medecin_traitant_rpps"])))
    return [hit.external_id for hit in search(dossier, access, text, page_size=CUTOFF).hits]


def fts5_index(root, patients):
    """An in-memory FTS5 table of every document's title and text (the same text as ours)."""
    database = sqlite3.connect(":memory:")
    database.execute("CREATE VIRTUAL TABLE documents USING fts5(doc_id UNINDEXED, "
                     "patient UNINDEXED, title, body, "
                     "tokenize = 'unicode61 remove_diacritics 2')")
    for patient in patients:
        for document in dossier_documents(root["dossiers"].for_nir(patient["nir"])):
            database.execute("INSERT INTO documents VALUES (?, ?, ?, ?)",
                             (document.external_id, patient["id"], document.title,
                              document.text or ""))
    return database


def fts5_ranking(database, patient, text):
    match = " ".join('"%s"' % word for word in re.findall(r"\w+", text))
    rows = database.execute(
        "SELECT doc_id FROM documents WHERE documents MATCH ? AND patient = ? "
        "ORDER BY bm25(documents) LIMIT ?", (match, patient["id"], CUTOFF))
    return [doc_id for (doc_id,) in rows]


def run():
    started = time.perf_counter()
    site = BenchSite()
    try:
        with site.root() as root:
            load_demo(root, site.registry, site.registry.settings)
        recognised = process_pending(site.db, site.registry)
        patients = {patient["id"]: patient for patient in corpus("patients")}
        queries = corpus("queries")
        with site.root() as root:
            database = fts5_index(root, patients.values())
            ours, baseline = {}, {}
            for query in queries:
                patient = patients[query["patient_id"]]
                ours[query["id"]] = ndcg(our_ranking(root, patient, query["query"]),
                                         query["judgments"])
                baseline[query["id"]] = ndcg(fts5_ranking(database, patient, query["query"]),
                                             query["judgments"])
    finally:
        site.close()
    mean_ours, mean_baseline = statistics.mean(ours.values()), statistics.mean(baseline.values())
    print("corpus: %d queries, %d scanned documents read by OCR" % (len(queries), recognised))
    print("nDCG@10  ours %.3f  |  SQLite FTS5 (unicode61 remove_diacritics 2) %.3f  |  "
          "ours / FTS5 = %.2f  (target >= %.2f: %s)"
          % (mean_ours, mean_baseline, mean_ours / mean_baseline, TARGET,
             "met" if mean_ours >= TARGET else "NOT MET"))
    for tag in sorted({tag for query in queries for tag in query["tags"]}):
        tagged = [query["id"] for query in queries if tag in query["tags"]]
        print("  %-22s %2d queries  ours %.3f  FTS5 %.3f" % (
            tag, len(tagged), statistics.mean(ours[q] for q in tagged),
            statistics.mean(baseline[q] for q in tagged)))
    print("(%.0f s)" % (time.perf_counter() - started))
