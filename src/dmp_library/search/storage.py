"""A Whoosh index kept in ZODB, each index file its own persistent record (DESIGN §7).

Whoosh never changes a file it wrote: a commit adds the files of a new segment and a new
table of contents, then deletes the files nothing refers to any more. So each file is written
once as one record, committed or aborted with the transaction that wrote it. Two transactions
writing the same index both change ``IndexDirectory.version``, so the second to commit gets a
ConflictError and is retried.

Files are stored compressed (LZMA's fastest preset: zlib's speed, a fifth to a quarter
smaller), and read from their uncompressed bytes, kept in a cache bounded in size that all
the connections of a process share. Blobs read in place would have kept them uncompressed:
5 to 8 times the text they index (1.8 times with Whoosh's own compression of each block),
against 0.7 to 1.3 here; what compression costs instead is uncompressing a dossier's index
when it is first searched, about 120 ms for 2,000 documents (``benchmarks/search.py``).
"""
import io
import lzma
import threading
import weakref
from collections import OrderedDict

import transaction
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import RamStorage, Storage
from whoosh.filedb.structfile import BufferFile, StructFile

COMPRESSION_PRESET = 0
CACHE_BYTES = 256 * 1024 * 1024  # uncompressed index files kept in memory, per database
# Whoosh's codec with posting blocks left uncompressed: compressing whole files packs far
# better than Whoosh's zlib on each small block.
CODEC = W3Codec(compression=0)


class IndexFile(Persistent):
    """One file of an index, compressed."""

    def __init__(self, data):
        self.length = len(data)
        self.compressed = lzma.compress(data, preset=COMPRESSION_PRESET)


def file_contents(file):
    """The bytes of an IndexFile, from the cache all connections share once it is committed.

    ``file`` may be a ghost, and is left one: its compressed bytes are loaded only when its
    contents are not in the cache, then dropped, so that no connection's object cache keeps a
    copy of every index file it read (a method would load it on every call).
    """
    oid = file._p_oid
    if oid is None:  # written by this transaction
        return lzma.decompress(file.compressed)
    cache = _caches.setdefault(file._p_jar.db(), ContentCache(CACHE_BYTES))
    data = cache.get(oid)
    if data is None:
        data = lzma.decompress(file.compressed)
        cache.put(oid, data)
        file._p_deactivate()
    return data


class ContentCache:
    """Uncompressed file contents by record oid, least recently read out first.

    A file never changes once written, so its oid names its content for good (an oid is
    never reused, even when the transaction that took it aborts).
    """

    def __init__(self, limit):
        self.limit = limit
        self.size = 0
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def get(self, oid):
        with self._lock:
            data = self._entries.get(oid)
            if data is not None:
                self._entries.move_to_end(oid)
            return data

    def put(self, oid, data):
        with self._lock:
            if oid not in self._entries:
                self._entries[oid] = data
                self.size += len(data)
            while self.size > self.limit and len(self._entries) > 1:
                self.size -= len(self._entries.popitem(last=False)[1])

    def discard(self, oid):
        with self._lock:
            data = self._entries.pop(oid, None)
            if data is not None:
                self.size -= len(data)


_caches = weakref.WeakKeyDictionary()  # ZODB.DB -> its ContentCache


def _cached_once_committed(committed, file, data):
    """A file just written goes to the shared cache as it is, and its compressed bytes out of
    the writer's object cache (as ``file_contents`` does for the files it reads)."""
    if committed and file._p_jar is not None:  # not deleted in the transaction that wrote it
        _caches.setdefault(file._p_jar.db(), ContentCache(CACHE_BYTES)).put(file._p_oid, data)
        file._p_deactivate()


class IndexDirectory(Persistent):
    """The files of one index: file name -> IndexFile."""

    def __init__(self):
        self.files = OOBTree()
        self.version = 0  # changed by every write, so that concurrent writers conflict

    def storage(self):
        """Whoosh's view of this directory (one per use: it holds no state of its own)."""
        return DirectoryStorage(self)

    def write(self, name, data):
        file = self.files[name] = IndexFile(data)
        self.version += 1
        jar = self._p_jar
        current = (jar.transaction_manager if jar is not None else transaction.manager).get()
        current.addAfterCommitHook(_cached_once_committed, (file, data))

    def delete(self, name):
        # A file Whoosh deletes (a segment merged into a new one) leaves the cache at once
        # rather than when it is the oldest: a reader that still needs it reads it again.
        deleted = self.files.pop(name)
        cache = _caches.get(self._p_jar.db()) if self._p_jar is not None else None
        if cache is not None and deleted._p_oid is not None:
            cache.discard(deleted._p_oid)
        self.version += 1

    def rename(self, old, new):
        self.files[new] = self.files.pop(old)
        self.version += 1

    def stored_bytes(self):
        """How many bytes the index takes in the database (compressed file contents)."""
        return sum(len(each.compressed) for each in self.files.values())


class _NoLock:
    """Whoosh's write lock. Each ZODB connection sees its own copy of an index and no two
    threads share a connection, so there is nothing to lock: concurrent writers are
    serialised by ZODB's conflict detection instead."""

    def acquire(self, blocking=True):
        return True

    def release(self):
        pass


class DirectoryStorage(Storage):
    """``whoosh.filedb.filestore.Storage`` over an IndexDirectory."""

    def __init__(self, directory):
        self.directory = directory

    def create_file(self, name, **kwargs):
        def store(structfile):
            self.directory.write(name, structfile.file.getvalue())
        return StructFile(io.BytesIO(), name=name, onclose=store)

    def open_file(self, name, **kwargs):
        try:
            data = file_contents(self.directory.files[name])
        except KeyError:
            raise NameError(name) from None
        return BufferFile(data, name=name)  # bytes: BytesIO shares them, no copy

    def list(self):
        return list(self.directory.files.keys())

    def file_exists(self, name):
        return name in self.directory.files

    def file_length(self, name):
        return len(file_contents(self.directory.files[name]))  # Whoosh opens it next

    def file_modified(self, name):
        return -1  # Whoosh only reports it; modification times would be one more field

    def delete_file(self, name):
        self.directory.delete(name)

    def rename_file(self, old, new, safe=False):
        if safe and new in self.directory.files:
            raise NameError("File %r exists" % new)
        self.directory.rename(old, new)

    def lock(self, name):
        return _NoLock()

    def temp_storage(self, name=None):
        # The writer's sorting runs: in memory, never in the database.
        return RamStorage()
