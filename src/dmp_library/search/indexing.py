"""Catalog changes of a transaction, applied to each dossier's index once, just before commit.

A transaction filing 200 documents into a dossier then writes one index segment, not 200. A
search applies its dossier's pending changes first, so that it sees its own transaction's.
"""
import transaction

from ..resources.dossier import find_dossier
from .catalog import catalog_of

_KEY = object()  # the transaction data this module keeps: {dossier: {oid: document or None}}


def queue_index(dossier, oid, document):
    _pending(dossier).setdefault(dossier, {})[oid] = document


def queue_unindex(dossier, oid):
    _pending(dossier).setdefault(dossier, {})[oid] = None


def apply_pending(dossier):
    """Apply now the changes queued for ``dossier`` in the current transaction."""
    changes = _pending(dossier, create=False).pop(dossier, None)
    if changes:
        # A document queued then rolled back to a savepoint may have left the dossier.
        catalog_of(dossier, create=True).update({
            oid: document if document is None or find_dossier(document) is dossier else None
            for oid, document in changes.items()})


def discard_pending(dossier):
    _pending(dossier, create=False).pop(dossier, None)


def _apply_all(pending):
    for dossier in list(pending):
        apply_pending(dossier)


def transaction_of(persistent):
    """The transaction of ``persistent``'s connection: the request's, or a job's own."""
    jar = getattr(persistent, "_p_jar", None)
    return jar.transaction_manager.get() if jar is not None else transaction.get()


def _pending(dossier, create=True):
    current = transaction_of(dossier)
    try:
        return current.data(_KEY)
    except KeyError:
        pending = {}
        if create:
            current.set_data(_KEY, pending)
            current.addBeforeCommitHook(_apply_all, (pending,))
        return pending
