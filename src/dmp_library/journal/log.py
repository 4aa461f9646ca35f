"""The dossier's journal: an append-only, hash-chained record of every access and change.

Each entry's hash covers its fields and the previous entry's hash, and the journal keeps the
last hash and the count: editing or removing any entry breaks the chain where it happened
(``verify``). Each entry is a record of its own, written once and linked to the one before it,
so that an append writes that entry and the journal's small head, never a growing structure
(DESIGN §11: a read costs O(entry) bytes); reading walks the links from the newest entry.

Concurrent appends to one journal conflict on its head, so the head is only ever moved in
short transactions of their own, retried on the spot (``append_now``): reads are journaled so
once their request has committed; a change's entry is committed with the change itself, but
set aside (``defer``: each under a key of its own, so that concurrent changes and reads do not
conflict over it), then chained by ``append_now`` once the change has committed. A retried
request is journaled once, a long upload is not retried for every page someone reads, and no
entry of a change is lost even if the process dies in between: the next append chains it.
"""
import hashlib
import itertools
import json
import random
import secrets
import time

import transaction
from BTrees.LLBTree import LLTreeSet
from BTrees.LOBTree import LOBTree
from persistent import Persistent
from ZODB.POSException import ConflictError

from ..clock import utcnow

GENESIS = "0" * 64
FIELDS = ("seq", "when", "who", "who_name", "role", "profession", "action", "target",
          "target_title", "detail", "address")


def entry_hash(entry, previous):
    payload = json.dumps({key: entry.get(key) for key in FIELDS}, sort_keys=True,
                         ensure_ascii=False)
    return hashlib.sha256((previous + payload).encode("utf-8")).hexdigest()


class JournalRecord(Persistent):
    """One entry (FIELDS, its "previous" hash and its "hash") and the record before it; never
    changed once written. Every read writes one, so it is kept small: the values as a tuple
    (a dict's keys would be a fifth of its bytes), the two hashes as bytes, not hex."""

    def __init__(self, entry, before):
        self.entry = entry
        self.before = before

    def __getnewargs__(self):
        # With it, ZODB refers to a record by its oid alone, not (oid, class): 40 bytes less
        # in the record after it and in the journal's head (ZODB.serialize.ObjectWriter).
        return ()

    @property
    def entry(self):
        *fields, previous, digest = self.values
        return dict(zip(FIELDS, fields, strict=True), previous=previous.hex(),
                    hash=digest.hex())

    @entry.setter
    def entry(self, entry):
        self.values = tuple(entry.get(key) for key in FIELDS) + (
            bytes.fromhex(entry["previous"]), bytes.fromhex(entry["hash"]))


class Journal(Persistent):
    """Kept on its dossier as an attribute (``dossier.journal``), not as an item."""

    last = None  # the newest JournalRecord

    def __init__(self):
        self.count = 0
        self.head = GENESIS
        self.deferred = LOBTree()  # random key -> an entry committed with a change, to chain
        self.seen = LLTreeSet()  # everyone who has an entry: "first access" notifications

    def append(self, **fields):
        """Chain a new entry; returns it, with "first" true for a person's first entry."""
        who = fields.get("who")
        first = who is not None and bool(self.seen.insert(who))
        entry = {key: fields.get(key) for key in FIELDS}
        entry["seq"] = self.count + 1
        entry["when"] = entry["when"] or utcnow().isoformat()
        entry["previous"] = self.head
        entry["hash"] = entry_hash(entry, self.head)
        self.last = JournalRecord(entry, self.last)
        self.count = entry["seq"]
        self.head = entry["hash"]
        return dict(entry, first=first)

    def defer(self, **fields):
        """Keep the entry of a change being made, to chain once the change has committed."""
        entry = {key: fields.get(key) for key in FIELDS if key != "seq"}
        entry["when"] = utcnow().isoformat()
        key = secrets.randbits(63)
        while key in self.deferred:
            key = secrets.randbits(63)
        self.deferred[key] = entry

    def chain_deferred(self):
        """Chain the deferred entries, oldest first; returns them as ``append`` does."""
        if not self.deferred:  # an empty tree: nothing written
            return []
        waiting = sorted(self.deferred.values(), key=lambda entry: entry["when"])
        self.deferred.clear()
        return [self.append(**entry) for entry in waiting]

    def records(self):
        """The records, newest first."""
        record = self.last
        while record is not None:
            yield record
            record = record.before

    def newest_first(self):
        return (record.entry for record in self.records())

    def __iter__(self):
        """The entries, oldest first (those of changes not chained yet last, without seq)."""
        chained = reversed(list(self.newest_first()))
        waiting = sorted(self.deferred.values(), key=lambda entry: entry["when"])
        return itertools.chain(chained, waiting)

    def verify(self):
        """None if the chain holds, else (seq, what is wrong) for the first broken entry."""
        previous, expected_seq = GENESIS, 1
        for entry in reversed(list(self.newest_first())):
            seq = entry.get("seq")
            if seq != expected_seq:
                return expected_seq, "missing"
            if entry.get("previous") != previous or entry_hash(entry, previous) != entry.get(
                    "hash"):
                return seq, "altered"
            previous, expected_seq = entry["hash"], seq + 1
        if expected_seq - 1 != self.count or previous != self.head:
            return expected_seq, "missing"
        return None


def journal_of(dossier):
    """The dossier's journal, created on first use."""
    journal = getattr(dossier, "journal", None)
    if journal is None:
        journal = dossier.journal = Journal()
    return journal


def append_now(db, dossier_oid, after=None, attempts=50, **fields):
    """Chain the deferred entries, then append ``fields`` if given, in a transaction of its
    own, committed at once and retried on conflict; ``after(entry, manager)`` may join that
    transaction for each entry chained (a notification, say). Returns the entries chained."""
    manager = transaction.TransactionManager(explicit=True)
    connection = db.open(transaction_manager=manager)
    try:
        for attempt in range(attempts):
            manager.begin()
            try:
                journal = journal_of(connection.get(dossier_oid))
                chained = journal.chain_deferred()
                if fields:
                    chained.append(journal.append(**fields))
                if after is not None:
                    for entry in chained:
                        after(entry, manager)
                manager.commit()
                # Written once, seldom read: not kept in the connection's cache, where every
                # read journaled would otherwise leave its record.
                for record in list(itertools.islice(journal.records(), len(chained))):
                    record._p_deactivate()
                return chained
            except ConflictError:
                manager.abort()
                if attempt == attempts - 1:
                    raise
                time.sleep(random.uniform(0, 0.002 * (attempt + 1)))  # noqa: S311 -- jitter
    finally:
        connection.close()
