"""The journal's storage: a hash chain of records written once, and entries of changes set
aside with the change, then chained (journal/log.py)."""
import os

import pytest
import transaction
from persistent import Persistent
from ZODB import DB
from ZODB.FileStorage import FileStorage

from dmp_library.journal.log import GENESIS, Journal, append_now, journal_of


@pytest.fixture
def db(tmp_path):
    """A database holding one dossier-like object with a journal, under the root's "d"."""
    database = DB(FileStorage(str(tmp_path / "Data.fs"), blob_dir=str(tmp_path / "blobs")))
    with database.transaction() as connection:
        connection.root()["d"] = Holder()
    yield database
    database.close()


class Holder(Persistent):
    """Stands for a dossier: a persistent object with its journal."""

    def __init__(self):
        self.journal = Journal()


def dossier_oid(db):
    with db.transaction() as connection:
        return connection.root()["d"]._p_oid


def entries(db):
    with db.transaction() as connection:
        return list(journal_of(connection.root()["d"]))


def test_entries_are_chained_in_order_and_verify():
    """Each entry's hash covers its fields and the previous hash; the chain verifies."""
    journal = Journal()
    first = journal.append(action="view", who=1)
    second = journal.append(action="upload", who=2)
    assert (first["seq"], second["seq"]) == (1, 2)
    assert first["previous"] == GENESIS and second["previous"] == first["hash"]
    assert journal.head == second["hash"] and journal.count == 2
    assert [entry["action"] for entry in journal] == ["view", "upload"]
    assert journal.verify() is None


def test_first_is_true_once_per_person():
    journal = Journal()
    assert [journal.append(who=7)["first"], journal.append(who=7)["first"],
            journal.append(who=8)["first"]] == [True, False, True]


@pytest.mark.parametrize("tamper, expected", [
    (lambda records: setattr(records[2], "entry", dict(records[2].entry, detail="x")),
     (2, "altered")),
    (lambda records: setattr(records[3], "before", records[1]), (2, "missing")),
])
def test_an_edited_or_removed_entry_breaks_the_chain_there(tamper, expected):
    journal = Journal()
    for number in range(4):
        journal.append(action="view", detail=str(number))
    tamper({record.entry["seq"]: record for record in journal.records()})
    assert journal.verify() == expected


def test_an_append_writes_the_same_few_bytes_however_long_the_journal(db, tmp_path):
    """O(entry): appending to a journal of 1,000 entries writes what appending to one of 10
    does (the entry's record and the journal's head), under 1 KB."""
    oid = dossier_oid(db)
    size = lambda: os.path.getsize(tmp_path / "Data.fs")  # noqa: E731
    written = {}
    for count in range(1, 1001):
        before = size()
        append_now(db, oid, action="view", who=1, who_name="Dr Hélène VASSEUR",
                   role="medecin_traitant", detail="api")
        if count in (10, 1000):
            written[count] = size() - before
    assert written[1000] <= written[10] + 8 and written[1000] < 1024


def test_a_change_entry_commits_with_the_change_and_is_chained_after(db):
    """``defer`` keeps the entry in the change's transaction; the next ``append_now`` (the
    change's own, after its commit) chains it; an aborted change leaves nothing."""
    oid = dossier_oid(db)
    with db.transaction() as connection:
        journal_of(connection.root()["d"]).defer(action="upload", who=1)
    assert [(e["action"], e.get("seq")) for e in entries(db)] == [("upload", None)]
    chained = append_now(db, oid)
    assert [(e["action"], e["seq"], e["first"]) for e in chained] == [("upload", 1, True)]

    connection = db.open()
    journal_of(connection.root()["d"]).defer(action="upload", who=2)
    transaction.abort()
    connection.close()
    append_now(db, oid, action="view", who=3)
    assert [e["action"] for e in entries(db)] == ["upload", "view"]


def test_reads_journaled_meanwhile_do_not_make_a_change_conflict(db):
    """A long change and reads of the same dossier at the same time: the reads' entries
    move the journal's head, the change's waits aside, and the change commits."""
    oid = dossier_oid(db)
    manager = transaction.TransactionManager()
    change = db.open(transaction_manager=manager)
    journal_of(change.root()["d"]).defer(action="upload", who=1)
    for _i in range(3):
        append_now(db, oid, action="view", who=2)  # committed while the change is under way
    manager.commit()  # no ConflictError
    change.close()
    append_now(db, oid)
    assert [e["action"] for e in entries(db)] == ["view", "view", "view", "upload"]
    with db.transaction() as connection:
        assert journal_of(connection.root()["d"]).verify() is None
