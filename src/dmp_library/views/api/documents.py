"""One document: its description and its file."""
from pyramid.view import view_config

from ...resources.listing import describe_document
from ...security.permissions import Permission
from ..files import file_response


@view_config(route_name="api_document", request_method="GET",
             permission=Permission.DOCUMENT_VIEW, renderer="json")
def get_document(context, request):
    return describe_document(context)


@view_config(route_name="api_document_file", request_method="GET",
             permission=Permission.DOCUMENT_DOWNLOAD)
def get_file(context, request):
    return file_response(context)
