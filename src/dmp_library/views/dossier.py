"""The pages of a dossier, shared by the patient and the professionals who may see it."""
from collections import Counter

from pyramid.view import view_config

from ..resources.dossier import find_dossier
from ..resources.interfaces import ICategoryFolder, IDossier, IMedicalDocument
from ..resources.listing import newest_first, visible_documents
from ..security.permissions import Permission
from ..security.policy import DossierAccess
from .files import PREVIEWABLE, file_response


def dossier_access(request, resource):
    """Permission checks for the logged-in user on many objects of ``resource``'s dossier."""
    return DossierAccess(find_dossier(resource), request.effective_principals)


@view_config(context=IDossier, permission=Permission.DOSSIER_VIEW,
             renderer="dmp_library:templates/dossier/home.pt")
def dossier_home(context, request):
    documents = visible_documents(context, dossier_access(request, context))
    counts = Counter(id(document.__parent__) for document in documents)
    return {
        "dossier": context,
        "folders": [(folder, counts[id(folder)]) for folder in context.folders()],
        "latest": newest_first(documents)[:10],
        "can_add": request.has_permission(Permission.DOCUMENT_ADD, context),
        "can_add_own": request.has_permission(Permission.PATIENT_UPLOAD, context),
    }


@view_config(context=ICategoryFolder, permission=Permission.DOSSIER_VIEW,
             renderer="dmp_library:templates/dossier/folder.pt")
def folder_view(context, request):
    dossier = find_dossier(context)
    documents = visible_documents(dossier, dossier_access(request, context), folder=context)
    return {"dossier": dossier, "folder": context, "documents": newest_first(documents)}


@view_config(context=IMedicalDocument, permission=Permission.DOCUMENT_VIEW,
             renderer="dmp_library:templates/dossier/document.pt")
def document_view(context, request):
    return {
        "dossier": find_dossier(context),
        "document": context,
        "can_download": request.has_permission(Permission.DOCUMENT_DOWNLOAD, context),
        "previewable": context.mime_type in PREVIEWABLE,
    }


@view_config(context=IMedicalDocument, name="download", permission=Permission.DOCUMENT_DOWNLOAD)
def download_view(context, request):
    return file_response(context, inline=request.params.get("inline") == "1")
