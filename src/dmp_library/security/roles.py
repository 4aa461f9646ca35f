"""The roles a person can hold towards one dossier, and what each may do there.

Roles are not principals themselves: ``security.acl`` turns each role into the oids that hold it
(the patient's account, each médecin traitant, each grant) and writes them into ACLs.
"""
import enum

from .permissions import Permission as P


class Role(enum.StrEnum):
    PATIENT = "patient"
    MEDECIN_TRAITANT = "medecin_traitant"
    AUTHORISED = "authorised"
    EMERGENCY = "emergency"  # a professional in emergency mode (break-glass or SAMU)
    # Per item:
    AUTHOR = "author"
    VALIDATOR = "validator"  # the professional designated to validate a document


# Dossier-level permissions per role; document-level ones come from the workflow tables.
DOSSIER_PERMISSIONS = {
    Role.PATIENT: {P.DOSSIER_VIEW, P.DOSSIER_SEARCH, P.PATIENT_UPLOAD, P.FOLDERS_MANAGE,
                   P.ACCESS_MANAGE, P.JOURNAL_VIEW, P.DOSSIER_EXPORT, P.DOSSIER_CLOSE},
    Role.MEDECIN_TRAITANT: {P.DOSSIER_VIEW, P.DOSSIER_SEARCH, P.DOCUMENT_ADD, P.SUMMARY_CREATE},
    Role.AUTHORISED: {P.DOSSIER_VIEW, P.DOSSIER_SEARCH, P.DOCUMENT_ADD, P.SUMMARY_CREATE},
    Role.EMERGENCY: {P.DOSSIER_VIEW, P.DOSSIER_SEARCH, P.DOCUMENT_ADD},
}
# A closed dossier: the patient may only reopen it or take it away.
CLOSED_DOSSIER_PERMISSIONS = {Role.PATIENT: {P.DOSSIER_REOPEN, P.DOSSIER_EXPORT}}

# Granted at the site root to the groups of these names (resources.people's group names).
SITE_PERMISSIONS = {
    "professionals": {P.ACCOUNT, P.PROFESSIONAL_AREA, P.DOSSIER_CREATE},
    "patients": {P.ACCOUNT},
}
