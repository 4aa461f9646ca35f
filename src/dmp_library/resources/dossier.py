"""The dossier: one patient's library, its category folders and the access it records."""
import datetime
import secrets

from BTrees.LLBTree import LLBTree, LLTreeSet
from BTrees.LOBTree import LOBTree
from BTrees.OLBTree import OLBTree
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from pyramid.traversal import find_interface
from substanced.content import content, service
from substanced.folder import Folder
from zope.interface import implementer

from ..clock import utcnow
from ..journal.log import Journal
from .interfaces import ICategoryFolder, IDossier, IDossiers, ISummaryFolder
from .vocabulary import CATEGORY_NAMES

SUMMARY_FOLDER = "summary"


def new_dossier_id():
    """An opaque, unguessable URL segment (never derived from the NIR)."""
    return secrets.token_urlsafe(12)


@service("Dossiers", service_name="dossiers", icon="glyphicon glyphicon-folder-close")
@implementer(IDossiers)
class Dossiers(Folder):
    """Every dossier, keyed by opaque id, with the NIR -> id index used to find a patient."""

    def __init__(self):
        super().__init__()
        self.by_nir = OOBTree()

    def __sdi_addable__(self, context, introspectable):
        return False  # dossiers are created by professionals and patients, never in the SDI

    def for_nir(self, nir):
        name = self.by_nir.get(nir)
        return None if name is None else self.get(name)


@content("Category Folder", icon="glyphicon glyphicon-folder-open")
@implementer(ICategoryFolder)
class CategoryFolder(Folder):
    """A fixed category of the dossier (``personal`` False) or a patient's own folder."""

    def __init__(self, category, title=None, personal=False):
        super().__init__()
        self.category = category
        self.title = title
        self.personal = personal


@content("Summary Folder", icon="glyphicon glyphicon-list-alt")
@implementer(ISummaryFolder)
class SummaryFolder(Folder):
    """The dossier's GP summaries (all versions)."""


class EmergencyAccess(Persistent):
    """A professional's emergency access to a dossier (break-glass, or SAMU regulation).

    Like a grant, ``principal`` names the access in ACLs; it counts only while live.
    ``review`` is the patient's answer to "was this access justified?".
    """

    review = None

    def __init__(self, oid, user_oid, kind, reason, hours):
        self.oid = oid
        self.user_oid = user_oid
        self.kind = kind  # "break_glass" or "samu"
        self.reason = reason
        self.started = utcnow()
        self.expires = self.started + datetime.timedelta(hours=hours)

    @property
    def principal(self):
        return "emergency:%d" % self.oid

    def live(self, now):
        return self.started <= now < self.expires


class AccessGrant(Persistent):
    """A professional's authorisation on one dossier.

    ``principal`` names the grant (not the person) in ACLs, so that the policy can make it
    count only while the grant is live. It is a string: Substance D takes every int principal
    in an ACL for a user or group object and would try to reference it.
    """

    def __init__(self, oid, user_oid, granted_by, origin, expires=None, categories=None):
        self.oid = oid
        self.user_oid = user_oid
        self.granted_by = granted_by
        self.origin = origin  # "patient", "creation", "author", "import"
        self.granted = utcnow()
        self.expires = expires
        self.categories = None if categories is None else tuple(sorted(categories))

    @property
    def principal(self):
        return "grant:%d" % self.oid

    def live(self, now):
        return self.expires is None or now < self.expires


@content("Dossier", icon="glyphicon glyphicon-book", after_create="after_create")
@implementer(IDossier)
class Dossier(Folder):
    """A patient's dossier: identity, consent record, access records and category folders.

    The access records (patient account, médecins traitants, grants, blocks) are the input of
    ``security.acl``; never change them without refreshing the ACLs (``security.access`` does).
    """

    closed = False
    closed_on = None
    close_reason = None
    keep_until = None  # a closed dossier is purged after this (``dmp purge-closed``)
    current_summary_oid = None  # the published GP summary, shown on the dossier home
    # The patient's choices; each dict is replaced whole, never mutated in place.
    emergency_consents = {"samu": True, "break_glass": True, "masked_in_emergency": False}
    notifications = {"first_access": True, "new_document": True, "emergency": True}
    mask_new_documents = False
    emergency_accesses = ()  # EmergencyAccess records, oldest first

    def __init__(self, nir, family_name, given_names, birth_date, sex, consent):
        super().__init__()
        self.nir = nir
        self.family_name = family_name
        self.given_names = given_names
        self.birth_date = birth_date
        self.sex = sex
        self.consent = dict(consent)  # who (oid + role), when, how; replaced whole, never mutated
        self.created = utcnow()
        self.patient_oid = None
        self.medecins_traitants = LLTreeSet()
        self.blocked = LLTreeSet()
        self.grants = LOBTree()  # grant oid -> AccessGrant
        self.grant_of_user = LLBTree()  # professional's user oid -> grant oid
        self.by_external_id = OLBTree()  # author's document id -> document oid
        self.journal = Journal()

    def after_create(self, inst, registry):
        for name in CATEGORY_NAMES:
            self.add(name, CategoryFolder(name), registry=registry)
        self.add(SUMMARY_FOLDER, SummaryFolder(), registry=registry)

    @property
    def display_name(self):
        return "%s %s" % (self.family_name.upper(), self.given_names)

    def categories(self):
        return [self[name] for name in CATEGORY_NAMES]

    def folders(self):
        """The category folders then the patient's personal folders."""
        personal = [f for f in self.values() if ICategoryFolder.providedBy(f) and f.personal]
        return self.categories() + sorted(personal, key=lambda f: f.title.lower())

    def grant_for(self, user_oid):
        grant_oid = self.grant_of_user.get(user_oid)
        return None if grant_oid is None else self.grants[grant_oid]

    def emergency_for(self, user_oid, now):
        """The professional's live emergency access, if the patient still consents to it."""
        for access in reversed(self.emergency_accesses):
            if access.user_oid == user_oid and access.live(now):
                return access if self.emergency_consents.get(access.kind) else None
        return None


def find_dossier(resource):
    """The dossier containing ``resource`` (or ``resource`` itself), else None."""
    return find_interface(resource, IDossier)
