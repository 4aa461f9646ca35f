"""Evolve steps: data migrations for existing sites (``sd_evolve``, or automatically with
``substanced.autoevolve = true``). A new site is created up to date and skips them all."""
from BTrees.LOBTree import LOBTree
from persistent.mapping import PersistentMapping
from substanced.util import set_acl
from substanced.workflow import STATE_ATTR

from ..journal.log import JournalRecord, journal_of
from ..security.acl import dossier_items, refresh_acls
from ..workflows import workflow_for
from ..workflows.worklists import CATALOG as WORKLISTS
from .interfaces import IMedicalDocument
from .people import PROFESSIONAL, RecentDossiers
from .site import site_acl
from .system_catalog import CATALOG as SYSTEM_CATALOG


def refresh_site_acl(root):
    """The site permissions changed (account page for patients and professionals)."""
    set_acl(root, site_acl(root))


# Before the workflows, every document was validated and every summary a draft.
_STATE_BEFORE_WORKFLOWS = {"lifecycle": "validated", "review": "draft"}


def add_workflows(root):
    """Give existing items their workflow state and ACL; add the worklists catalog."""
    for dossier in root["dossiers"].values():
        for item in dossier_items(dossier):
            kind = workflow_for(item).TYPE
            if kind not in getattr(item, STATE_ATTR, {}):
                setattr(item, STATE_ATTR, PersistentMapping({kind: _STATE_BEFORE_WORKFLOWS[kind]}))
        refresh_acls(dossier)
    if WORKLISTS not in root["catalogs"]:
        root["catalogs"].add_catalog(WORKLISTS)


def add_journals(root):
    """Dossiers created before the journal get an empty one; professionals a recent list."""
    for dossier in root["dossiers"].values():
        journal_of(dossier)
    for user in root["principals"]["users"].values():
        if getattr(user, "dmp_kind", None) == PROFESSIONAL and not hasattr(user, "recent"):
            user.recent = RecentDossiers()


def chain_journal_records(root):
    """Journals kept their entries in one tree, whose buckets every append rewrote: each entry
    becomes a record of its own, linked to the one before (same entries, same hash chain),
    and the journal gets its place for the entries of changes waiting to be chained."""
    for dossier in root["dossiers"].values():
        journal = journal_of(dossier)
        entries = getattr(journal, "entries", None)
        if entries is None:
            continue
        del journal.entries
        journal.deferred = LOBTree()
        journal.last = None
        for entry in entries.values():
            journal.last = JournalRecord(entry, journal.last)


def unindex_dossier_content(root):
    """Dossiers and their content leave the SDI's system catalog (resources.system_catalog)."""
    catalog, objectmap = root["catalogs"][SYSTEM_CATALOG], root.__objectmap__
    for oid in list(catalog.objectids):
        path = objectmap.path_for(oid) or ()
        if len(path) > 2 and path[1] == root["dossiers"].__name__:  # in a dossier
            catalog.reindex_resource(objectmap.object_for(oid), oid=oid)


def keep_text_apart(root):
    """Each document's text moves from the document's record into one of its own."""
    for dossier in root["dossiers"].values():
        for item in dossier_items(dossier):
            if IMedicalDocument.providedBy(item):
                item._p_activate()
                if "text" in item.__dict__:
                    text = item.__dict__.pop("text")
                    item._p_changed = True
                    if text is not None:
                        item.text = text


def includeme(config):
    config.add_evolution_step(refresh_site_acl)
    config.add_evolution_step(add_workflows)
    config.add_evolution_step(add_journals)
    config.add_evolution_step(chain_journal_records)
    config.add_evolution_step(unindex_dossier_content)
    config.add_evolution_step(keep_text_apart)
