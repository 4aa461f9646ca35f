"""Running transitions: the one way documents and GP summaries change state.

Every transition is checked against the live ACL (the request's principals), recorded in the
item's review history and announced with substanced's AfterTransition event (journal,
notifications and indexes subscribe to it).
"""
from pyramid.traversal import find_root
from substanced.util import get_oid
from substanced.workflow import STATE_ATTR

from ..i18n import _
from ..resources.dossier import find_dossier
from ..security.accounts import display_name
from . import summary_review, workflow_for
from .base import record

COMMENT_REQUIRED = {"reject"}


class TransitionError(Exception):
    """A refused transition: 403 (not allowed to you) or 409 (not possible from this state)."""

    def __init__(self, message, status):
        super().__init__(message)
        self.message = message
        self.status = status


def available_transitions(item, request):
    """The transitions ``request``'s user may run on ``item`` now."""
    workflow = workflow_for(item).WORKFLOW
    return sorted({t["name"] for t in workflow.get_transitions(item, request)
                   if not t.get("automatic")})


def start(item):
    """Put a new item (already in its dossier) in its workflow's initial state."""
    workflow_for(item).WORKFLOW.initialize(item)


def force_state(item, state, comment):
    """Set a state without a transition: for imports of documents that arrive validated."""
    module = workflow_for(item)
    states = getattr(item, STATE_ATTR, None)
    if states is None:
        module.WORKFLOW.initialize(item)
        states = getattr(item, STATE_ATTR)
    before = states.get(module.TYPE)
    states[module.TYPE] = state
    module.WORKFLOW.reset(item)  # runs the state's ACL callback
    record(item, None, "", "import", before, state, comment)


def check_transition(item, request, name, uploading=False):
    """Raise TransitionError unless ``request``'s user may run ``name`` on ``item`` now."""
    state = item.state
    if name not in workflow_for(item).WORKFLOW.transition_names(state):
        raise TransitionError(_("This action is not possible on an item in state "
                                "\u201c${state}\u201d.", mapping={"state": state}), 409)
    if name == "replace" and not uploading:
        raise TransitionError(_("A document is replaced by uploading its new version "
                                "(with \u201creplaces\u201d)."), 409)
    if name not in available_transitions(item, request):
        raise TransitionError(_("You are not allowed to do this."), 403)


def transition(item, request, name, comment=None, *, uploading=False):
    """Run transition ``name`` on ``item`` as ``request``'s user; raise TransitionError."""
    module = workflow_for(item)
    before = item.state
    check_transition(item, request, name, uploading)
    comment = (comment or "").strip()
    if name in COMMENT_REQUIRED and not comment:
        raise TransitionError(_("Say why in a comment."), 400)
    previous = current_summary(find_dossier(item)) if name == "publish" else None
    module.WORKFLOW.transition(item, request, name)
    who = request.authenticated_userid
    who_name = display_name(find_root(item), request.user)
    record(item, who, who_name, name, before, item.state, comment)
    if name == "publish":
        _supersede(previous, item, request, who, who_name)


def current_summary(dossier):
    """The dossier's published GP summary, or None."""
    if dossier.current_summary_oid is None:
        return None
    return find_root(dossier).__objectmap__.object_for(dossier.current_summary_oid)


def _supersede(previous, published, request, who, who_name):
    """At most one current summary: the one just published replaces the previous one."""
    dossier = find_dossier(published)
    if previous is not None and previous is not published:
        summary_review.WORKFLOW.transition(previous, request, "supersede")
        record(previous, who, who_name, "supersede", summary_review.PUBLISHED,
               summary_review.SUPERSEDED)
        previous.superseded_by = get_oid(published)
        published.supersedes = get_oid(previous)
    dossier.current_summary_oid = get_oid(published)


def file_upload(document, request, keep_draft=False):
    """What follows an upload: a draft stays one if asked; otherwise the document goes to its
    designated validator, or is validated by its author."""
    if not keep_draft:
        transition(document, request, "submit" if document.validator_oid is not None
                   else "validate")
