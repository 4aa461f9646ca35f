"""Evolve steps bring an existing site's data to the current model (resources/evolve.py)."""
from BTrees.IOBTree import IOBTree

from dmp_library.journal.log import Journal, entry_hash, journal_of
from dmp_library.resources.evolve import chain_journal_records, keep_text_apart

from ...conftest import PATIENT_NIR


def test_a_journal_kept_in_one_tree_becomes_a_chain_of_records_with_the_same_hashes(site):
    """Journals written before each entry had its record of its own keep every entry, in
    order, with the hashes they had: the chain still verifies."""
    with site.root() as root:
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        fresh = Journal()
        for number in range(5):
            fresh.append(action="view", who=number, detail="entry %d" % number)
        old = Journal()  # as the code before wrote them: an IOBTree of entry dicts
        old.entries = IOBTree({entry["seq"]: entry for entry in fresh})
        old.count, old.head = fresh.count, fresh.head
        del old.deferred
        dossier.journal = old
    with site.root() as root:
        chain_journal_records(root)
    with site.root() as root:
        journal = journal_of(root["dossiers"].for_nir(PATIENT_NIR))
        assert not hasattr(journal, "entries")
        assert [e["detail"] for e in journal] == ["entry %d" % n for n in range(5)]
        assert journal.verify() is None
        assert journal.head == entry_hash(journal.last.entry, journal.last.entry["previous"])
        journal.defer(action="upload")  # and it takes the entries of changes


def test_a_document_text_moves_into_a_record_of_its_own(site):
    """Documents written with their text in their own record keep it, now kept apart."""
    with site.root() as root:
        document = next(iter(root["dossiers"].for_nir(PATIENT_NIR)["biologie"].values()))
        text = document.text
        del document.extracted
        document.__dict__["text"] = text  # as the code before stored it
        document._p_changed = True
        oid = document._p_oid
    with site.root() as root:
        keep_text_apart(root)
    with site.root() as root:
        document = root._p_jar.get(oid)
        assert "text" not in document.__dict__ and document.text == text
        assert document.extracted._p_oid != document._p_oid
