"""What a person may see of a dossier, and how a document is described to programs.

One function for the web pages, the JSON API and ``dmp ls``, so that they cannot disagree.
"""
from substanced.util import get_oid

from ..security.permissions import Permission
from .interfaces import IMedicalDocument


def documents_in(folder):
    return [item for item in folder.values() if IMedicalDocument.providedBy(item)]


def visible_documents(dossier, access, folder=None):
    """The documents of ``folder`` (default: every folder) that ``access`` may view."""
    folders = [folder] if folder is not None else dossier.folders()
    return [document
            for each in folders
            for document in documents_in(each)
            if access.can(document, Permission.DOCUMENT_VIEW)]


def newest_first(documents):
    return sorted(documents, key=lambda d: (d.care_date, d.created), reverse=True)


def document_id(document):
    """The public id of a document: its oid, as a string (64-bit ints do not survive JSON)."""
    return str(get_oid(document))


def describe_document(document):
    """The JSON description of a document (``dmp ls --json`` and the API)."""
    return {
        "id": document_id(document),
        "external_id": document.external_id,
        "title": document.title,
        "category": document.category,
        "type": document.type_code,
        "date": document.care_date.isoformat(),
        "state": document.state,
        "visibility": list(document.visibility) or ["normal"],
        "author": document.author_name,
        "author_kind": document.author_kind,
        "mime_type": document.mime_type,
        "size": document.size,
        "sha256": document.sha256,
        "filename": document.filename,
    }


def describe_dossier(dossier):
    return {"id": dossier.__name__, "nir": dossier.nir}
