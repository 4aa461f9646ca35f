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

    # Document-level.
    DOCUMENT_VIEW = "document:view"
    DOCUMENT_DOWNLOAD = "document:download"
    DOCUMENT_MOVE = "document:move"
