"""Worklists: "awaiting my review" and "my drafts", from a small catalog of items' states.

The "worklists" catalog indexes each document and GP summary by workflow state and author;
its ``allowed`` index asks the objectmap's copy of the ACLs who may validate or publish, so a
change of médecin traitant or validator needs no reindexing of its own.
"""
from substanced.catalog import Allowed, Field
from substanced.event import subscribe_after_transition
from substanced.util import find_catalog, get_oid

from ..resources.interfaces import IGPSummary, IMedicalDocument
from ..security.permissions import Permission
from . import document_lifecycle as lifecycle
from . import summary_review as review

CATALOG = "worklists"
DRAFT_STATES = (lifecycle.DRAFT, lifecycle.REJECTED)  # same names in both workflows
# (state, the permission that makes someone its reviewer)
REVIEWS = ((lifecycle.PENDING, Permission.VALIDATE), (review.PENDING_REVIEW, Permission.PUBLISH))


class WorklistIndexes:
    state = Field()
    author = Field()
    allowed = Allowed()


class ItemIndexViews:
    """What the worklists catalog reads of a document or GP summary."""

    def __init__(self, resource):
        self.resource = resource

    def state(self, default):
        return self.resource.state

    def author(self, default):
        return self.resource.author_oid


@subscribe_after_transition()
def reindex_after_transition(event):
    catalog = find_catalog(event.object, CATALOG)
    if catalog is not None:
        catalog.reindex_resource(event.object, oid=get_oid(event.object))


def _items(catalog, query):
    return list(query.execute().all()) if catalog is not None else []


def awaiting_review(root, principals):
    """Items waiting for the validation or publication these principals may give."""
    catalog = find_catalog(root, CATALOG)
    found = []
    for state, permission in REVIEWS:
        query = catalog["state"].eq(state) & catalog["allowed"].allows(principals,
                                                                       permission.value)
        found += _items(catalog, query)
    return found


def drafts_of(root, user):
    """The user's own items still in draft or sent back to them."""
    catalog = find_catalog(root, CATALOG)
    query = catalog["author"].eq(get_oid(user)) & catalog["state"].any(DRAFT_STATES)
    return _items(catalog, query)


def includeme(config):
    config.add_catalog_factory(CATALOG, WorklistIndexes)
    for context in (IMedicalDocument, IGPSummary):
        for index in ("state", "author"):
            config.add_indexview(ItemIndexViews, catalog_name=CATALOG, index_name=index,
                                 context=context, attr=index)
