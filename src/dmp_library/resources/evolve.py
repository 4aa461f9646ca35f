"""Evolve steps: data migrations for existing sites (``sd_evolve``, or automatically with
``substanced.autoevolve = true``). A new site is created up to date and skips them all."""
from persistent.mapping import PersistentMapping
from substanced.util import set_acl
from substanced.workflow import STATE_ATTR

from ..journal.log import journal_of
from ..security.acl import dossier_items, refresh_acls
from ..workflows import workflow_for
from ..workflows.worklists import CATALOG as WORKLISTS
from .people import PROFESSIONAL, RecentDossiers
from .site import site_acl


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


def includeme(config):
    config.add_evolution_step(refresh_site_acl)
    config.add_evolution_step(add_workflows)
    config.add_evolution_step(add_journals)
