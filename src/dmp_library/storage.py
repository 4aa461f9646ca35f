"""Opening the database: FileStorage with its own blob directory, never the BlobStorage proxy.

zodburi's ``file://PATH?blobstorage_dir=DIR`` wraps FileStorage in ZODB's ``BlobStorage``
proxy, whose ``tpc_abort`` deletes the blob files of whichever transaction is committing at
that moment: a request aborted on a conflict erases another request's acknowledged upload
(docs/zodb-blobstorage-abort.md). ``filestorage://PATH?blob_dir=DIR`` (registered for zodburi
in setup.py) opens FileStorage with ``blob_dir`` instead, whose abort only ever touches its own
transaction's files. ZEO and RelStorage URIs are zodburi's and RelStorage's own.
"""
import contextlib
import os
from urllib.parse import parse_qsl

from pyramid.exceptions import ConfigurationError
from ZODB.blob import BlobStorage
from ZODB.FileStorage import FileStorage
from zodburi.resolvers import Resolver

SCHEME = "filestorage://"


class FileStorageResolver(Resolver):
    """``filestorage:///path/Data.fs?blob_dir=/path/blobs`` (+ zodburi's connection options)."""

    _int_args = ("create", "read_only", "pack_keep_old")
    _string_args = ("blob_dir",)
    _bytesize_args = ("quota",)

    def __call__(self, uri):
        path, _, query = uri[len(SCHEME):].partition("?")
        kw, unused = self.interpret_kwargs(dict(parse_qsl(query)))
        if not kw.get("blob_dir"):
            raise ConfigurationError("%s URIs need blob_dir=... (documents are blobs)" % SCHEME)
        kw["blob_dir"] = os.path.normpath(kw["blob_dir"])
        path = os.path.normpath(path)
        return (lambda: FileStorage(path, **kw)), unused


filestorage_resolver = FileStorageResolver()


def close_database(db):
    """Close ``db``, and remove the empty temporary file that FileStorage leaves behind."""
    storage = db.storage
    db.close()
    if isinstance(storage, FileStorage):
        with contextlib.suppress(FileNotFoundError):
            os.remove(storage.getName() + ".tmp")


def refuse_blob_proxy(db):
    """Stop at start-up rather than lose documents on a storage that deletes others' blobs."""
    if isinstance(db.storage, BlobStorage):
        raise ConfigurationError(
            "zodbconn.uri opens ZODB's BlobStorage proxy (file://...?blobstorage_dir=), which "
            "deletes other transactions' blob files when one aborts: write "
            "filestorage://PATH/Data.fs?blob_dir=PATH/blobs instead (same files, same layout)")
