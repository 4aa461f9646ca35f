"""Dossiers and their documents: the same answers as ``dmp ls``."""
import colander
from pyramid.httpexceptions import HTTPForbidden
from pyramid.view import view_config

from ...i18n import _
from ...resources.listing import (
    describe_document,
    describe_dossier,
    newest_first,
    visible_documents,
)
from ...resources.schemas import DocumentMetadataSchema, PatientDocumentSchema
from ...resources.services import DuplicateDocument, add_patient_document, add_professional_document
from ...resources.uploads import UploadError, receive_upload, too_large_message
from ...security.permissions import Permission
from ...security.policy import DossierAccess
from .errors import json_error


def _documents(dossier, request):
    access = DossierAccess(dossier, request.effective_principals)
    return [describe_document(d) for d in newest_first(visible_documents(dossier, access))]


@view_config(route_name="api_dossier", request_method="GET", permission=Permission.DOSSIER_VIEW,
             renderer="json")
def get_dossier(context, request):
    dossier = dict(describe_dossier(context), family_name=context.family_name,
                   given_names=context.given_names, birth_date=context.birth_date.isoformat(),
                   sex=context.sex)
    return {"dossier": dossier, "documents": _documents(context, request)}


@view_config(route_name="api_dossier_documents", request_method="GET",
             permission=Permission.DOSSIER_VIEW, renderer="json")
def list_documents(context, request):
    return {"dossier": describe_dossier(context), "documents": _documents(context, request)}


def _metadata(request, schema):
    """The multipart fields other than the file, validated by the forms' schema."""
    fields = {key: value for key, value in request.POST.items()
              if key not in ("file", "visibility")}
    if "visibility" in request.POST:
        fields["visibility"] = request.POST.getall("visibility")
    return schema.deserialize(fields)


@view_config(route_name="api_dossier_documents", request_method="POST", renderer="json")
def add_document(context, request):
    """Professionals (DOCUMENT_ADD) file into a category; the patient into "my documents"."""
    if request.has_permission(Permission.DOCUMENT_ADD, context):
        schema, store = DocumentMetadataSchema(), add_professional_document
    elif request.has_permission(Permission.PATIENT_UPLOAD, context):
        schema, store = PatientDocumentSchema(), add_patient_document
    else:
        raise HTTPForbidden()
    max_bytes = request.registry.settings["dmp.max_upload_bytes"]
    if (request.content_length or 0) > max_bytes + 64 * 1024:
        return json_error(request, 413, too_large_message(max_bytes))
    file_field = request.POST.get("file")
    if not hasattr(file_field, "file"):
        return json_error(request, 400, _("Send the document as the multipart field \"file\"."))
    try:
        metadata = _metadata(request, schema)
    except colander.Invalid as error:
        return json_error(request, 400, _("Invalid metadata."),
                          fields=error.asdict(request.localizer.translate))
    try:
        upload = receive_upload(file_field.file, file_field.filename, max_bytes)
    except UploadError as error:
        return json_error(request, error.status, error.message)
    try:
        if "visibility" in metadata:
            metadata["visibility"] = tuple(metadata["visibility"])
        document = store(context, upload, request.user, request.registry, **metadata)
    except DuplicateDocument as error:
        return json_error(request, 409, error.message)
    finally:
        upload.close()
    request.response.status = 201
    request.response.headers["Location"] = request.route_url("api_document",
                                                             id=describe_document(document)["id"])
    return describe_document(document)
