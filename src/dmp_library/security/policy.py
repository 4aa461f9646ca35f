"""The authorization policy: ACLs, plus what only the clock and the dossier can say.

Inside a dossier, a request's principals are adjusted before the ACL is read:
- a professional the patient blocked keeps no principal but Everyone (a block wins over all,
  emergencies included);
- the principal of each live AccessGrant and EmergencyAccess the user holds is added (an
  expired one stops by itself, with no ACL to rewrite; an emergency access also stops when the
  patient withdraws the consent it relied on).
This is the one place where those rules live; listings, search, the API and the ``dmp``
command all check permissions through it.
"""
from pyramid.authorization import ACLAuthorizationPolicy
from pyramid.security import Everyone

from ..clock import utcnow
from ..resources.dossier import find_dossier
from .roles import Role


def _user_oids(principals):
    return [p for p in principals if isinstance(p, int) and not isinstance(p, bool)]


def principals_in_dossier(dossier, principals, now=None):
    """The principals that count inside ``dossier`` for someone holding ``principals``."""
    now = now or utcnow()
    oids = _user_oids(principals)
    if any(oid in dossier.blocked for oid in oids):
        return [Everyone]
    extra = []
    for oid in oids:
        grant = dossier.grant_for(oid)
        if grant is not None and grant.live(now):
            extra.append(grant.principal)
        emergency = dossier.emergency_for(oid, now)
        if emergency is not None:
            extra.append(emergency.principal)
    return list(principals) + extra


def dossier_roles(dossier, user_oid, now=None):
    """The roles ``user_oid`` holds in ``dossier`` now (none when blocked), for display."""
    if user_oid is None or user_oid in dossier.blocked:
        return set()
    roles = set()
    if user_oid == dossier.patient_oid:
        roles.add(Role.PATIENT)
    if user_oid in dossier.medecins_traitants:
        roles.add(Role.MEDECIN_TRAITANT)
    now = now or utcnow()
    grant = dossier.grant_for(user_oid)
    if grant is not None and grant.live(now):
        roles.add(Role.AUTHORISED)
    if dossier.emergency_for(user_oid, now) is not None:
        roles.add(Role.EMERGENCY)
    return roles


class DossierAuthorizationPolicy(ACLAuthorizationPolicy):
    def permits(self, context, principals, permission):
        dossier = find_dossier(context)
        if dossier is not None:
            principals = principals_in_dossier(dossier, principals)
        return ACLAuthorizationPolicy.permits(self, context, principals, permission)


class DossierAccess:
    """Permission checks on many objects of one dossier for one person, computed once.

    Same answers as the policy (it is the policy's ACL check with the same principals).
    """

    def __init__(self, dossier, principals, now=None):
        self.dossier = dossier
        self.principals = principals_in_dossier(dossier, principals, now)
        self._acl_policy = ACLAuthorizationPolicy()

    def can(self, resource, permission):
        return bool(self._acl_policy.permits(resource, self.principals, permission))

    def filter(self, resources, permission):
        return [resource for resource in resources if self.can(resource, permission)]
