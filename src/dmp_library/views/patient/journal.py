"""The patient's journal page: every access and change, filtered, exported as CSV."""
import colander
from pyramid.response import Response
from pyramid.view import view_config

from ...i18n import _
from ...journal.log import journal_of
from ...journal.services import ACTIONS, as_csv, entries
from ...resources.interfaces import IDossier
from ...security.permissions import Permission
from ..dossier import dossier_page
from ..files import content_disposition
from ..query import read_query


class JournalFilters(colander.Schema):
    date_from = colander.SchemaNode(colander.Date(), missing=None, title=_("From"))
    date_to = colander.SchemaNode(colander.Date(), missing=None, title=_("To"))
    who = colander.SchemaNode(colander.Integer(), missing=None)
    action = colander.SchemaNode(colander.String(), missing=None,
                                 validator=colander.OneOf(list(ACTIONS)))


def people_in(dossier):
    """(oid, name) of everyone who appears in the journal, for the "person" filter."""
    people = {}
    for entry in journal_of(dossier):
        if entry["who"] is not None:
            people[entry["who"]] = entry["who_name"]
    return sorted(people.items(), key=lambda pair: pair[1])


@view_config(context=IDossier, name="journal", permission=Permission.JOURNAL_VIEW,
             renderer="dmp_library:templates/dossier/journal.pt")
def journal_view(context, request):
    filters, errors = read_query(JournalFilters(), request.GET, request.localizer)
    if errors:
        request.response.status = 400
    return dossier_page(request, context, entries=entries(context, **filters),
                        filters=filters, errors=errors, people=people_in(context),
                        actions=ACTIONS)


@view_config(context=IDossier, name="journal.csv", permission=Permission.JOURNAL_VIEW)
def journal_csv(context, request):
    filters, _errors = read_query(JournalFilters(), request.GET, request.localizer)
    response = Response(as_csv(entries(context, **filters)), content_type="text/csv",
                        charset="utf-8")
    response.headers["Content-Disposition"] = content_disposition("attachment", "journal.csv")
    return response
