"""The OCR job: scanned documents become searchable by what their images say."""
import threading
import time

import pytest
from substanced.util import get_oid

from dmp_library.search import ocr
from dmp_library.search.extraction import TEXT_OCR, TEXT_PENDING_OCR
from dmp_library.search.jobs import (
    CLAIM_SECONDS,
    claim,
    ocr_claims,
    ocr_queue,
    pending,
    process_document,
    process_pending,
    start_ocr_worker,
)
from dmp_library.search.services import search

from ...conftest import PATIENT_NIR, SPECIALIST_RPPS, Site
from .conftest import access_of, dossier_of, file_document, scanned_pdf

# Only the image of doc-d08-14 (the PHQ-9 questionnaire) has these words.
IMAGE_WORD = "endormi"


def found(root, word):
    dossier = dossier_of(root, PATIENT_NIR)
    results = search(dossier, access_of(root, dossier, SPECIALIST_RPPS), word)
    return [hit.title for hit in results.hits]


def upload_scan(site):
    with site.root() as root:
        document = file_document(site, root, dossier_of(root, PATIENT_NIR), SPECIALIST_RPPS,
                                 scanned_pdf(), filename="scan.pdf", title="Questionnaire")
        assert found(root, IMAGE_WORD) == []
        return get_oid(document)


@pytest.mark.slow
def test_pending_ocr_survives_a_restart_then_makes_the_image_searchable(site):
    oid = upload_scan(site)
    site.close()
    site = Site(site.data_dir)  # the application restarts
    try:
        assert oid in pending(site.db)
        process_document(site.db, oid)
        assert oid not in pending(site.db)
        with site.root() as root:
            document = root.__objectmap__.object_for(oid)
            assert document.text_status == TEXT_OCR
            assert "PHQ-9" in document.text
            assert found(root, IMAGE_WORD) == ["Questionnaire"]
            assert found(root, "PHQ-9") == ["Questionnaire"]
    finally:
        site.close()


def test_without_ocr_installed_the_work_waits(site, monkeypatch):
    oid = upload_scan(site)
    monkeypatch.setenv("PATH", "/nonexistent")
    ocr.installed_programs.cache_clear()
    try:
        assert process_pending(site.db) == 0
        assert oid in pending(site.db)
        with site.root() as root:
            assert root.__objectmap__.object_for(oid).text_status == TEXT_PENDING_OCR
    finally:
        ocr.installed_programs.cache_clear()


def test_a_document_removed_before_its_ocr_leaves_the_queue(site):
    oid = upload_scan(site)
    with site.root() as root:
        document = root.__objectmap__.object_for(oid)
        document.__parent__.remove(document.__name__, registry=site.registry)
    process_document(site.db, oid)
    assert oid not in pending(site.db)


@pytest.mark.slow
def test_the_worker_started_with_the_application_does_it_in_the_background(site):
    with site.root() as root:
        ocr_queue(root).clear()  # the corpus' own scans: not this test's business
    worker = start_ocr_worker(site.registry)
    try:
        oid = upload_scan(site)  # its commit wakes the worker
        deadline = time.monotonic() + 120
        while oid in pending(site.db) and time.monotonic() < deadline:
            time.sleep(0.2)
        with site.root() as root:
            assert root.__objectmap__.object_for(oid).text_status == TEXT_OCR
            assert found(root, IMAGE_WORD) == ["Questionnaire"]
    finally:
        worker.stop(timeout=120)


def test_workers_claiming_at_once_each_get_a_different_document(site):
    """Several workers on one database claim from one queue at the same time: each queued
    document is claimed exactly once (the losers of a conflict take the next one)."""
    with site.root() as root:
        queue = ocr_queue(root)
        queue.clear()
        queue.update(range(1, 41))
    claimed, lock, start = [], threading.Lock(), threading.Barrier(4)

    def work(name):
        start.wait()
        while (oid := claim(site.db, name)) is not None:
            with lock:
                claimed.append(oid)

    workers = [threading.Thread(target=work, args=("worker-%d" % n,)) for n in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert sorted(claimed) == list(range(1, 41))
    assert set(pending(site.db)) == set(range(1, 41))  # claimed, not yet done


def test_a_claim_left_by_a_stopped_worker_is_taken_over(site):
    with site.root() as root:
        ocr_queue(root).clear()
        ocr_claims(root, create=True)[7] = ("killed", time.time() - CLAIM_SECONDS - 1)
        ocr_claims(root)[8] = ("busy", time.time())
    assert claim(site.db, "alive") == 7
    assert claim(site.db, "alive") is None  # 8 is still being read
