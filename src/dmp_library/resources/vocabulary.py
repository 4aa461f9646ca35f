"""Controlled vocabularies: dossier categories (Mon espace santé's) and LOINC document types."""
from collections import namedtuple

from ..i18n import _

Category = namedtuple("Category", "name label")
DocumentType = namedtuple("DocumentType", "code label category")

# Folder names are URL segments; the order is the order shown to people.
CATEGORIES = (
    Category("syntheses", _("GP summaries")),
    Category("ordonnances-soins", _("Prescriptions and care")),
    Category("biologie", _("Laboratory results")),
    Category("imagerie", _("Imaging")),
    Category("comptes-rendus", _("Reports")),
    Category("prevention-vaccination", _("Prevention and vaccination")),
    Category("certificats", _("Certificates")),
    Category("administratif", _("Administrative documents")),
    Category("mes-documents", _("My documents")),
    Category("autres", _("Other")),
)
CATEGORY_NAMES = tuple(category.name for category in CATEGORIES)
CATEGORY_LABELS = {category.name: category.label for category in CATEGORIES}
PATIENT_CATEGORY = "mes-documents"
# Professionals file into every category but the patient's own.
PROFESSIONAL_CATEGORIES = tuple(name for name in CATEGORY_NAMES if name != PATIENT_CATEGORY)

# LOINC codes as used by XDS / FHIR DocumentReference.type; the category is the default folder.
DOCUMENT_TYPES = (
    DocumentType("60591-5", _("Patient summary (VSM)"), "syntheses"),
    DocumentType("57833-6", _("Prescription"), "ordonnances-soins"),
    DocumentType("11502-2", _("Laboratory report"), "biologie"),
    DocumentType("18748-4", _("Imaging report"), "imagerie"),
    DocumentType("11490-0", _("Discharge summary"), "comptes-rendus"),
    DocumentType("11488-4", _("Consultation note"), "comptes-rendus"),
    DocumentType("34874-8", _("Operative report"), "comptes-rendus"),
    DocumentType("11369-6", _("Immunization record"), "prevention-vaccination"),
    DocumentType("34109-9", _("Certificate"), "certificats"),
    DocumentType("51851-4", _("Administrative document"), "administratif"),
    DocumentType("51855-5", _("Patient's own document"), "mes-documents"),
    DocumentType("34133-9", _("Other clinical document"), "autres"),
)
DOCUMENT_TYPE_LABELS = {doc_type.code: doc_type.label for doc_type in DOCUMENT_TYPES}
PATIENT_DOCUMENT_TYPE = "51855-5"

# Visibility codes (DESIGN §5); a document with none of them is "normal".
MASKED = "masked"
HIDDEN_FROM_PATIENT = "hidden_from_patient"
HIDDEN_FROM_LEGAL_REPRESENTATIVES = "hidden_from_legal_representatives"
VISIBILITY_CODES = (MASKED, HIDDEN_FROM_PATIENT, HIDDEN_FROM_LEGAL_REPRESENTATIVES)
VISIBILITY_LABELS = {
    MASKED: _("Masked from professionals"),
    HIDDEN_FROM_PATIENT: _("Not visible to the patient"),
    HIDDEN_FROM_LEGAL_REPRESENTATIVES: _("Not visible to legal representatives"),
}
