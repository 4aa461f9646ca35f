"""Adding a document through a form: one flow for professionals and patients."""
import colander
import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.view import view_config

from ..i18n import _
from ..resources.dossier import find_dossier
from ..resources.interfaces import IDossier, IMedicalDocument
from ..resources.schemas import DocumentMetadataSchema, NewVersionSchema, PatientDocumentSchema
from ..resources.services import (
    DuplicateDocument,
    UnknownValidator,
    add_new_version,
    add_patient_document,
    add_professional_document,
    professional_metadata,
)
from ..resources.uploads import ACCEPTED_TYPES, UploadError, receive_upload, too_large_message
from ..security.permissions import Permission
from ..workflows.services import TransitionError, file_upload
from .dossier import dossier_page
from .forms import button, make_form, service_error, validate
from .journaling import journal

# Room for the form fields around the file in a multipart body.
_MULTIPART_OVERHEAD = 64 * 1024


class _RequestTmpStore(dict):
    """deform's FileUploadWidget wants a store for re-displaying files; a browser cannot
    pre-fill a file input anyway, so the file lives only for the request."""

    def preview_url(self, uid):
        return None


def _with_file(schema):
    schema = schema.clone()
    schema.add(colander.SchemaNode(
        deform.FileData(), name="upload", title=_("File"),
        description=_("PDF, text, HTML, RTF, DOCX, ODT, JPEG, PNG or TIFF."),
        widget=deform.widget.FileUploadWidget(_RequestTmpStore(), attributes={
            "accept": ",".join(sorted({ext for exts in ACCEPTED_TYPES.values()
                                       for ext in exts}))}),
    ))
    return schema


def _upload_form(context, request, schema, title, store):
    """GET: the form. POST: validate, receive the file, ``store`` it, go to the document."""
    form = make_form(request, _with_file(schema), [button("submit", _("Add the document"))],
                     formid="upload-form")
    # static/js/dmp.js sends such forms itself to show a progress bar.
    form.widget.attributes = {"data-upload": "",
                              "data-sending": request.localizer.translate(_("Sending…"))}
    page = dossier_page(request, find_dossier(context), title=title)
    if "submit" not in request.POST:
        return dict(page, form=form.render())
    max_bytes = request.registry.settings["dmp.max_upload_bytes"]
    if (request.content_length or 0) > max_bytes + _MULTIPART_OVERHEAD:
        request.response.status = 413
        return dict(page, form=form.render(), error=too_large_message(max_bytes))
    try:
        data = validate(form, request)
        file_data = data.pop("upload")
        upload = receive_upload(file_data["fp"], file_data.get("filename"), max_bytes)
    except deform.ValidationFailure as failure:
        request.response.status = 400
        return dict(page, form=failure.render())
    except UploadError as error:
        request.response.status = error.status
        return dict(page, form=service_error(form, data, error.message, "upload").render())
    try:
        document = store(upload, data)
    except DuplicateDocument as error:
        request.response.status = 409
        return dict(page, form=service_error(form, data, error.message, "external_id").render())
    except UnknownValidator as error:
        request.response.status = 400
        return dict(page, form=service_error(form, data, error.message, "validator").render())
    except TransitionError as error:
        request.response.status = error.status
        return dict(page, form=service_error(form, data, error.message).render())
    finally:
        upload.close()
    journal(request, "upload", document)
    request.session.flash(request.localizer.translate(_("The document has been added.")))
    location = request.resource_url(document)
    if request.is_xhr:  # the progress script navigates itself (a redirect would eat the flash)
        return render_to_response("json", {"location": location}, request=request)
    return HTTPSeeOther(location=location)


@view_config(context=IDossier, name="add-document", permission=Permission.DOCUMENT_ADD,
             renderer="dmp_library:templates/dossier/upload.pt")
def add_document_view(context, request):
    def store(upload, data):
        metadata, keep_draft = professional_metadata(request.site_root, data)
        document = add_professional_document(context, upload, request.user, request.registry,
                                             **metadata)
        file_upload(document, request, keep_draft)
        return document

    return _upload_form(context, request, DocumentMetadataSchema(), _("Add a document"), store)


@view_config(context=IMedicalDocument, name="new-version", permission=Permission.REPLACE,
             renderer="dmp_library:templates/dossier/upload.pt")
def new_version_view(context, request):
    def store(upload, data):
        metadata, keep_draft = professional_metadata(request.site_root, data)
        document = add_new_version(context, upload, request.user, request, **metadata)
        file_upload(document, request, keep_draft)
        return document

    return _upload_form(context, request, NewVersionSchema(), _("Upload a new version"), store)


@view_config(context=IDossier, name="add-my-document", permission=Permission.PATIENT_UPLOAD,
             renderer="dmp_library:templates/dossier/upload.pt")
def add_my_document_view(context, request):
    def store(upload, data):
        document = add_patient_document(context, upload, request.user, request.registry, **data)
        file_upload(document, request)
        return document

    return _upload_form(context, request, PatientDocumentSchema(), _("Add one of my documents"),
                        store)
