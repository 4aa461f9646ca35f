"""The patient's own folders: create, rename, delete when empty, move documents into them."""
import colander
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ...i18n import _
from ...resources.dossier import find_dossier
from ...resources.interfaces import ICategoryFolder, IDossier, IMedicalDocument
from ...resources.services import (
    FolderError,
    create_personal_folder,
    delete_personal_folder,
    move_document,
    rename_personal_folder,
)
from ...security.permissions import Permission


class FolderTitle(colander.Schema):
    title = colander.SchemaNode(colander.String(), preparer=lambda v: v.strip()
                                if isinstance(v, str) else v,
                                validator=colander.Length(min=1, max=80))


def _title(request):
    """The posted folder title, or a FolderError with the message to show."""
    try:
        return FolderTitle().deserialize({"title": request.POST.get("title", "")})["title"]
    except colander.Invalid:
        raise FolderError(_("Give the folder a name (80 characters at most).")) from None


def _done(request, location, message):
    request.session.flash(request.localizer.translate(message))
    return HTTPSeeOther(location=location)


def _refused(request, location, error):
    request.session.flash(request.localizer.translate(error.message), "error")
    return HTTPSeeOther(location=location)


@view_config(context=IDossier, name="new-folder", request_method="POST",
             permission=Permission.FOLDERS_MANAGE)
def new_folder(context, request):
    try:
        folder = create_personal_folder(context, _title(request), request.registry)
    except FolderError as error:
        return _refused(request, request.resource_url(context), error)
    return _done(request, request.resource_url(folder), _("Folder created."))


@view_config(context=ICategoryFolder, name="rename", request_method="POST",
             permission=Permission.FOLDERS_MANAGE)
def rename_folder(context, request):
    try:
        rename_personal_folder(context, _title(request))
    except FolderError as error:
        return _refused(request, request.resource_url(context), error)
    return _done(request, request.resource_url(context), _("Folder renamed."))


@view_config(context=ICategoryFolder, name="delete", request_method="POST",
             permission=Permission.FOLDERS_MANAGE)
def delete_folder(context, request):
    dossier = find_dossier(context)
    try:
        delete_personal_folder(context, request.registry)
    except FolderError as error:
        return _refused(request, request.resource_url(context), error)
    return _done(request, request.resource_url(dossier), _("Folder deleted."))


@view_config(context=IMedicalDocument, name="move", request_method="POST",
             permission=Permission.DOCUMENT_MOVE)
def move(context, request):
    dossier = find_dossier(context)
    if not request.has_permission(Permission.FOLDERS_MANAGE, dossier):
        return _refused(request, request.resource_url(context),
                        FolderError(_("Only the patient organises the dossier's folders.")))
    target = dossier.get(request.POST.get("folder", ""))
    try:
        if not ICategoryFolder.providedBy(target):
            raise FolderError(_("This folder does not exist."))
        move_document(context, target)
    except FolderError as error:
        return _refused(request, request.resource_url(context), error)
    return _done(request, request.resource_url(context), _("Document moved."))
