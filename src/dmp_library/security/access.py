"""Changing who may see a dossier: every change here refreshes the ACLs it feeds."""
from substanced.objectmap import find_objectmap
from substanced.util import get_oid

from ..resources.dossier import AccessGrant
from .acl import refresh_acls


def attach_patient(dossier, user, registry=None):
    dossier.patient_oid = get_oid(user)
    refresh_acls(dossier, registry)


def designate_medecin_traitant(dossier, user, registry=None):
    """Make a professional one of the dossier's médecins traitants (idempotent)."""
    if dossier.medecins_traitants.insert(get_oid(user)):
        refresh_acls(dossier, registry)


def grant_access(dossier, user, granted_by, origin, expires=None, categories=None,
                 registry=None):
    """Authorise a professional on the dossier, or update their grant; return the grant.

    Re-granting with the same terms changes nothing (so that imports are idempotent).
    """
    user_oid = get_oid(user)
    grant = dossier.grant_for(user_oid)
    wanted = None if categories is None else tuple(sorted(categories))
    if grant is not None and grant.expires == expires and grant.categories == wanted:
        return grant
    if grant is None:
        grant = AccessGrant(find_objectmap(dossier).new_objectid(), user_oid, granted_by,
                            origin, expires, categories)
        dossier.grants[grant.oid] = grant
        dossier.grant_of_user[user_oid] = grant.oid
    else:
        grant.expires = expires
        grant.categories = wanted
    refresh_acls(dossier, registry)
    return grant
