"""Document lifecycle: what each role may do with a document in each state.

Read ``STATE_PERMISSIONS`` like a policy: state -> role -> permissions. The document's ACL is
generated from it by ``security.acl`` (visibility codes then take permissions away).
"""
from ..resources.document import VALIDATED
from ..security.permissions import Permission as P
from ..security.roles import Role

READ = frozenset({P.DOCUMENT_VIEW, P.DOCUMENT_DOWNLOAD})

STATE_PERMISSIONS = {
    VALIDATED: {
        Role.PATIENT: READ | {P.DOCUMENT_MOVE},  # into the patient's own folders
        Role.MEDECIN_TRAITANT: READ,
        Role.AUTHORISED: READ,
        Role.AUTHOR: READ,
    },
}
