"""Route factories: the API's URLs lead to the same objects (and ACLs) as traversal."""
from pyramid.httpexceptions import HTTPNotFound
from substanced.db import root_factory

from ...resources.interfaces import IGPSummary, IMedicalDocument


def dossier_factory(request):
    dossier = root_factory(request)["dossiers"].get(request.matchdict["id"])
    if dossier is None:
        raise HTTPNotFound()
    return dossier


def item_factory(request):
    """A document or GP summary by its public id (its oid); anything else is "not found"."""
    try:
        oid = int(request.matchdict["id"])
    except ValueError:
        raise HTTPNotFound() from None
    item = root_factory(request).__objectmap__.object_for(oid)
    if item is None or not (IMedicalDocument.providedBy(item) or IGPSummary.providedBy(item)):
        raise HTTPNotFound()
    return item
