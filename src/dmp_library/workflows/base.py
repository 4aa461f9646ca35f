"""What both workflows share: a substanced Workflow built from a state x role table.

Substanced's Workflow names each transition once; ours may leave several states by the same
name ("delete" from a draft or from a validated document), since the name is what people and
programs ask for. Entering a state sets the ACL generated from the table (``security.acl``).
"""
from substanced.workflow import Workflow, WorkflowError

from ..clock import utcnow


class TableWorkflow(Workflow):
    """A Workflow whose transitions are keyed by (name, from_state)."""

    def add_transition(self, transition_name, from_state, to_state, callback=None,
                       permission=None, **kw):
        key = (transition_name, from_state)
        if key in self._transitions:
            raise WorkflowError("Duplicate transition %s from %s" % key)
        if from_state not in self._states or to_state not in self._states:
            raise WorkflowError("No such state in %r" % (key,))
        self._transitions[key] = self._transition_factory(
            name=transition_name, from_state=from_state, to_state=to_state, callback=callback,
            permission=permission, **kw)

    def transition_names(self, from_state):
        """The transitions people may ask for from ``from_state`` (not the automatic ones)."""
        return sorted({t["name"] for t in self._transitions.values()
                       if t["from_state"] == from_state and not t.get("automatic")})


class SetACL:
    """State callback: set the ACL the table gives ``content`` in ``state``."""

    def __init__(self, state):
        self.state = state

    def __call__(self, content, request=None, transition=None, workflow=None):
        from ..security.acl import refresh_acl  # the ACL rules import the tables from here

        refresh_acl(content, state=self.state)


def build(workflow, states, transitions):
    """Fill ``workflow`` with ``states`` and (name, from, to, permission[, automatic]) rows."""
    for state in states:
        workflow.add_state(state, callback=SetACL(state))
    for name, from_state, to_state, permission, *automatic in transitions:
        workflow.add_transition(name, from_state, to_state, permission=permission,
                                automatic=bool(automatic and automatic[0]))
    workflow.check()
    return workflow


def record(content, who, who_name, transition, from_state, to_state, comment=None):
    """Append to the review history: who, when, from, to, comment."""
    content.history = tuple(getattr(content, "history", ())) + ({
        "who": who, "who_name": who_name, "when": utcnow(), "transition": transition,
        "from": from_state, "to": to_state, "comment": comment or "",
    },)
