"""Document lifecycle: what each role may do with a document in each state.

Read ``STATE_PERMISSIONS`` like a policy: state -> role -> permissions; then ``permissions``
applies the one rule about who validates. The ACL of each state is generated from it
(``security.acl``), which also takes away what the document's visibility codes hide.
"""
from substanced.workflow import STATE_ATTR

from ..security.permissions import Permission as P
from ..security.roles import Role
from .base import TableWorkflow, build

TYPE = "lifecycle"

DRAFT = "draft"            # the author only
PENDING = "pending"        # submitted to the designated validator
REJECTED = "rejected"      # sent back by the validator, with a comment
VALIDATED = "validated"    # visible under the dossier's rules
SUPERSEDED = "superseded"  # replaced by a new version: still readable, marked obsolete
ARCHIVED = "archived"      # out of default listings and searches
DELETED = "deleted"        # logical deletion: nobody sees it, the journal keeps it
STATES = (DRAFT, PENDING, REJECTED, VALIDATED, SUPERSEDED, ARCHIVED, DELETED)

READ = frozenset({P.DOCUMENT_VIEW, P.DOCUMENT_DOWNLOAD})

STATE_PERMISSIONS = {
    DRAFT: {
        Role.AUTHOR: READ | {P.EDIT, P.SUBMIT, P.VALIDATE, P.DELETE},
    },
    PENDING: {
        Role.AUTHOR: READ,
        Role.VALIDATOR: READ | {P.VALIDATE, P.REJECT},
    },
    REJECTED: {
        Role.AUTHOR: READ | {P.EDIT, P.SUBMIT, P.DELETE},
        Role.VALIDATOR: READ,
    },
    VALIDATED: {
        Role.PATIENT: READ | {P.DOCUMENT_MOVE, P.ARCHIVE, P.MASK},
        Role.MEDECIN_TRAITANT: READ | {P.ARCHIVE, P.RELEASE},
        Role.AUTHORISED: READ,
        Role.EMERGENCY: READ,
        Role.AUTHOR: READ | {P.REPLACE, P.ARCHIVE, P.DELETE, P.RELEASE},
    },
    SUPERSEDED: {
        Role.PATIENT: READ | {P.DOCUMENT_MOVE, P.MASK},
        Role.MEDECIN_TRAITANT: READ | {P.RELEASE},
        Role.AUTHORISED: READ,
        Role.EMERGENCY: READ,
        Role.AUTHOR: READ | {P.RELEASE},
    },
    ARCHIVED: {
        Role.PATIENT: READ | {P.DOCUMENT_MOVE, P.UNARCHIVE, P.MASK},
        Role.MEDECIN_TRAITANT: READ | {P.UNARCHIVE, P.RELEASE},
        Role.AUTHORISED: READ,
        Role.EMERGENCY: READ,
        Role.AUTHOR: READ | {P.UNARCHIVE, P.DELETE, P.RELEASE},
    },
    DELETED: {},
}

# (transition, from, to, permission): "replace" happens by uploading the new version.
TRANSITIONS = (
    ("submit", DRAFT, PENDING, P.SUBMIT),
    ("submit", REJECTED, PENDING, P.SUBMIT),
    ("validate", DRAFT, VALIDATED, P.VALIDATE),
    ("validate", PENDING, VALIDATED, P.VALIDATE),
    ("reject", PENDING, REJECTED, P.REJECT),
    ("replace", VALIDATED, SUPERSEDED, P.REPLACE),
    ("archive", VALIDATED, ARCHIVED, P.ARCHIVE),
    ("unarchive", ARCHIVED, VALIDATED, P.UNARCHIVE),
    ("delete", DRAFT, DELETED, P.DELETE),
    ("delete", REJECTED, DELETED, P.DELETE),
    ("delete", VALIDATED, DELETED, P.DELETE),
    ("delete", ARCHIVED, DELETED, P.DELETE),
)

# States whose documents listings and searches show by default / on request.
LISTED = (VALIDATED, SUPERSEDED)
LISTED_ON_REQUEST = (ARCHIVED,)


def permissions(document, state):
    """The table's row for ``state``, with the validation rule applied: a document prepared
    for a designated validator is validated by them, otherwise by its author."""
    table = {role: set(perms) for role, perms in STATE_PERMISSIONS[state].items()}
    author = table.get(Role.AUTHOR)
    if author is not None:
        if document.validator_oid is not None:
            author.discard(P.VALIDATE)
        else:
            author.discard(P.SUBMIT)
    return table


def state_of(document):
    return getattr(document, STATE_ATTR, {}).get(TYPE, DRAFT)


WORKFLOW = build(TableWorkflow(DRAFT, TYPE, name="Document lifecycle"), STATES, TRANSITIONS)
