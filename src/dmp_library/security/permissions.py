"""Every permission of the application: one name in one enum (DESIGN §5).

ACLs store the plain string values (``Permission.X.value``) so that pickled ACLs in ZODB never
depend on this class; views use the members, which compare equal to those strings.
"""
import enum


class Permission(enum.StrEnum):
    # Site-level, held through the professionals / patients groups.
    ACCOUNT = "site:account"
    PROFESSIONAL_AREA = "site:professional-area"
    DOSSIER_CREATE = "site:dossier-create"

    # Dossier-level.
    DOSSIER_VIEW = "dossier:view"
    DOSSIER_SEARCH = "dossier:search"
    DOCUMENT_ADD = "dossier:document-add"
    PATIENT_UPLOAD = "dossier:patient-upload"
    FOLDERS_MANAGE = "dossier:folders-manage"
    SUMMARY_CREATE = "dossier:summary-create"
    ACCESS_MANAGE = "dossier:access-manage"  # grants, blocks, médecins traitants, consents
    JOURNAL_VIEW = "dossier:journal"
    DOSSIER_EXPORT = "dossier:export"
    DOSSIER_CLOSE = "dossier:close"
    DOSSIER_REOPEN = "dossier:reopen"

    # Item-level: documents and GP summaries alike (the workflow tables grant them per state).
    DOCUMENT_VIEW = "item:view"
    DOCUMENT_DOWNLOAD = "item:download"
    DOCUMENT_MOVE = "item:move"
    EDIT = "item:edit"
    SUBMIT = "item:submit"
    VALIDATE = "item:validate"
    REJECT = "item:reject"
    PUBLISH = "item:publish"
    REPLACE = "item:replace"
    ARCHIVE = "item:archive"
    UNARCHIVE = "item:unarchive"
    DELETE = "item:delete"
    MASK = "item:mask"  # the patient masks / unmasks a document from professionals
    RELEASE = "item:release"  # hide a document from the patient, or release it
