"""The catalog in ZODB: committed and aborted with the transaction, concurrent writers."""
import pytest
import transaction
import ZODB
from whoosh.index import TOC
from whoosh.query import Term
from ZODB.FileStorage import FileStorage
from ZODB.POSException import ConflictError

from dmp_library.search.catalog import FullTextCatalog
from dmp_library.search.storage import ContentCache, IndexFile, file_contents


class Document:
    """What the catalog reads of a document."""

    def __init__(self, title, text=""):
        self.title = title
        self.text = text


@pytest.fixture
def db(tmp_path):
    db = ZODB.DB(FileStorage(str(tmp_path / "Data.fs")))
    yield db
    db.close()


class Session:
    """A connection with its own transaction manager, as two app threads would have."""

    def __init__(self, db):
        self.manager = transaction.TransactionManager()
        self.connection = db.open(transaction_manager=self.manager)

    @property
    def catalog(self):
        return self.connection.root()["catalog"]

    def found(self, word):
        hits = self.catalog.find(Term("text", word), keep=lambda document: True).hits
        oids = {id(document): oid for oid, document in self.catalog.documents.items()}
        return sorted(oids[id(document)] for document, _score in hits)

    def close(self):
        self.manager.abort()
        self.connection.close()


@pytest.fixture
def sessions(db):
    first = Session(db)
    first.connection.root()["catalog"] = FullTextCatalog()
    first.manager.commit()
    opened = [first, Session(db)]
    yield opened
    for session in opened:
        session.close()


def test_a_committed_document_is_found_from_another_connection(sessions):
    writer, reader = sessions
    writer.catalog.index(1, Document("Bilan", "glycémie élevée"))
    writer.manager.commit()
    reader.manager.begin()
    assert reader.found("glycem") == [1]


def test_an_aborted_transaction_leaves_no_trace(sessions):
    writer, reader = sessions
    writer.catalog.index(1, Document("Bilan", "glycémie"))
    writer.manager.commit()
    files_before = dict(writer.catalog.directory.files)
    writer.catalog.index(2, Document("Bilan", "glycémie encore"))
    writer.catalog.unindex(1)
    assert writer.found("glycem") == [2]  # the transaction sees its own changes
    writer.manager.abort()
    assert dict(writer.catalog.directory.files) == files_before
    assert list(writer.catalog.documents) == [1]
    assert writer.found("glycem") == [1]
    reader.manager.begin()
    assert reader.found("glycem") == [1]


def test_each_index_file_is_its_own_compressed_record(sessions):
    writer, _reader = sessions
    writer.catalog.index(1, Document("Bilan", "glycémie " * 200))
    writer.manager.commit()
    files = list(writer.catalog.directory.files.values())
    assert files and all(isinstance(file, IndexFile) for file in files)
    assert len({file._p_oid for file in files}) == len(files)
    assert all(file._p_oid is not None for file in files)
    assert writer.catalog.directory.stored_bytes() < sum(file.length for file in files)


def test_concurrent_writers_conflict_and_the_retry_loses_nothing(sessions):
    """Two transactions index into one dossier's catalog: the second to commit gets a
    ConflictError (what pyramid_retry retries); redone, both documents are there."""
    first, second = sessions
    first.catalog.index(1, Document("Un", "glycémie"))
    second.catalog.index(2, Document("Deux", "glycémie"))
    first.manager.commit()
    with pytest.raises(ConflictError):
        second.manager.commit()
    second.manager.abort()
    second.catalog.index(2, Document("Deux", "glycémie"))  # the retry
    second.manager.commit()
    first.manager.begin()
    assert first.found("glycem") == [1, 2]


def test_reindexing_replaces_and_unindexing_removes(sessions):
    writer, _reader = sessions
    writer.catalog.index(1, Document("Bilan", "glycémie"))
    writer.catalog.index(1, Document("Bilan", "kaliémie"))
    writer.catalog.unindex(99)  # unknown: nothing to do
    writer.manager.commit()
    assert writer.found("glycem") == []
    assert writer.found("kaliem") == [1]
    writer.catalog.unindex(1)
    writer.manager.commit()
    assert writer.found("kaliem") == []
    assert len(writer.catalog) == 0


def test_a_rebuild_replaces_everything_with_one_segment(sessions):
    writer, _reader = sessions
    for oid in range(1, 6):
        writer.catalog.index(oid, Document("Bilan %d" % oid, "glycémie"))
    writer.catalog.rebuild([(7, Document("Autre", "glycémie"))])
    writer.manager.commit()
    assert writer.found("glycem") == [7]
    assert list(writer.catalog.documents) == [7]
    assert len(TOC.read(writer.catalog.directory.storage(), "MAIN").segments) == 1


def test_entries_of_reindexed_or_removed_documents_do_not_stay_for_ever(sessions):
    """Whoosh only marks replaced entries deleted; a segment with many is merged away."""
    writer, _reader = sessions
    writer.catalog.update({oid: Document("Bilan", "glycémie") for oid in range(1, 10)})
    for oid in range(1, 10):
        writer.catalog.index(oid, Document("Bilan", "kaliémie"))
    writer.catalog.unindex(9)
    writer.manager.commit()
    segments = TOC.read(writer.catalog.directory.storage(), "MAIN").segments
    assert sum(segment.doc_count() for segment in segments) == 8
    assert all(segment.deleted_count() * 3 < segment.doc_count_all() for segment in segments)
    assert writer.found("kaliem") == list(range(1, 9)) and writer.found("glycem") == []


def test_uncompressed_files_are_shared_by_connections_and_bounded():
    cache = ContentCache(limit=10)
    for oid, data in ((b"1", b"aaaa"), (b"2", b"bbbb"), (b"1", b"aaaa"), (b"3", b"cccc")):
        if cache.get(oid) is None:
            cache.put(oid, data)
    assert cache.size <= 10
    assert cache.get(b"2") is None and cache.get(b"1") == b"aaaa"  # least recently read out


def test_connections_read_the_same_uncompressed_bytes(sessions):
    writer, reader = sessions
    writer.catalog.index(1, Document("Bilan", "glycémie"))
    writer.manager.commit()
    reader.manager.begin()
    name = next(iter(writer.catalog.directory.files))
    read = reader.catalog.directory.files[name]
    assert file_contents(writer.catalog.directory.files[name]) is file_contents(read)
    assert read._p_changed is None  # a ghost: no copy of the compressed bytes in its cache
