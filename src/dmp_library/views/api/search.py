"""``GET /api/v1/dossiers/{id}/search?q=...``: the search page's answer as JSON."""
from pyramid.view import view_config

from ...i18n import _
from ...search.queries import QueryError
from ...security.permissions import Permission
from ..query import read_query
from ..search import SearchOptions, run_search
from .errors import json_error


@view_config(route_name="api_dossier_search", request_method="GET",
             permission=Permission.DOSSIER_SEARCH, renderer="json")
def search_api(context, request):
    """Also ``page``, ``page_size`` (at most 100), ``sort`` (relevance, date) and the
    filters ``category``, ``type``, ``author``, ``year``, ``date_from``, ``date_to``,
    ``since_last_visit``, ``archived``."""
    options, errors = read_query(SearchOptions(), request.GET, request.localizer)
    if errors:
        return json_error(request, 400, _("Invalid fields."), fields=errors)
    try:
        results = run_search(request, context, options)
    except QueryError as error:
        return json_error(request, 400, error.message)
    return results.to_json()
