"""One document or GP summary: its description, its file, its workflow, its draft."""
import colander
from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config

from ...i18n import _
from ...resources.interfaces import IMedicalDocument
from ...resources.listing import describe_document, describe_history, describe_summary
from ...resources.schemas import DraftMetadataSchema, GPSummarySchema
from ...security.permissions import Permission
from ...workflows.services import TransitionError, available_transitions, transition
from ..files import file_response
from ..journaling import journal
from .errors import json_body, json_error


def describe(item):
    return describe_document(item) if IMedicalDocument.providedBy(item) else describe_summary(item)


@view_config(route_name="api_document", request_method="GET",
             permission=Permission.DOCUMENT_VIEW, renderer="json")
def get_item(context, request):
    journal(request, "view", context, detail="api")
    return describe(context)


@view_config(route_name="api_document_file", request_method="GET",
             permission=Permission.DOCUMENT_DOWNLOAD)
def get_file(context, request):
    if not IMedicalDocument.providedBy(context):
        raise HTTPNotFound()
    journal(request, "download", context, detail="api")
    return file_response(context)


@view_config(route_name="api_document", request_method="PUT", permission=Permission.EDIT,
             renderer="json")
def update_draft(context, request):
    """A draft summary's sections, or a draft document's metadata (partial updates)."""
    body = json_body(request)
    if body is None:
        return json_error(request, 400, _("Send a JSON object."))
    is_document = IMedicalDocument.providedBy(context)
    fields = body if is_document else body.get("sections", {})
    schema = DraftMetadataSchema() if is_document else GPSummarySchema()
    try:
        known = {key: value for key, value in fields.items() if key in schema}
        values = schema.deserialize(dict(schema.serialize(_current(context, schema)), **known))
    except (colander.Invalid, AttributeError) as error:
        details = error.asdict(request.localizer.translate) \
            if isinstance(error, colander.Invalid) else {}
        return json_error(request, 400, _("Invalid fields."), fields=details)
    if is_document:
        for key, value in values.items():
            setattr(context, key, tuple(value) if key == "visibility" else value)
    else:
        context.update(values)
    return describe(context)


def _current(item, schema):
    if IMedicalDocument.providedBy(item):
        return {node.name: getattr(item, node.name) for node in schema}
    return dict(item.sections)


@view_config(route_name="api_item_workflow", request_method="GET",
             permission=Permission.DOCUMENT_VIEW, renderer="json")
def get_workflow(context, request):
    return {"id": describe(context)["id"], "state": context.state,
            "transitions": available_transitions(context, request),
            "history": describe_history(context)}


@view_config(route_name="api_item_transition", request_method="POST",
             permission=Permission.DOCUMENT_VIEW, renderer="json")
def post_transition(context, request):
    body = json_body(request) or {}
    comment = body.get("comment") if isinstance(body, dict) else None
    comment = comment or request.POST.get("comment")
    try:
        transition(context, request, request.matchdict["transition"], comment)
    except TransitionError as error:
        return json_error(request, error.status, error.message)
    if not request.has_permission(Permission.DOCUMENT_VIEW, context):
        return {"id": describe(context)["id"], "state": context.state}
    return get_workflow(context, request)
