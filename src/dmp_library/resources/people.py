"""The directory of health professionals, and what accounts carry beyond Substance D's User."""
import colander
from persistent import Persistent
from substanced.content import content, service
from substanced.folder import Folder
from substanced.property import PropertySheet
from substanced.schema import Schema
from zope.interface import implementer

from ..i18n import _
from ..text import folded
from .interfaces import IDirectory, IProfessionalProfile

PATIENT = "patient"
PROFESSIONAL = "professional"
PROFESSIONALS_GROUP = "professionals"
PATIENTS_GROUP = "patients"
ADMINS_GROUP = "admins"  # Substance D's own: the host's administrators


class RecentDossiers(Persistent):
    """A professional's recently opened dossiers (names, newest first).

    Opening two dossiers at once must not make either request fail: concurrent updates of
    this convenience list resolve to the last one written.
    """

    def __init__(self):
        self.names = ()

    def visit(self, name, keep=10):
        if self.names[:1] != (name,):
            self.names = ((name,) + tuple(n for n in self.names if n != name))[:keep]

    def _p_resolveConflict(self, old_state, committed_state, new_state):
        return new_state


@service("Directory", service_name="directory", icon="glyphicon glyphicon-user")
@implementer(IDirectory)
class Directory(Folder):
    """Professional profiles keyed by RPPS number."""

    def __sdi_addable__(self, context, introspectable):
        return False  # profiles are created with their account (``dmp add-professional``)


class ProfessionalSchema(Schema):
    title = colander.SchemaNode(colander.String(), title=_("Title"), missing="Dr")
    family_name = colander.SchemaNode(colander.String(), title=_("Family name"))
    given_names = colander.SchemaNode(colander.String(), title=_("Given names"))
    profession = colander.SchemaNode(colander.String(), title=_("Profession"))
    specialty = colander.SchemaNode(colander.String(), title=_("Specialty"), missing="")
    organisation = colander.SchemaNode(colander.String(), title=_("Organisation"), missing="")
    address = colander.SchemaNode(colander.String(), title=_("Address"), missing="")
    phone = colander.SchemaNode(colander.String(), title=_("Phone"), missing="")


class ProfessionalPropertySheet(PropertySheet):
    schema = ProfessionalSchema()


@content(
    "Professional Profile",
    icon="glyphicon glyphicon-user",
    propertysheets=(("Profile", ProfessionalPropertySheet),),
)
@implementer(IProfessionalProfile)
class ProfessionalProfile(Persistent):
    """The public facts about a professional; ``user_oid`` links the login account."""

    def __init__(self, rpps, family_name, given_names, profession, title="Dr", specialty="",
                 organisation="", address="", phone="", user_oid=None):
        self.rpps = rpps
        self.title = title
        self.family_name = family_name
        self.given_names = given_names
        self.profession = profession
        self.specialty = specialty
        self.organisation = organisation
        self.address = address
        self.phone = phone
        self.user_oid = user_oid

    @property
    def display_name(self):
        prefix = (self.title + " ") if self.title else ""
        return "%s%s %s" % (prefix, self.given_names, self.family_name.upper())


def search_directory(directory, text, limit=20):
    """Professionals whose RPPS starts with ``text`` or whose names or profession contain
    every word of it (accents and case ignored)."""
    words = folded(text).split()
    if not words:
        return []
    found = []
    for profile in directory.values():
        haystack = folded(" ".join((profile.family_name, profile.given_names,
                                     profile.profession, profile.specialty)))
        if profile.rpps.startswith(text.strip()) or all(word in haystack for word in words):
            found.append(profile)
    found.sort(key=lambda p: (folded(p.family_name), folded(p.given_names)))
    return found[:limit]
