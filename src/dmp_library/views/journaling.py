"""Journaling from views: every page or file a person gets from a dossier is recorded."""
from ..journal.services import record
from ..resources.dossier import find_dossier


def journal(request, action, resource, detail=None):
    """Record ``action`` on ``resource`` (a dossier, folder, document or summary)."""
    dossier = find_dossier(resource)
    item = None if resource is dossier or not hasattr(resource, "author_oid") else resource
    record(request, dossier, action, item, detail)
