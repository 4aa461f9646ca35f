"""Changing who may see a dossier and its documents.

Every function here changes the records the ACLs are computed from, then refreshes the ACLs
(``security.acl``); the views, the API and the ``dmp`` command call them, never the records.
"""
import datetime

from substanced.objectmap import find_objectmap
from substanced.util import get_oid

from ..clock import utcnow
from ..i18n import _
from ..resources.dossier import AccessGrant, EmergencyAccess
from ..resources.vocabulary import HIDDEN_FROM_PATIENT, MASKED
from .acl import refresh_acl, refresh_acls

EMERGENCY_KINDS = ("break_glass", "samu")
# Professions that may claim the SAMU regulation access (Centre 15).
SAMU_PROFESSIONS = ("Médecin urgentiste", "Médecin régulateur")


class AccessError(Exception):
    """A refused change; ``message`` says why, ``status`` for HTTP."""

    def __init__(self, message, status=409):
        super().__init__(message)
        self.message = message
        self.status = status


def attach_patient(dossier, user, registry=None):
    dossier.patient_oid = get_oid(user)
    refresh_acls(dossier, registry)


# -- médecins traitants, grants, blocks -------------------------------------------------------

def designate_medecin_traitant(dossier, user, registry=None):
    """Make a professional one of the dossier's médecins traitants (idempotent)."""
    if dossier.medecins_traitants.insert(get_oid(user)):
        refresh_acls(dossier, registry)


def remove_medecin_traitant(dossier, user, registry=None):
    oid = get_oid(user)
    if oid not in dossier.medecins_traitants:
        raise AccessError(_("This professional is not a médecin traitant of the dossier."))
    dossier.medecins_traitants.remove(oid)
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


def revoke_access(dossier, user, registry=None):
    """Withdraw a professional's grant (a médecin traitant keeps that status)."""
    grant_oid = dossier.grant_of_user.pop(get_oid(user), None)
    if grant_oid is None:
        raise AccessError(_("This professional has no authorisation on the dossier."))
    del dossier.grants[grant_oid]
    refresh_acls(dossier, registry)


def block(dossier, user, registry=None):
    """Block a professional: it wins over any grant, médecin traitant status or emergency."""
    if dossier.blocked.insert(get_oid(user)):
        refresh_acls(dossier, registry)


def unblock(dossier, user, registry=None):
    if get_oid(user) in dossier.blocked:
        dossier.blocked.remove(get_oid(user))
        refresh_acls(dossier, registry)


# -- emergencies -------------------------------------------------------------------------------

def set_emergency_consents(dossier, samu, break_glass, masked_in_emergency, registry=None):
    dossier.emergency_consents = {"samu": bool(samu), "break_glass": bool(break_glass),
                                  "masked_in_emergency": bool(masked_in_emergency)}
    refresh_acls(dossier, registry)


def emergency_kind_for(profile):
    """The emergency access a professional may open: SAMU regulation or break-glass."""
    return "samu" if profile is not None and profile.profession in SAMU_PROFESSIONS \
        else "break_glass"


def open_emergency(dossier, user, kind, reason, hours, registry=None):
    """A professional without access opens the dossier in emergency mode, if the patient
    allowed that kind of access and no block stands in the way."""
    reason = (reason or "").strip()
    if not reason:
        raise AccessError(_("Say why this is an emergency."), 400)
    if get_oid(user) in dossier.blocked or not dossier.emergency_consents.get(kind) or \
            dossier.closed:
        raise AccessError(_("The patient has not allowed this access in an emergency."), 403)
    access = EmergencyAccess(find_objectmap(dossier).new_objectid(), get_oid(user), kind,
                             reason, hours)
    dossier.emergency_accesses = tuple(dossier.emergency_accesses) + (access,)
    # For the emergency banner of the professional's pages: the dossiers they opened so.
    user.emergencies = tuple(name for name in getattr(user, "emergencies", ())
                             if name != dossier.__name__)[-9:] + (dossier.__name__,)
    refresh_acls(dossier, registry)
    return access


def review_emergency(dossier, access_oid, justified):
    """The patient's answer to "was this access justified?"."""
    for access in dossier.emergency_accesses:
        if access.oid == access_oid:
            access.review = {"justified": bool(justified), "at": utcnow()}
            return access
    raise AccessError(_("No such emergency access."), 404)


# -- documents' visibility ---------------------------------------------------------------------

def set_masked(document, masked, registry=None):
    """The patient masks a document from professionals (but its author and the médecins
    traitants), or unmasks it."""
    codes = set(document.visibility)
    codes = codes | {MASKED} if masked else codes - {MASKED}
    document.visibility = tuple(sorted(codes))
    refresh_acl(document, registry=registry)


def hide_from_patient(document, remind_on=None, registry=None):
    """Keep a document from the patient until the consultation where it is explained;
    ``remind_on``: the day its author is reminded to release it if they have not."""
    document.visibility = tuple(sorted(set(document.visibility) | {HIDDEN_FROM_PATIENT}))
    document.release_reminder_on = remind_on
    document.release_reminded = False
    refresh_acl(document, registry=registry)


def release_to_patient(document, registry=None):
    document.visibility = tuple(sorted(set(document.visibility) - {HIDDEN_FROM_PATIENT}))
    document.release_reminder_on = None
    refresh_acl(document, registry=registry)


# -- closing ----------------------------------------------------------------------------------

def close_dossier(dossier, reason, years, registry=None):
    """Stop every access at once; keep the data ``years`` for the patient to reopen it."""
    reason = (reason or "").strip()
    if not reason:
        raise AccessError(_("Say why you close your dossier."), 400)
    dossier.closed = True
    dossier.closed_on = utcnow()
    dossier.close_reason = reason
    dossier.keep_until = dossier.closed_on + datetime.timedelta(days=round(365.25 * years))
    refresh_acls(dossier, registry)


def reopen_dossier(dossier, registry=None):
    if not dossier.closed:
        raise AccessError(_("This dossier is open."))
    dossier.closed = False
    dossier.keep_until = None
    refresh_acls(dossier, registry)
