"""A dossier's full-text catalog: a Whoosh index in ZODB and the documents it describes.

The catalog is an attribute of the dossier, not an item of it: it goes wherever the dossier
goes and is removed with it, and it never shows among the dossier's folders. Searching it
needs nothing else: the index is the dossier's, so no query ever names the dossier.
"""
from dataclasses import dataclass

from BTrees.LOBTree import LOBTree
from persistent import Persistent
from whoosh.index import FileIndex
from whoosh.reading import SegmentReader
from whoosh.writing import MERGE_SMALL

from .schema import catalog_schema
from .storage import CODEC, IndexDirectory

ATTRIBUTE = "fulltext_catalog"


def catalog_of(dossier, create=False):
    """The catalog of ``dossier`` (made on first use if ``create``), else None."""
    catalog = getattr(dossier, ATTRIBUTE, None)
    if catalog is None and create:
        catalog = FullTextCatalog()
        setattr(dossier, ATTRIBUTE, catalog)
    return catalog


class FullTextCatalog(Persistent):
    def __init__(self):
        self.directory = IndexDirectory()
        self.documents = LOBTree()  # oid -> the document indexed under it
        FileIndex.create(self.directory.storage(), catalog_schema())

    def index(self, oid, document):
        """Add or replace the entry of ``document`` (its title and its ``text``)."""
        self.update({oid: document})

    def unindex(self, oid):
        self.update({oid: None})

    def update(self, changes):
        """Apply {oid: document, or None to take it out} in one commit of the index."""
        changes = {oid: document for oid, document in changes.items()
                   if document is not None or oid in self.documents}
        if not changes:
            return  # not even a new table of contents: no needless write conflicts
        with self._writer() as writer:
            for oid, document in changes.items():
                if document is None:
                    writer.delete_by_term("oid", oid)
                    del self.documents[oid]
                else:
                    writer.update_document(**_fields(oid, document))
                    self.documents[oid] = document

    def rebuild(self, documents):
        """Replace the whole index by one of ``documents`` (pairs of oid, document)."""
        # An empty table of contents; committing deletes the files it no longer names.
        FileIndex.create(self.directory.storage(), catalog_schema())
        self.documents.clear()
        writer = self._writer()
        for oid, document in documents:
            writer.add_document(**_fields(oid, document))
            self.documents[oid] = document
        writer.commit()

    def find(self, query, keep, highlighted=None):
        """The documents ``query`` matches that ``keep(document)`` keeps, with their scores,
        best first. ``highlighted``: a query whose terms (prefixes expanded) are wanted too.
        """
        with self._index().searcher() as searcher:
            if not searcher.doc_count():
                return Found([], set())
            oids = searcher.reader().column_reader("oid")  # faster than stored fields
            hits = []
            for score, docnum in searcher.search(query, limit=None).top_n:
                document = self.documents.get(oids[docnum])
                if document is not None and keep(document):
                    hits.append((document, score))
            terms = _expanded_terms(highlighted, searcher.reader()) if highlighted else set()
        return Found(hits, terms)

    def __len__(self):
        return len(self.documents)

    def indexed_oids(self):
        """The oids the Whoosh index holds an entry for."""
        with self._index().searcher() as searcher:
            reader = searcher.reader()
            oids = reader.column_reader("oid")
            return {oids[docnum] for docnum in reader.all_doc_ids()}

    def _index(self):
        return FileIndex(self.directory.storage(), schema=catalog_schema())

    def _writer(self):
        # Not compound: a segment's files are records of their own, read where they are
        # (Whoosh copies a compound file's parts out of it on every search).
        writer = self._index().writer(codec=CODEC, compound=False)
        writer.mergetype = merge_segments
        return writer


def merge_segments(writer, segments):
    """Whoosh's MERGE_SMALL, and also every segment with a third of its entries deleted
    (documents since re-indexed or removed), which it would otherwise keep for ever."""
    wasteful = [s for s in segments if s.deleted_count() * 3 >= s.doc_count_all()]
    for segment in wasteful:
        if segment.doc_count():
            with SegmentReader(writer.storage, writer.schema, segment) as reader:
                writer.add_reader(reader)
    return MERGE_SMALL(writer, [s for s in segments if s not in wasteful])


@dataclass
class Found:
    hits: list  # (document, score), best first
    terms: set  # the index terms of the highlighted query


def _expanded_terms(query, reader):
    return {text.decode("utf-8") if isinstance(text, bytes) else text
            for leaf in query.leaves()
            for _field, text in leaf.expanded_terms(reader, phrases=True)}


def _fields(oid, document):
    return {"oid": oid, "title": document.title or "", "text": document.text or ""}

