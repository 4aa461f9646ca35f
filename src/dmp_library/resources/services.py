"""Use cases on content: opening a dossier, adding a document.

Views, the API and the ``dmp`` command call these; they never touch content directly.
"""
import secrets

from pyramid.traversal import find_root
from substanced.util import get_oid

from ..clock import utcnow
from ..i18n import _
from ..security.access import attach_patient, designate_medecin_traitant, grant_access
from ..security.accounts import (
    account_kind,
    add_patient_account,
    display_name,
    find_account,
    new_activation_code,
    set_email,
    sort_name,
)
from ..workflows.services import check_transition, start, transition
from .dossier import SUMMARY_FOLDER, find_dossier, new_dossier_id
from .people import PATIENT, PROFESSIONAL
from .vocabulary import MASKED, PATIENT_CATEGORY, PATIENT_DOCUMENT_TYPE


class DossierExists(Exception):
    """A dossier already exists for this NIR."""

    message = _("A dossier already exists for this social security number. Find the patient "
                "instead, or ask them to give you access.")


class UnknownValidator(Exception):
    """The designated validator is not a professional's account."""

    message = _("No professional has this RPPS number.")


class DuplicateDocument(Exception):
    """The dossier already holds a document with this external id."""

    message = _("This dossier already holds a document with this identifier.")


def _consent(by, how):
    return {"given": True, "by_oid": get_oid(by), "by_role": account_kind(by),
            "at": utcnow(), "how": how}


def open_dossier(root, identity, consent, registry):
    """Create a dossier and its (not yet usable) patient account; one dossier per NIR."""
    dossiers = root["dossiers"]
    if identity["nir"] in dossiers.by_nir:
        raise DossierExists()
    dossier = registry.content.create("Dossier", consent=consent, **identity)
    name = new_dossier_id()
    dossiers.add(name, dossier, registry=registry)
    dossiers.by_nir[identity["nir"]] = name
    patient = add_patient_account(root, dossier, registry=registry)
    attach_patient(dossier, patient, registry)
    return dossier, patient


def open_dossier_with_professional(root, identity, professional, medecin_traitant, registry,
                                   settings):
    """A professional opens the dossier from the carte vitale with the patient's consent.

    The professional is authorised on it (and designated médecin traitant if they say so);
    returns the dossier and the activation code to hand to the patient.
    """
    consent = _consent(professional, "carte vitale, in person, recorded by the professional")
    dossier, patient = open_dossier(root, identity, consent, registry)
    code = new_activation_code(patient, settings["dmp.activation_days"])
    grant_access(dossier, professional, get_oid(professional), "creation", registry=registry)
    if medecin_traitant:
        designate_medecin_traitant(dossier, professional, registry)
    return dossier, code


def open_dossier_online(root, identity, email, password, registry):
    """The patient opens their own dossier online; their account is usable at once."""
    dossier, patient = open_dossier(root, identity, {}, registry)
    dossier.consent = _consent(patient, "online, by the patient")
    patient.set_password(password)
    set_email(root, patient, email)
    return dossier, patient


def add_document(folder, upload, author, registry, *, title, type_code, care_date,
                 category=None, visibility=(), external_id=None, validator_oid=None):
    """File a validated upload in ``folder`` as a draft document authored by ``author``."""
    dossier = find_dossier(folder)
    if external_id and external_id in dossier.by_external_id:
        raise DuplicateDocument()
    root = find_root(dossier)
    document = registry.content.create(
        "Medical Document",
        title=title,
        category=category or folder.category,
        type_code=type_code,
        care_date=care_date,
        author_oid=get_oid(author),
        author_kind=account_kind(author),
        author_name=display_name(root, author),
        author_sort_name=sort_name(root, author),
        filename=upload.filename,
        external_id=external_id,
        visibility=tuple(visibility) + ((MASKED,) if dossier.mask_new_documents else ()),
    )
    document.store(upload)
    if validator_oid != get_oid(author):  # designating oneself is validating one's own
        document.validator_oid = validator_oid
    folder.add(secrets.token_hex(8), document, registry=registry)
    start(document)  # a draft, seen by its author only, until a transition says otherwise
    if external_id:
        dossier.by_external_id[external_id] = get_oid(document)
    return document


def professional_metadata(root, data):
    """(metadata for add_document, keep as draft?) from the professional form/API fields."""
    metadata = dict(data)
    keep_draft = metadata.pop("draft", False)
    rpps = metadata.pop("validator", None)
    metadata["visibility"] = tuple(metadata.get("visibility", ()))
    if rpps:
        validator = find_account(root, rpps)
        if validator is None or account_kind(validator) != PROFESSIONAL:
            raise UnknownValidator()
        metadata["validator_oid"] = get_oid(validator)
    return metadata, keep_draft


def add_professional_document(dossier, upload, author, registry, **metadata):
    """A professional files a document in one of the professional categories."""
    if account_kind(author) != PROFESSIONAL:
        raise ValueError("only professionals file in the professional categories")
    return add_document(dossier[metadata.pop("category")], upload, author, registry, **metadata)


def add_new_version(old, upload, author, request, **metadata):
    """A new version of ``old`` (same folder and category), which becomes superseded."""
    check_transition(old, request, "replace", uploading=True)  # before storing anything
    metadata["category"] = old.category
    document = add_document(old.__parent__, upload, author, request.registry, **metadata)
    document.replaces = get_oid(old)
    old.replaced_by = get_oid(document)
    transition(old, request, "replace", uploading=True)
    return document


def add_patient_document(dossier, upload, patient, registry, *, title, care_date=None,
                         folder=None):
    """The patient files a document of their own in "my documents" (or a personal folder)."""
    if account_kind(patient) != PATIENT:
        raise ValueError("only the patient files in their own folders")
    return add_document(folder or dossier[PATIENT_CATEGORY], upload, patient, registry,
                        title=title, type_code=PATIENT_DOCUMENT_TYPE,
                        care_date=care_date or utcnow().date(), category=PATIENT_CATEGORY)


class FolderError(Exception):
    """A refused change to the patient's own folders; ``message`` says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _check_title_free(dossier, title, folder=None):
    taken = {f.title.casefold() for f in dossier.folders() if f.personal and f is not folder}
    if title.casefold() in taken:
        raise FolderError(_("You already have a folder with this name."))


def create_personal_folder(dossier, title, registry):
    """A folder of the patient's own, next to the categories."""
    _check_title_free(dossier, title)
    folder = registry.content.create("Category Folder", None, title=title, personal=True)
    dossier.add("f-" + secrets.token_hex(4), folder, registry=registry)
    return folder


def rename_personal_folder(folder, title):
    if not folder.personal:
        raise FolderError(_("Only your own folders can be renamed."))
    _check_title_free(find_dossier(folder), title, folder)
    folder.title = title


def delete_personal_folder(folder, registry):
    if not folder.personal:
        raise FolderError(_("Only your own folders can be deleted."))
    if len(folder):
        raise FolderError(_("This folder is not empty: move its documents out first."))
    folder.__parent__.remove(folder.__name__, registry=registry)


def move_document(document, target):
    """Move a document into one of the patient's folders, or back to its category."""
    dossier = find_dossier(document)
    if find_dossier(target) is not dossier or not (target.personal
                                                    or target.category == document.category):
        raise FolderError(_("A document can only go into one of your folders or back to its "
                            "category."))
    if target is not document.__parent__:
        document.__parent__.move(document.__name__, target)


def create_summary(dossier, sections, author, registry):
    """A draft GP summary by ``author`` (see workflows.summary_review for what follows)."""
    summary = registry.content.create("GP Summary", sections, get_oid(author),
                                      display_name(find_root(dossier), author))
    dossier[SUMMARY_FOLDER].add(secrets.token_hex(8), summary, registry=registry)
    start(summary)
    return summary


def purge_closed(root, registry, now=None):
    """Delete the closed dossiers past their retention, with their patient account; the
    count. Their index and journal go with them; their files once the database is packed."""
    now = now or utcnow()
    dossiers = root["dossiers"]
    expired = [d for d in dossiers.values() if d.closed and d.keep_until and d.keep_until < now]
    users = root["principals"]["users"]
    for dossier in expired:
        patient = root.__objectmap__.object_for(dossier.patient_oid)
        dossiers.by_nir.pop(dossier.nir, None)
        dossiers.remove(dossier.__name__, registry=registry)
        if patient is not None:
            set_email(root, patient, None)
            users.remove(patient.__name__, registry=registry)
    return len(expired)
