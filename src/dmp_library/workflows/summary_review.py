"""GP summary review: what each role may do with a summary in each state.

Only a médecin traitant publishes; a summary drafted by anyone else (a replacing doctor, a
resident) goes to review, where a médecin traitant publishes or rejects it with a comment.
Publishing supersedes the previous published summary in the same transaction.
"""
from substanced.workflow import STATE_ATTR

from ..security.permissions import Permission as P
from ..security.roles import Role
from .base import TableWorkflow, build

TYPE = "review"

DRAFT = "draft"
PENDING_REVIEW = "pending_review"
REJECTED = "rejected"
PUBLISHED = "published"    # the dossier's current summary
SUPERSEDED = "superseded"  # an earlier published version
DELETED = "deleted"
STATES = (DRAFT, PENDING_REVIEW, REJECTED, PUBLISHED, SUPERSEDED, DELETED)

READ = frozenset({P.DOCUMENT_VIEW})

STATE_PERMISSIONS = {
    DRAFT: {
        Role.AUTHOR: READ | {P.EDIT, P.SUBMIT, P.PUBLISH, P.DELETE},
    },
    PENDING_REVIEW: {
        Role.AUTHOR: READ,
        Role.MEDECIN_TRAITANT: READ | {P.PUBLISH, P.REJECT},
    },
    REJECTED: {
        Role.AUTHOR: READ | {P.EDIT, P.SUBMIT, P.DELETE},
        Role.MEDECIN_TRAITANT: READ,
    },
    PUBLISHED: {
        Role.PATIENT: READ,
        Role.MEDECIN_TRAITANT: READ,
        Role.AUTHORISED: READ,
        Role.EMERGENCY: READ,
        Role.AUTHOR: READ,
    },
    SUPERSEDED: {
        Role.PATIENT: READ,
        Role.MEDECIN_TRAITANT: READ,
        Role.AUTHORISED: READ,
        Role.EMERGENCY: READ,
        Role.AUTHOR: READ,
    },
    DELETED: {},
}

TRANSITIONS = (
    ("submit", DRAFT, PENDING_REVIEW, P.SUBMIT),
    ("submit", REJECTED, PENDING_REVIEW, P.SUBMIT),
    ("publish", DRAFT, PUBLISHED, P.PUBLISH),
    ("publish", PENDING_REVIEW, PUBLISHED, P.PUBLISH),
    ("reject", PENDING_REVIEW, REJECTED, P.REJECT),
    ("delete", DRAFT, DELETED, P.DELETE),
    ("delete", REJECTED, DELETED, P.DELETE),
    ("supersede", PUBLISHED, SUPERSEDED, None, True),  # automatic, when the next is published
)


def permissions(summary, state, medecins_traitants):
    """The table's row for ``state``: a médecin traitant author publishes directly, any other
    author submits for review."""
    table = {role: set(perms) for role, perms in STATE_PERMISSIONS[state].items()}
    author = table.get(Role.AUTHOR)
    if author is not None:
        if summary.author_oid in medecins_traitants:
            author.discard(P.SUBMIT)
        else:
            author.discard(P.PUBLISH)
    return table


def state_of(summary):
    return getattr(summary, STATE_ATTR, {}).get(TYPE, DRAFT)


WORKFLOW = build(TableWorkflow(DRAFT, TYPE, name="GP summary review"), STATES, TRANSITIONS)
