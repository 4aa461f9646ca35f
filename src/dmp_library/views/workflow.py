"""Transitions from the web: the buttons on a document's or a summary's page."""
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ..i18n import _
from ..resources.dossier import find_dossier
from ..resources.interfaces import IGPSummary, IMedicalDocument
from ..security.permissions import Permission
from ..workflows.services import TransitionError, available_transitions, transition
from .auth import home_url

DONE = {
    "submit": _("Submitted."),
    "validate": _("Validated."),
    "reject": _("Sent back to its author."),
    "publish": _("Published."),
    "archive": _("Archived."),
    "unarchive": _("Back among the current documents."),
    "delete": _("Deleted."),
}


def workflow_panel(request, item):
    """What the workflow part of an item's page shows."""
    return {"transitions": [name for name in available_transitions(item, request)
                            if name != "replace"],
            "can_replace": request.has_permission(Permission.REPLACE, item),
            "history": item.history}


@view_config(context=IMedicalDocument, name="transition", request_method="POST",
             permission=Permission.DOCUMENT_VIEW)
@view_config(context=IGPSummary, name="transition", request_method="POST",
             permission=Permission.DOCUMENT_VIEW)
def transition_view(context, request):
    name = request.POST.get("transition", "")
    try:
        transition(context, request, name, request.POST.get("comment"))
    except TransitionError as error:
        request.session.flash(request.localizer.translate(error.message), "error")
        return HTTPSeeOther(location=request.resource_url(context))
    request.session.flash(request.localizer.translate(DONE.get(name, _("Done."))))
    return HTTPSeeOther(location=_next_page(request, context))


def _next_page(request, item):
    """The item if it is still visible to this user (a deleted one is not, nor a validated
    one to its validator), else its dossier, else the user's home."""
    if request.has_permission(Permission.DOCUMENT_VIEW, item):
        return request.resource_url(item)
    dossier = find_dossier(item)
    if request.has_permission(Permission.DOSSIER_VIEW, dossier):
        return request.resource_url(dossier)
    return home_url(request, request.user)
