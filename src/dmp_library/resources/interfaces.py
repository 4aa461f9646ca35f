"""Marker interfaces of the content types (views and subscribers register against these)."""
from zope.interface import Interface


class IDossiers(Interface):
    """The service holding every dossier, keyed by opaque random ids."""


class IDossier(Interface):
    """One patient's library of medical documents."""


class ICategoryFolder(Interface):
    """A folder of a dossier: one of the fixed categories, or a patient's personal folder."""


class IMedicalDocument(Interface):
    """A document (file in a blob + XDS/FHIR-like metadata) in a dossier."""


class ISummaryFolder(Interface):
    """The folder of a dossier's GP summaries."""


class IGPSummary(Interface):
    """A structured GP summary (volet de synthèse médicale)."""


class IDirectory(Interface):
    """The directory of health professionals, keyed by RPPS."""


class IProfessionalProfile(Interface):
    """A health professional's public profile."""
