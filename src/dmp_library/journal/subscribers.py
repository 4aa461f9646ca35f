"""Transitions are journaled wherever they are run from (web, API)."""
from pyramid.threadlocal import get_current_request
from substanced.event import subscribe_after_transition

from ..resources.dossier import find_dossier
from .services import record


@subscribe_after_transition()
def journal_transition(event):
    request = get_current_request()
    if request is None or request.user is None:  # imports and automatic supersessions
        return
    record(request, find_dossier(event.object), "transition", event.object,
           detail="%s: %s → %s" % (event.transition, event.old_state, event.new_state))
