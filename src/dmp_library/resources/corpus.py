"""Importing a corpus in the development corpus' format (patients, professionals, documents).

Idempotent: what already exists (a professional by RPPS, a dossier by NIR, a document by its
corpus id kept as external id, a grant or designation) is left as it is, so a second import of
the same corpus writes nothing.
"""
import datetime
import json
import os
from dataclasses import dataclass

from substanced.util import get_oid

from ..clock import utcnow
from ..security.access import designate_medecin_traitant, grant_access
from ..security.accounts import add_professional_account
from ..workflows.document_lifecycle import VALIDATED
from ..workflows.services import force_state
from .people import ProfessionalProfile
from .services import add_document, open_dossier
from .uploads import receive_upload
from .vocabulary import HIDDEN_FROM_PATIENT, MASKED, PATIENT_CATEGORY

# Corpus doc_type -> (category folder, LOINC type code).
CORPUS_TYPES = {
    "prescription": ("ordonnances-soins", "57833-6"),
    "lab_result": ("biologie", "11502-2"),
    "hospital_report": ("comptes-rendus", "11490-0"),
    "imaging_report": ("imagerie", "18748-4"),
    "gp_summary": ("syntheses", "60591-5"),
    "vaccination": ("prevention-vaccination", "11369-6"),
    "letter": ("comptes-rendus", "11488-4"),
    "patient_upload": (PATIENT_CATEGORY, "51855-5"),
}


class CorpusError(Exception):
    """The corpus folder is missing a file or refers to something it does not define."""


@dataclass
class ImportReport:
    professionals: int = 0
    dossiers: int = 0
    documents: int = 0

    def __str__(self):
        return "created: %d professionals, %d dossiers, %d documents" % (
            self.professionals, self.dossiers, self.documents)


def _load(directory, name):
    path = os.path.join(directory, name)
    if not os.path.isfile(path):
        raise CorpusError("missing %s in %s" % (name, directory))
    with open(path, encoding="utf-8") as fp:
        return json.load(fp)


def add_professional(root, registry, rpps, password=None, email=None, **profile):
    """A professional's account (login: RPPS) and directory profile."""
    user = add_professional_account(root, rpps, password=password, email=email,
                                    registry=registry)
    root["directory"].add(rpps, ProfessionalProfile(rpps, user_oid=get_oid(user), **profile),
                          registry=registry)
    return user


def import_corpus(root, directory, registry, settings):
    report = ImportReport()
    users = root["principals"]["users"]
    professionals = {}
    for entry in _load(directory, "professionals.json"):
        rpps = entry["rpps"]
        if rpps not in root["directory"]:
            add_professional(
                root, registry, rpps, title=entry.get("title") or "",
                family_name=entry["family_name"], given_names=entry["given_names"],
                profession=entry["profession"], specialty=entry.get("specialty_label") or "",
                organisation=entry.get("organisation") or "", address=entry.get("address") or "",
                phone=entry.get("phone") or "",
            )
            report.professionals += 1
        professionals[rpps] = users[rpps]

    dossiers = {}
    for entry in _load(directory, "patients.json"):
        dossier = root["dossiers"].for_nir(entry["nir"])
        medecin_traitant = professionals.get(entry.get("medecin_traitant_rpps"))
        if dossier is None:
            consent = {"given": True, "by_role": "professional", "at": utcnow(),
                       "by_oid": get_oid(medecin_traitant) if medecin_traitant else None,
                       "how": "imported with the corpus"}
            identity = {"nir": entry["nir"], "family_name": entry["family_name"],
                        "given_names": entry["given_names"], "sex": entry["sex"],
                        "birth_date": datetime.date.fromisoformat(entry["birth_date"])}
            dossier, _patient = open_dossier(root, identity, consent, registry)
            report.dossiers += 1
        if medecin_traitant is not None:
            designate_medecin_traitant(dossier, medecin_traitant, registry)
        dossiers[entry["id"]] = dossier

    objectmap = root.__objectmap__
    for entry in _load(directory, "documents.json"):
        dossier = dossiers.get(entry["patient_id"])
        if dossier is None:
            raise CorpusError("document %s names an unknown patient" % entry["id"])
        if entry["id"] in dossier.by_external_id:
            continue
        category, type_code = CORPUS_TYPES[entry["doc_type"]]
        if entry["author_kind"] == "patient":
            author = objectmap.object_for(dossier.patient_oid)
        else:
            author = professionals[entry["author_rpps"]]
            grant_access(dossier, author, get_oid(author), "author", registry=registry)
        visibility = []
        if entry.get("hidden_from_patient"):
            visibility.append(HIDDEN_FROM_PATIENT)
        if entry.get("sensitive"):
            visibility.append(MASKED)
        path = os.path.join(directory, entry["file_name"])
        with open(path, "rb") as stream:
            upload = receive_upload(stream, os.path.basename(path),
                                    settings["dmp.max_upload_bytes"])
        try:
            document = add_document(
                dossier[category], upload, author, registry, title=entry["title"],
                type_code=type_code, care_date=datetime.date.fromisoformat(entry["date"]),
                visibility=visibility, external_id=entry["id"])
            force_state(document, VALIDATED, "imported with the corpus")
        finally:
            upload.close()
        report.documents += 1
    return report
