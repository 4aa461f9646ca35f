"""The dossier's journal: an append-only, hash-chained record of every access and change.

Each entry's hash covers its fields and the previous entry's hash, and the journal keeps the
last hash and the count: editing or removing any entry breaks the chain where it happened
(``verify``). Concurrent appends to one journal conflict on its head: those made with a change
are retried with the change's request (pyramid_retry); reads are journaled once their request
has committed, in a transaction of their own retried on the spot (``append_now``), so that
readers never conflict with each other over a whole page, and a retried request is journaled
once. No entry is lost either way.
"""
import hashlib
import json
import random
import time

import transaction
from BTrees.IOBTree import IOBTree
from BTrees.LLBTree import LLTreeSet
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


class Journal(Persistent):
    """Kept on its dossier as an attribute (``dossier.journal``), not as an item."""

    def __init__(self):
        self.entries = IOBTree()
        self.count = 0
        self.head = GENESIS
        self.seen = LLTreeSet()  # everyone who has an entry: "first access" notifications

    def append(self, **fields):
        """Chain a new entry; returns it, with "first" true for a person's first entry."""
        who = fields.get("who")
        first = who is not None and bool(self.seen.insert(who))
        entry = {key: fields.get(key) for key in FIELDS}
        entry["seq"] = self.count + 1
        entry["when"] = utcnow().isoformat()
        entry["previous"] = self.head
        entry["hash"] = entry_hash(entry, self.head)
        self.entries[entry["seq"]] = entry
        self.count = entry["seq"]
        self.head = entry["hash"]
        return dict(entry, first=first)

    def __iter__(self):
        return iter(self.entries.values())

    def verify(self):
        """None if the chain holds, else (seq, what is wrong) for the first broken entry."""
        previous, expected_seq = GENESIS, 1
        for seq, entry in self.entries.items():
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
    """Append in a transaction of its own, committed at once and retried on conflict;
    ``after(entry, manager)`` may join that transaction (a notification, say)."""
    manager = transaction.TransactionManager(explicit=True)
    connection = db.open(transaction_manager=manager)
    try:
        for attempt in range(attempts):
            manager.begin()
            try:
                entry = journal_of(connection.get(dossier_oid)).append(**fields)
                if after is not None:
                    after(entry, manager)
                manager.commit()
                return entry
            except ConflictError:
                manager.abort()
                if attempt == attempts - 1:
                    raise
                time.sleep(random.uniform(0, 0.002 * (attempt + 1)))  # noqa: S311 -- jitter
    finally:
        connection.close()
