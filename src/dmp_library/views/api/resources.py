"""Route factories: the API's URLs lead to the same objects (and ACLs) as traversal."""
from pyramid.httpexceptions import HTTPNotFound
from substanced.db import root_factory

from ...resources.interfaces import IMedicalDocument


def dossier_factory(request):
    dossier = root_factory(request)["dossiers"].get(request.matchdict["id"])
    if dossier is None:
        raise HTTPNotFound()
    return dossier


def document_factory(request):
    """A document by its public id (its oid); anything else with that oid is "not found"."""
    try:
        oid = int(request.matchdict["id"])
    except ValueError:
        raise HTTPNotFound() from None
    document = root_factory(request).__objectmap__.object_for(oid)
    if document is None or not IMedicalDocument.providedBy(document):
        raise HTTPNotFound()
    return document
