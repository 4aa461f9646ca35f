"""Searching a patient's library: the search page of every dossier."""
import datetime

import colander
from pyramid.view import view_config

from ..clock import utcnow
from ..i18n import _
from ..journal.services import last_visit
from ..resources.interfaces import IDossier
from ..search.queries import QueryError
from ..search.services import SORTS, Filters, search
from ..security.permissions import Permission
from .dossier import dossier_access, dossier_page
from .journaling import journal
from .query import read_query

PAGE_SIZE = 10


class SearchOptions(colander.Schema):
    q = colander.SchemaNode(colander.String(), missing="")
    sort = colander.SchemaNode(colander.String(), missing="relevance",
                               validator=colander.OneOf(SORTS))
    page = colander.SchemaNode(colander.Integer(), missing=1, validator=colander.Range(min=1))
    page_size = colander.SchemaNode(colander.Integer(), missing=PAGE_SIZE,
                                    validator=colander.Range(min=1, max=100))
    category = colander.SchemaNode(colander.String(), missing=None)
    type = colander.SchemaNode(colander.String(), missing=None)
    author = colander.SchemaNode(colander.String(), missing=None)
    year = colander.SchemaNode(colander.Integer(), missing=None,
                               validator=colander.Range(min=1900, max=2100))
    date_from = colander.SchemaNode(colander.Date(), missing=None)
    date_to = colander.SchemaNode(colander.Date(), missing=None)
    since_last_visit = colander.SchemaNode(colander.Boolean(), missing=False)
    archived = colander.SchemaNode(colander.Boolean(), missing=False)


def search_filters(options, dossier, request):
    """The Filters the options ask for ("since my last visit" read from the journal)."""
    date_from, date_to = options["date_from"], options["date_to"]
    if options["year"]:
        date_from = max(date_from or datetime.date.min, datetime.date(options["year"], 1, 1))
        date_to = min(date_to or datetime.date.max, datetime.date(options["year"], 12, 31))
    since = None
    if options["since_last_visit"]:
        # The previous visit: before the present session began.
        session = datetime.timedelta(seconds=request.registry.settings["dmp.session_timeout"])
        since = last_visit(dossier, request.authenticated_userid, utcnow() - session) or \
            datetime.datetime.min.replace(tzinfo=datetime.timezone.utc)
    return Filters(category=options["category"], type_code=options["type"],
                   author=options["author"], date_from=date_from, date_to=date_to,
                   since=since, archived=options["archived"])


def run_search(request, dossier, options):
    """Journal the search with its words, then run it as the request's user (QueryError when
    the words cannot be searched for)."""
    journal(request, "search", dossier, detail=options["q"])
    return search(dossier, dossier_access(request, dossier), options["q"],
                  search_filters(options, dossier, request), options["sort"], options["page"],
                  options["page_size"])


@view_config(context=IDossier, name="search", permission=Permission.DOSSIER_SEARCH,
             renderer="dmp_library:templates/dossier/search.pt")
def search_view(context, request):
    options, errors = read_query(SearchOptions(), request.GET, request.localizer)
    page = dossier_page(request, context, options=options, errors=errors, results=None,
                        problem=None)
    if errors:
        request.response.status = 400
    if not options["q"].strip():
        return dict(page, problem=_("Type one or more words to search for.")
                    if "q" in request.GET else None)
    try:
        results = run_search(request, context, options)
    except QueryError as error:
        return dict(page, problem=error.message)
    return dict(page, results=results)
