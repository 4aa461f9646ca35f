"""Closing and reopening a dossier, and taking it away as a ZIP file."""
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.response import FileIter, Response
from pyramid.view import view_config

from ...i18n import _
from ...resources.export import export_zip
from ...resources.interfaces import IDossier
from ...security.access import AccessError, close_dossier, reopen_dossier
from ...security.permissions import Permission
from ..dossier import dossier_page
from ..files import content_disposition
from ..journaling import journal


@view_config(context=IDossier, name="close", permission=Permission.DOSSIER_CLOSE,
             renderer="dmp_library:templates/dossier/close.pt")
def close_view(context, request):
    years = request.registry.settings["dmp.retention_years"]
    page = dossier_page(request, context, years=years)
    if request.method != "POST":
        return page
    try:
        close_dossier(context, request.POST.get("reason"), years, request.registry)
    except AccessError as error:
        request.response.status = error.status
        return dict(page, error=error.message)
    journal(request, "close", context, detail=context.close_reason)
    return HTTPSeeOther(location=request.resource_url(context, "closed"))


@view_config(context=IDossier, name="closed", permission=Permission.DOSSIER_REOPEN,
             renderer="dmp_library:templates/dossier/closed.pt")
def closed_view(context, request):
    return {"dossier": context}


@view_config(context=IDossier, name="reopen", request_method="POST",
             permission=Permission.DOSSIER_REOPEN)
def reopen_view(context, request):
    reopen_dossier(context, request.registry)
    journal(request, "reopen", context)
    request.session.flash(request.localizer.translate(_("Your dossier is open again.")))
    return HTTPSeeOther(location=request.resource_url(context))


@view_config(context=IDossier, name="export", permission=Permission.DOSSIER_EXPORT)
def export_view(context, request):
    """The whole dossier as a ZIP: documents in folders, an index.html, the journal."""
    journal(request, "export", context)
    archive = export_zip(context, request)
    size = archive.seek(0, 2)
    archive.seek(0)
    response = Response(app_iter=FileIter(archive), content_type="application/zip",
                        content_length=size)
    response.headers["Content-Disposition"] = content_disposition("attachment",
                                                                  "dossier-medical.zip")
    return response
