"""What a person may see of a dossier, and how a document is described to programs.

One function for the web pages, the JSON API and ``dmp ls``, so that they cannot disagree.
"""
from substanced.util import get_oid

from ..security.permissions import Permission
from ..text import folded
from ..workflows.document_lifecycle import ARCHIVED
from .interfaces import IMedicalDocument


def documents_in(folder):
    return [item for item in folder.values() if IMedicalDocument.providedBy(item)]


def visible_documents(dossier, access, folder=None, include_archived=False):
    """The documents of ``folder`` (default: every folder) that ``access`` may view; archived
    ones only when asked for (deleted ones never: nobody may view them)."""
    folders = [folder] if folder is not None else dossier.folders()
    return [document
            for each in folders
            for document in documents_in(each)
            if (include_archived or document.state != ARCHIVED)
            and access.can(document, Permission.DOCUMENT_VIEW)]


def _newest(document):
    return (document.care_date, document.created)


# Sort name -> (key, reverse); "newest" is the default everywhere.
SORTS = {
    "newest": (_newest, True),
    "oldest": (_newest, False),
    "title": (lambda d: folded(d.title), False),
    "title_desc": (lambda d: folded(d.title), True),
    "author": (lambda d: (folded(d.author_sort_name), d.care_date), False),
}


def sort_documents(documents, sort="newest"):
    key, reverse = SORTS[sort]
    return sorted(documents, key=key, reverse=reverse)


def newest_first(documents):
    return sort_documents(documents, "newest")


def filter_documents(documents, date_from=None, date_to=None, type_code=None):
    """Documents whose care date is within [date_from, date_to] and of the given type."""
    return [d for d in documents
            if (date_from is None or d.care_date >= date_from)
            and (date_to is None or d.care_date <= date_to)
            and (type_code is None or d.type_code == type_code)]


def document_id(document):
    """The public id of a document: its oid, as a string (64-bit ints do not survive JSON)."""
    return str(get_oid(document))


def describe_document(document):
    """The JSON description of a document (``dmp ls --json`` and the API)."""
    return {
        "id": document_id(document),
        "kind": "document",
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
        "replaces": None if document.replaces is None else str(document.replaces),
        "replaced_by": None if document.replaced_by is None else str(document.replaced_by),
    }


def describe_summary(summary):
    """The JSON description of a GP summary (its sections are plain text)."""
    return {
        "id": document_id(summary),
        "kind": "gp_summary",
        "state": summary.state,
        "author": summary.author_name,
        "created": summary.created.isoformat(),
        "modified": summary.modified.isoformat(),
        "sections": dict(summary.sections),
    }


def describe_history(item):
    return [{"when": entry["when"].isoformat(), "who": entry["who_name"],
             "who_id": None if entry["who"] is None else str(entry["who"]),
             "transition": entry["transition"], "from": entry["from"], "to": entry["to"],
             "comment": entry["comment"]} for entry in item.history]


def describe_dossier(dossier):
    return {"id": dossier.__name__, "nir": dossier.nir}
