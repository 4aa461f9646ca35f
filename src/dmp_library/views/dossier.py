"""The pages of a dossier, shared by the patient and the professionals who may see it."""
from collections import Counter

from pyramid.view import view_config

from ..resources.dossier import find_dossier
from ..resources.interfaces import ICategoryFolder, IDossier, IMedicalDocument
from ..resources.listing import newest_first, visible_documents
from ..resources.summary import SECTIONS
from ..resources.vocabulary import DOCUMENT_TYPES
from ..security.permissions import Permission
from ..security.policy import DossierAccess, dossier_roles
from ..workflows.services import current_summary
from .files import PREVIEWABLE, file_response
from .journaling import journal
from .listing import PAGE_SIZES, SORT_LABELS, ListingOptions, list_documents
from .query import read_query
from .workflow import workflow_panel

RECENT_DOSSIERS = 10


def dossier_access(request, resource):
    """Permission checks for the logged-in user on many objects of ``resource``'s dossier."""
    return DossierAccess(find_dossier(resource), request.effective_principals)


def remember_visit(request, dossier):
    """Keep the professional's "recently opened dossiers" (most recent first)."""
    recent = getattr(request.user, "recent", None)
    if recent is not None:
        recent.visit(dossier.__name__, RECENT_DOSSIERS)


def dossier_page(request, dossier, **values):
    """What every dossier page shows besides its own content."""
    return dict(values, dossier=dossier,
                roles=dossier_roles(dossier, request.authenticated_userid),
                can_search=request.has_permission(Permission.DOSSIER_SEARCH, dossier))


@view_config(context=IDossier, permission=Permission.DOSSIER_VIEW,
             renderer="dmp_library:templates/dossier/home.pt")
def dossier_home(context, request):
    remember_visit(request, context)
    journal(request, "view", context)
    documents = visible_documents(context, dossier_access(request, context))
    counts = Counter(id(document.__parent__) for document in documents)
    summary = current_summary(context)
    if summary is not None and not request.has_permission(Permission.DOCUMENT_VIEW, summary):
        summary = None
    return dossier_page(
        request, context, summary=summary, sections=SECTIONS,
        can_write_summary=request.has_permission(Permission.SUMMARY_CREATE, context),
        folders=[(folder, counts[id(folder)]) for folder in context.folders()],
        latest=newest_first(documents)[:10],
        can_add=request.has_permission(Permission.DOCUMENT_ADD, context),
        can_add_own=request.has_permission(Permission.PATIENT_UPLOAD, context),
        can_manage_folders=request.has_permission(Permission.FOLDERS_MANAGE, context),
        can_manage_access=request.has_permission(Permission.ACCESS_MANAGE, context),
    )


@view_config(context=ICategoryFolder, permission=Permission.DOSSIER_VIEW,
             renderer="dmp_library:templates/dossier/folder.pt")
def folder_view(context, request):
    dossier = find_dossier(context)
    journal(request, "list", context, detail=context.__name__)
    options, errors = read_query(ListingOptions(), request.GET, request.localizer)
    if errors:
        request.response.status = 400
    documents = visible_documents(dossier, dossier_access(request, context), folder=context,
                                  include_archived=options["archived"])
    return dossier_page(
        request, dossier, folder=context, page=list_documents(documents, options),
        options=options, errors=errors, sorts=SORT_LABELS, sizes=PAGE_SIZES,
        types=DOCUMENT_TYPES,
        can_manage=context.personal and request.has_permission(Permission.FOLDERS_MANAGE,
                                                               context),
    )


def related_version(request, oid):
    """The other version of a document (replaced or replacing), if this user may see it."""
    version = request.site_root.__objectmap__.object_for(oid) if oid is not None else None
    if version is None or not request.has_permission(Permission.DOCUMENT_VIEW, version):
        return None
    return version


@view_config(context=IMedicalDocument, permission=Permission.DOCUMENT_VIEW,
             renderer="dmp_library:templates/dossier/document.pt")
def document_view(context, request):
    dossier = find_dossier(context)
    journal(request, "view", context)
    can_move = request.has_permission(Permission.DOCUMENT_MOVE, context) and \
        request.has_permission(Permission.FOLDERS_MANAGE, dossier)
    return dossier_page(
        request, dossier, document=context, workflow=workflow_panel(request, context),
        replaced_by=related_version(request, context.replaced_by),
        replaces=related_version(request, context.replaces),
        can_download=request.has_permission(Permission.DOCUMENT_DOWNLOAD, context),
        can_mask=request.has_permission(Permission.MASK, context),
        can_release=request.has_permission(Permission.RELEASE, context),
        previewable=context.mime_type in PREVIEWABLE,
        move_targets=[f for f in dossier.folders()
                      if (f.personal or f.category == context.category)
                      and f is not context.__parent__] if can_move else [],
    )


@view_config(context=IMedicalDocument, name="download", permission=Permission.DOCUMENT_DOWNLOAD)
def download_view(context, request):
    journal(request, "download", context)
    return file_response(context, inline=request.params.get("inline") == "1")
