"""The directory of health professionals, and what accounts carry beyond Substance D's User."""
import colander
from persistent import Persistent
from substanced.content import content, service
from substanced.folder import Folder
from substanced.property import PropertySheet
from substanced.schema import Schema
from zope.interface import implementer

from ..i18n import _
from .interfaces import IDirectory, IProfessionalProfile

PATIENT = "patient"
PROFESSIONAL = "professional"
PROFESSIONALS_GROUP = "professionals"
PATIENTS_GROUP = "patients"
ADMINS_GROUP = "admins"  # Substance D's own: the host's administrators


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
