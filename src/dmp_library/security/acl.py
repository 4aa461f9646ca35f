"""ACLs computed from a dossier's access records and the workflow tables, set with set_acl.

Principals in ACLs are oids: the patient's and each médecin traitant's account, each item's
author and designated validator, and each AccessGrant's (as ``grant:<oid>``, see
``AccessGrant.principal``). Every ACL under a dossier starts by denying the host's
administrators and ends by denying everyone, so nothing is ever inherited from the root (where
Substance D gives administrators ALL_PERMISSIONS).
"""
from pyramid.security import ALL_PERMISSIONS, DENY_ALL, Allow, Deny
from substanced.util import find_service, get_oid, set_acl

from ..clock import utcnow
from ..resources.dossier import SUMMARY_FOLDER, find_dossier
from ..resources.interfaces import IMedicalDocument
from ..resources.people import ADMINS_GROUP
from ..resources.vocabulary import HIDDEN_FROM_PATIENT, MASKED
from ..workflows import document_lifecycle, summary_review
from .permissions import Permission
from .roles import CLOSED_DOSSIER_PERMISSIONS, DOSSIER_PERMISSIONS, Role

# Which roles each visibility code takes a document away from (DESIGN §5): "masked" hides it
# from professionals except its author and the médecins traitants (and from emergencies,
# unless the patient consented to showing masked documents in an emergency).
HIDDEN_FROM = {
    MASKED: {Role.AUTHORISED, Role.EMERGENCY},
    HIDDEN_FROM_PATIENT: {Role.PATIENT},
}
# GP summaries count as this category for grants scoped to categories.
SUMMARY_CATEGORY = "syntheses"


def admins_oid(resource):
    return get_oid(find_service(resource, "principals")["groups"][ADMINS_GROUP])


def role_principals(dossier, category=None):
    """{role: principals} for the dossier-wide roles, leaving out grants scoped to categories
    other than ``category`` and emergency accesses already over."""
    now = utcnow()
    return {
        Role.PATIENT: [dossier.patient_oid] if dossier.patient_oid is not None else [],
        Role.MEDECIN_TRAITANT: list(dossier.medecins_traitants),
        Role.AUTHORISED: [
            grant.principal
            for grant in dossier.grants.values()
            if grant.categories is None or category in grant.categories
        ],
        Role.EMERGENCY: [access.principal for access in dossier.emergency_accesses
                         if access.expires > now],
    }


def _acl(dossier, permissions_by_role, principals_by_role, admins):
    acl = [(Deny, admins, ALL_PERMISSIONS)]
    acl += [(Deny, oid, ALL_PERMISSIONS) for oid in dossier.blocked]
    for role, permissions in permissions_by_role.items():
        if permissions:
            names = sorted(permission.value for permission in permissions)
            acl += [(Allow, oid, names) for oid in principals_by_role.get(role, ())]
    acl.append(DENY_ALL)
    return acl


def dossier_acl(dossier, admins):
    # Scoped grants open the dossier home too; their documents are filtered by category.
    principals = role_principals(dossier)
    principals[Role.AUTHORISED] = [grant.principal for grant in dossier.grants.values()]
    permissions = CLOSED_DOSSIER_PERMISSIONS if dossier.closed else DOSSIER_PERMISSIONS
    return _acl(dossier, permissions, principals, admins)


def item_permissions(item, dossier, state, even_if_closed=False):
    """The workflow table's row for ``state`` minus what the visibility codes hide (and
    nothing at all in a closed dossier)."""
    if dossier.closed and not even_if_closed:
        return {}
    if IMedicalDocument.providedBy(item):
        table = document_lifecycle.permissions(item, state)
    else:
        table = summary_review.permissions(item, state, dossier.medecins_traitants)
    for code in getattr(item, "visibility", ()):
        hidden = set(HIDDEN_FROM.get(code, ()))
        if code == MASKED and dossier.emergency_consents.get("masked_in_emergency"):
            hidden.discard(Role.EMERGENCY)
        for role in hidden:
            table.pop(role, None)
    return table


def patient_may_read(item, dossier):
    """Whether the patient may read ``item`` (as if the dossier were open): what their export
    of a closed dossier includes."""
    table = item_permissions(item, dossier, item.state, even_if_closed=True)
    roles = [Role.PATIENT] + ([Role.AUTHOR] if item.author_oid == dossier.patient_oid else [])
    return any(Permission.DOCUMENT_VIEW in table.get(role, ()) for role in roles)


def item_acl(item, dossier, admins, state=None):
    """The ACL of a document or GP summary in ``state`` (default: its current state)."""
    category = item.category if IMedicalDocument.providedBy(item) else SUMMARY_CATEGORY
    principals = role_principals(dossier, category)
    principals[Role.AUTHOR] = [item.author_oid]
    if getattr(item, "validator_oid", None) is not None:
        principals[Role.VALIDATOR] = [item.validator_oid]
    return _acl(dossier, item_permissions(item, dossier, state or item.state), principals,
                admins)


def refresh_acl(item, state=None, registry=None):
    """Recompute one item's ACL (its workflow's state callbacks call this on each transition)."""
    dossier = find_dossier(item)
    set_acl(item, item_acl(item, dossier, admins_oid(dossier), state), registry=registry)


def dossier_items(dossier):
    """Every document (in every folder) and GP summary of a dossier."""
    for folder in dossier.values():
        for item in folder.values():
            if IMedicalDocument.providedBy(item) or folder.__name__ == SUMMARY_FOLDER:
                yield item


def refresh_acls(dossier, registry=None):
    """Recompute the ACLs of a dossier and everything in it after its access records changed."""
    admins = admins_oid(dossier)
    set_acl(dossier, dossier_acl(dossier, admins), registry=registry)
    for item in dossier_items(dossier):
        set_acl(item, item_acl(item, dossier, admins), registry=registry)
