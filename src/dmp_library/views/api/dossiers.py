"""Dossiers, their documents and GP summaries: the same answers as ``dmp ls``."""
import colander
from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound
from pyramid.view import view_config

from ...i18n import _
from ...resources.dossier import find_dossier
from ...resources.interfaces import IMedicalDocument
from ...resources.listing import (
    describe_document,
    describe_dossier,
    describe_summary,
    newest_first,
    visible_documents,
)
from ...resources.schemas import (
    DocumentMetadataSchema,
    GPSummarySchema,
    NewVersionSchema,
    PatientDocumentSchema,
)
from ...resources.services import (
    DuplicateDocument,
    UnknownValidator,
    add_new_version,
    add_patient_document,
    add_professional_document,
    create_summary,
    professional_metadata,
)
from ...resources.uploads import UploadError, receive_upload, too_large_message
from ...security.permissions import Permission
from ...security.policy import DossierAccess
from ...workflows.services import TransitionError, current_summary, file_upload
from ..journaling import journal
from .errors import json_body, json_error


def _documents(dossier, request):
    access = DossierAccess(dossier, request.effective_principals)
    include_archived = request.params.get("archived") in ("1", "true")
    documents = visible_documents(dossier, access, include_archived=include_archived)
    return [describe_document(d) for d in newest_first(documents)]


@view_config(route_name="api_dossier", request_method="GET", permission=Permission.DOSSIER_VIEW,
             renderer="json")
def get_dossier(context, request):
    journal(request, "list", context, detail="api")
    dossier = dict(describe_dossier(context), family_name=context.family_name,
                   given_names=context.given_names, birth_date=context.birth_date.isoformat(),
                   sex=context.sex)
    return {"dossier": dossier, "documents": _documents(context, request)}


@view_config(route_name="api_dossier_documents", request_method="GET",
             permission=Permission.DOSSIER_VIEW, renderer="json")
def list_documents(context, request):
    journal(request, "list", context, detail="api")
    return {"dossier": describe_dossier(context), "documents": _documents(context, request)}


def _metadata(request, schema):
    """The multipart fields other than the file, validated by the forms' schema."""
    fields = {key: value for key, value in request.POST.items()
              if key in schema and key != "visibility"}
    if "visibility" in request.POST:
        fields["visibility"] = request.POST.getall("visibility")
    return schema.deserialize(fields)


def _replaced(context, request):
    """The document named by the ``replaces`` field, if any (same dossier only)."""
    value = request.POST.get("replaces")
    if not value:
        return None
    try:
        old = request.site_root.__objectmap__.object_for(int(value))
    except ValueError:
        old = None
    if old is None or not IMedicalDocument.providedBy(old) or find_dossier(old) is not context:
        raise HTTPNotFound()
    return old


def _how_to_store(context, request, old):
    """(schema, store) for this user: a professional's upload or new version, or the
    patient's own document."""
    if old is not None or request.has_permission(Permission.DOCUMENT_ADD, context):
        def store(upload, metadata):
            metadata, keep_draft = professional_metadata(request.site_root, metadata)
            if old is not None:
                document = add_new_version(old, upload, request.user, request, **metadata)
            else:
                document = add_professional_document(context, upload, request.user,
                                                     request.registry, **metadata)
            file_upload(document, request, keep_draft)
            return document
        return (NewVersionSchema() if old is not None else DocumentMetadataSchema()), store
    if request.has_permission(Permission.PATIENT_UPLOAD, context):
        def store(upload, metadata):
            document = add_patient_document(context, upload, request.user, request.registry,
                                            **metadata)
            file_upload(document, request)
            return document
        return PatientDocumentSchema(), store
    raise HTTPForbidden()


@view_config(route_name="api_dossier_documents", request_method="POST", renderer="json")
def add_document(context, request):
    """Professionals file into a category (or upload a new version with ``replaces``); the
    patient files into "my documents"."""
    schema, store = _how_to_store(context, request, _replaced(context, request))
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
        document = store(upload, metadata)
    except (DuplicateDocument, UnknownValidator) as error:
        return json_error(request, 409 if isinstance(error, DuplicateDocument) else 400,
                          error.message)
    except TransitionError as error:
        return json_error(request, error.status, error.message)
    finally:
        upload.close()
    journal(request, "upload", document, detail="api")
    request.response.status = 201
    request.response.headers["Location"] = request.route_url("api_document",
                                                             id=describe_document(document)["id"])
    return describe_document(document)


@view_config(route_name="api_dossier_summaries", request_method="POST",
             permission=Permission.SUMMARY_CREATE, renderer="json")
def create_summary_view(context, request):
    """A draft GP summary from ``{"sections": {name: text}}``."""
    body = json_body(request)
    if body is None or not isinstance(body.get("sections"), dict):
        return json_error(request, 400, _("Send {\"sections\": {...}} as JSON."))
    try:
        sections = GPSummarySchema().deserialize(body["sections"])
    except colander.Invalid as error:
        return json_error(request, 400, _("Invalid fields."),
                          fields=error.asdict(request.localizer.translate))
    summary = create_summary(context, sections, request.user, request.registry)
    request.response.status = 201
    request.response.headers["Location"] = request.route_url(
        "api_document", id=describe_summary(summary)["id"])
    return describe_summary(summary)


@view_config(route_name="api_dossier_summary", request_method="GET",
             permission=Permission.DOSSIER_VIEW, renderer="json")
def get_current_summary(context, request):
    summary = current_summary(context)
    if summary is None or not request.has_permission(Permission.DOCUMENT_VIEW, summary):
        raise HTTPNotFound()
    journal(request, "view", summary, detail="api")
    return describe_summary(summary)
