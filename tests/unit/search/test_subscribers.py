"""The catalog follows the documents, in the transaction that changes them."""
import threading

import pytest
import transaction
from pyramid.threadlocal import manager
from substanced.event import ObjectModified
from substanced.util import get_oid
from whoosh.index import FileIndex
from ZODB.POSException import ConflictError

from dmp_library.resources.dossier import CategoryFolder
from dmp_library.search.catalog import catalog_of
from dmp_library.search.extraction import TEXT_EXTRACTED, TEXT_PENDING_OCR
from dmp_library.search.jobs import ocr_queue
from dmp_library.search.services import search

from ...conftest import PATIENT_NIR, SPECIALIST_RPPS
from .conftest import access_of, dossier_of, file_document, scanned_pdf

WORD = "Xylophagie"  # in no corpus document


def found(root, word=WORD):
    dossier = dossier_of(root, PATIENT_NIR)
    results = search(dossier, access_of(root, dossier, SPECIALIST_RPPS), word, page_size=100)
    return [hit.external_id or hit.title for hit in results.hits]


def test_an_added_document_is_searchable_in_its_transaction_and_after(site):
    with site.root() as root:
        document = file_document(site, root, dossier_of(root, PATIENT_NIR), SPECIALIST_RPPS,
                                 ("Suspicion de %s." % WORD).encode("cp1252"),
                                 title="Avis spécialisé")
        assert document.text_status == TEXT_EXTRACTED
        assert found(root) == ["Avis spécialisé"]
    with site.root() as root:
        assert found(root) == ["Avis spécialisé"]


def index_generation(root):
    """How many commits the dossier's index has had."""
    catalog = catalog_of(dossier_of(root, PATIENT_NIR))
    return FileIndex(catalog.directory.storage()).latest_generation()


def test_documents_filed_together_are_indexed_at_commit_in_one_index_commit(site):
    with site.root() as root:
        before = index_generation(root)
        for number in range(5):
            file_document(site, root, dossier_of(root, PATIENT_NIR), SPECIALIST_RPPS,
                          WORD.encode(), title="Compte rendu %d" % number)
        assert index_generation(root) == before  # not yet
    with site.root() as root:
        assert index_generation(root) == before + 1
        assert len(found(root)) == 5


def test_an_aborted_upload_leaves_no_trace_in_the_index(site):
    with site.root() as root:
        files = set(catalog_of(dossier_of(root, PATIENT_NIR)).directory.files)
    with pytest.raises(RuntimeError), site.root() as root:
        file_document(site, root, dossier_of(root, PATIENT_NIR), SPECIALIST_RPPS,
                      WORD.encode())
        assert found(root) == ["Compte rendu"]
        raise RuntimeError("the request failed after the upload")
    with site.root() as root:
        catalog = catalog_of(dossier_of(root, PATIENT_NIR))
        assert set(catalog.directory.files) == files
        assert found(root) == []


def test_a_removed_document_is_no_longer_found(site):
    with site.root() as root:
        document = file_document(site, root, dossier_of(root, PATIENT_NIR), SPECIALIST_RPPS,
                                 WORD.encode())
    with site.root() as root:
        document = root.__objectmap__.object_for(get_oid(document))
        document.__parent__.remove(document.__name__, registry=site.registry)
        assert found(root) == []
        assert get_oid(document) not in catalog_of(dossier_of(root, PATIENT_NIR)).documents


def test_a_document_moved_to_another_folder_is_found_once(site):
    with site.root() as root:
        dossier = dossier_of(root, PATIENT_NIR)
        document = file_document(site, root, dossier, SPECIALIST_RPPS, WORD.encode())
        folder = CategoryFolder("biologie", title="Mes analyses", personal=True)
        dossier.add("f-mine", folder, registry=site.registry)
        dossier["biologie"].move(document.__name__, folder, registry=site.registry)
        assert found(root) == ["Compte rendu"]
    with site.root() as root:
        assert found(root) == ["Compte rendu"]
        # A folder removed with its documents takes them out of the catalog.
        dossier_of(root, PATIENT_NIR).remove("f-mine", registry=site.registry)
        assert found(root) == []


def test_a_modified_document_is_reindexed(site):
    with site.root() as root:
        document = file_document(site, root, dossier_of(root, PATIENT_NIR), SPECIALIST_RPPS,
                                 b"Compte rendu sans surprise.", title="Avis")
        document.title = "Avis sur une %s" % WORD
        # How Substance D sends it (property sheets): to content subscribers.
        site.registry.subscribers((ObjectModified(document), document), None)
        assert found(root) == ["Avis sur une %s" % WORD]


def test_a_scanned_upload_is_indexed_by_title_and_queued_for_ocr(site):
    with site.root() as root:
        document = file_document(site, root, dossier_of(root, PATIENT_NIR), SPECIALIST_RPPS,
                                 scanned_pdf(), filename="scan.pdf", title="Questionnaire %s"
                                 % WORD)
        assert document.text_status == TEXT_PENDING_OCR
        assert get_oid(document) in ocr_queue(root)
        assert found(root) == ["Questionnaire %s" % WORD]


def test_concurrent_uploads_to_one_dossier_conflict_and_the_retry_loses_nothing(site):
    """Two uploads in two threads: the second commit fails with a ConflictError, which
    pyramid_retry retries; retried, both documents are found."""
    barrier = threading.Barrier(2)
    errors = []

    def upload(word, retries):
        manager.push({"registry": site.registry, "request": None})
        try:
            for attempt in range(retries + 1):
                connection = site.db.open()
                try:
                    root = connection.root()["app_root"]
                    file_document(site, root, dossier_of(root, PATIENT_NIR), SPECIALIST_RPPS,
                                  word.encode(), title=word)
                    if attempt == 0:
                        barrier.wait(timeout=30)  # both have written, neither committed
                    transaction.commit()
                    return
                except ConflictError as error:
                    transaction.abort()
                    errors.append(error)
                finally:
                    connection.close()
        finally:
            manager.pop()

    threads = [threading.Thread(target=upload, args=(word, 1)) for word in ("Alpha", "Beta")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(errors) == 1
    with site.root() as root:
        assert found(root, "Alpha") == ["Alpha"]
        assert found(root, "Beta") == ["Beta"]
