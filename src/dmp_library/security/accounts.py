"""Accounts: creation, lookup by login (NIR, e-mail, RPPS), login throttling and activation.

Patients and professionals are Substance D users; these helpers add what the DMP needs on top:
an opaque login name for patients (their NIR never appears in the SDI), one-time activation
codes, and a lockout after repeated failures. Passwords are hashed with bcrypt by Substance D.
"""
import datetime
import secrets
import threading
from collections import OrderedDict

import bcrypt
from pyramid.security import Authenticated, Everyone
from substanced.util import find_service, get_oid

from ..clock import utcnow
from ..i18n import _
from ..resources.identity import (
    IdentityError,
    check_nir,
    check_rpps,
    looks_like_nir,
    looks_like_rpps,
)
from ..resources.people import (
    PATIENT,
    PATIENTS_GROUP,
    PROFESSIONAL,
    PROFESSIONALS_GROUP,
    RecentDossiers,
)

ACTIVATION_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
MIN_PASSWORD_LENGTH = 10
# Checked against when the login is unknown, so that both cases take a bcrypt's time.
_DUMMY_HASH = bcrypt.hashpw(b"not a password", bcrypt.gensalt())


class LoginError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


# -- creation --------------------------------------------------------------------------------

def _add_user(root, login, kind, group, password=None, email=None, registry=None):
    principals = find_service(root, "principals")
    user = principals.add_user(login, password=password, email=email, registry=registry)
    user.dmp_kind = kind
    user.failed_logins = 0
    user.locked_until = None
    principals["groups"][group].memberids.connect([user])
    if email:
        root.email_index[email.lower()] = get_oid(user)
    return user


def add_professional_account(root, rpps, password=None, email=None, registry=None):
    user = _add_user(root, rpps, PROFESSIONAL, PROFESSIONALS_GROUP, password, email, registry)
    user.rpps = rpps
    user.recent = RecentDossiers()
    return user


def add_patient_account(root, dossier, password=None, email=None, registry=None):
    """A patient's account: its login name is opaque; people log in with NIR or e-mail."""
    user = _add_user(root, "patient-" + secrets.token_hex(6), PATIENT, PATIENTS_GROUP,
                     password, email, registry)
    user.dossier_name = dossier.__name__
    return user


def new_activation_code(user, days):
    """Give ``user`` a fresh one-time activation code, valid ``days`` days; return it."""
    raw = "".join(secrets.choice(ACTIVATION_ALPHABET) for _i in range(12))
    user.activation_hash = bcrypt.hashpw(raw.encode(), bcrypt.gensalt())
    user.activation_expires = utcnow() + datetime.timedelta(days=days)
    return "-".join(raw[i:i + 4] for i in range(0, 12, 4))


def set_email(root, user, email):
    old = getattr(user, "email", None)
    if old:
        root.email_index.pop(old.lower(), None)
    user.email = email
    if email:
        root.email_index[email.lower()] = get_oid(user)


# -- lookup ----------------------------------------------------------------------------------

def find_account(root, login):
    """The user a login names (RPPS, NIR, e-mail, or a plain account name), else None."""
    login = (login or "").strip()
    users = find_service(root, "principals")["users"]
    if looks_like_rpps(login):
        try:
            return users.get(check_rpps(login))
        except IdentityError:
            return None
    if looks_like_nir(login):
        try:
            dossier = root["dossiers"].for_nir(check_nir(login))
        except IdentityError:
            return None
        if dossier is None or dossier.patient_oid is None:
            return None
        return root.__objectmap__.object_for(dossier.patient_oid)
    if "@" in login:
        oid = root.email_index.get(login.lower())
        return None if oid is None else root.__objectmap__.object_for(oid)
    user = users.get(login)
    # Patients' opaque account names are not logins.
    return None if user is None or getattr(user, "dmp_kind", None) == PATIENT else user


def account_kind(user):
    """"patient", "professional" or "admin" (any other account: the host's)."""
    return getattr(user, "dmp_kind", None) or "admin"


def principals_of(user):
    """The principals the authentication policy gives a logged-in ``user``."""
    return [Everyone, Authenticated, get_oid(user)] + list(user.groupids)


def professional_profile(root, user):
    rpps = getattr(user, "rpps", None)
    return None if rpps is None else root["directory"].get(rpps)


def _person(root, user):
    """The profile (professional) or dossier (patient) that names an account, or None."""
    kind = account_kind(user)
    if kind == PROFESSIONAL:
        return professional_profile(root, user)
    if kind == PATIENT:
        return root["dossiers"].get(user.dossier_name)
    return None


def display_name(root, user):
    """How to name an account to the people who may see it."""
    person = _person(root, user)
    return person.display_name if person is not None else user.__name__


def sort_name(root, user):
    """The key people expect lists of names sorted by: family name, then given names."""
    person = _person(root, user)
    if person is None:
        return user.__name__
    return "%s %s" % (person.family_name, person.given_names)


# -- login, throttled ------------------------------------------------------------------------

class _UnknownLoginFailures:
    """Failure counts for logins that match no account, so that a lockout does not reveal
    which logins exist. Per process and bounded: a best effort, documented as such."""

    def __init__(self, size=10000):
        self._counts = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def add(self, login, now):
        with self._lock:
            count, _until = self._counts.pop(login, (0, None))
            self._counts[login] = (count + 1, now)
            while len(self._counts) > self._size:
                self._counts.popitem(last=False)
            return count + 1

    def count(self, login, now, window):
        with self._lock:
            count, last = self._counts.get(login, (0, None))
            if last is None or now - last > window:
                return 0
            return count


_unknown_failures = _UnknownLoginFailures()


def _locked_message(minutes):
    return _("Too many failed attempts: try again in ${minutes} minutes.",
             mapping={"minutes": max(1, minutes)})


def _bad_credentials():
    return LoginError(_("Wrong login or password. If you have not activated your account yet, "
                        "use the activation code you were given."))


def authenticate(root, login, password, settings, now=None):
    """Return the user for correct credentials, else raise LoginError; counts failures."""
    now = now or utcnow()
    max_failures = settings["dmp.login_max_failures"]
    lockout = datetime.timedelta(seconds=settings["dmp.login_lockout_seconds"])
    key = (login or "").strip().lower()
    user = find_account(root, login)
    if user is None or getattr(user, "password", None) is None:
        bcrypt.checkpw((password or "x").encode()[:72], _DUMMY_HASH)
        if _unknown_failures.count(key, now, lockout) >= max_failures:
            raise LoginError(_locked_message(lockout.seconds // 60))
        _unknown_failures.add(key, now)
        raise _bad_credentials()
    _check_not_locked(user, now)
    if not _password_matches(user, password):
        record_failure(user, now, max_failures, lockout)
        raise _bad_credentials()
    if getattr(user, "failed_logins", 0) or getattr(user, "locked_until", None) is not None:
        user.failed_logins = 0
        user.locked_until = None
    return user


def _password_matches(user, password):
    try:
        return bool(password) and user.check_password(password)
    except ValueError:  # over-long password: Substance D refuses to hash it
        return False


def record_failure(user, now, max_failures, lockout):
    user.failed_logins = getattr(user, "failed_logins", 0) + 1
    if user.failed_logins >= max_failures:
        user.locked_until = now + lockout
        user.failed_logins = 0


def _check_not_locked(user, now):
    locked_until = getattr(user, "locked_until", None)
    if locked_until is not None and now < locked_until:
        raise LoginError(_locked_message(int((locked_until - now).total_seconds() // 60) + 1))


def activate(root, login, code, password, settings, now=None):
    """Set the first password of a patient account with its one-time code; return the user."""
    now = now or utcnow()
    user = find_account(root, login)
    if user is not None:
        _check_not_locked(user, now)
    stored = getattr(user, "activation_hash", None) if user is not None else None
    given = (code or "").replace("-", "").replace(" ", "").upper().encode() or b"x"
    if stored is None or not bcrypt.checkpw(given, stored):
        if stored is None:
            bcrypt.checkpw(given, _DUMMY_HASH)
        if user is not None:
            record_failure(user, now, settings["dmp.login_max_failures"],
                           datetime.timedelta(seconds=settings["dmp.login_lockout_seconds"]))
        raise LoginError(_("This activation code is not valid for this account."))
    if now > user.activation_expires:
        raise LoginError(_("This activation code has expired: ask your doctor for a new one."))
    user.set_password(password)
    user.activation_hash = None
    user.activation_expires = None
    user.failed_logins = 0
    return user
