"""Content creation: dossiers, documents and GP summaries as the design lays them out."""
import datetime
import hashlib
import io

import pytest
from substanced.util import get_oid

from dmp_library.resources.corpus import add_professional
from dmp_library.resources.interfaces import ICategoryFolder, ISummaryFolder
from dmp_library.resources.services import (
    DossierExists,
    DuplicateDocument,
    add_patient_document,
    add_professional_document,
    open_dossier,
)
from dmp_library.resources.summary import SECTION_NAMES
from dmp_library.resources.uploads import receive_upload
from dmp_library.resources.vocabulary import CATEGORY_NAMES, MASKED

IDENTITY = {"nir": "161077127011239", "family_name": "Dubreuil", "given_names": "Jean-Marc",
            "birth_date": datetime.date(1961, 7, 22), "sex": "M"}
CONSENT = {"given": True, "by_oid": None, "by_role": "professional", "at": None, "how": "test"}


def upload(text="Glycémie à jeun 1,48 g/L\n"):
    return receive_upload(io.BytesIO(text.encode()), "cr.txt", 1024 * 1024)


def test_dossier_has_the_category_folders_and_an_opaque_id(empty_site):
    with empty_site.root() as root:
        dossier, patient = open_dossier(root, IDENTITY, CONSENT, empty_site.registry)
        assert [name for name in dossier if ICategoryFolder.providedBy(dossier[name])] == \
            sorted(CATEGORY_NAMES)
        assert ISummaryFolder.providedBy(dossier["summary"])
        assert IDENTITY["nir"] not in dossier.__name__
        assert IDENTITY["nir"] not in patient.__name__
        assert len(dossier.__name__) >= 16
        assert root["dossiers"].for_nir(IDENTITY["nir"]) is dossier
        assert dossier.consent == CONSENT
        assert dossier.patient_oid == get_oid(patient)


def test_one_dossier_per_nir(empty_site):
    with empty_site.root() as root:
        open_dossier(root, IDENTITY, CONSENT, empty_site.registry)
        with pytest.raises(DossierExists):
            open_dossier(root, dict(IDENTITY, family_name="Autre"), CONSENT, empty_site.registry)
        assert len(root["dossiers"]) == 1


def test_document_keeps_file_and_metadata(empty_site):
    registry = empty_site.registry
    with empty_site.root() as root:
        dossier, _patient = open_dossier(root, IDENTITY, CONSENT, registry)
        author = add_professional(root, registry, "10256179150", family_name="Carré",
                                  given_names="Sophie", profession="Biologiste médical")
        received = upload()
        document = add_professional_document(
            dossier, received, author, registry, category="biologie", type_code="11502-2",
            title="Bilan", care_date=datetime.date(2022, 9, 12), visibility=(MASKED,),
            external_id="LAB-1")
        assert document.__parent__ is dossier["biologie"]
        assert document.open().read() == "Glycémie à jeun 1,48 g/L\n".encode()
        assert document.sha256 == hashlib.sha256("Glycémie à jeun 1,48 g/L\n".encode()).hexdigest()
        assert (document.mime_type, document.charset, document.size) == ("text/plain", "utf-8", 27)
        assert document.author_name == "Dr Sophie CARRÉ"
        assert document.author_kind == "professional"
        assert document.visibility == (MASKED,)
        assert document.state == "draft"  # its author's alone until validated
        assert [ace[1] for ace in document.__acl__ if ace[0] == "Allow"] == [get_oid(author)]
        assert dossier.by_external_id["LAB-1"] == get_oid(document)
        assert document.__acl__[-1][1] == "system.Everyone"  # nothing inherited
        with pytest.raises(DuplicateDocument):
            add_professional_document(
                dossier, upload(), author, registry, category="biologie", type_code="11502-2",
                title="Bilan", care_date=datetime.date(2022, 9, 12), external_id="LAB-1")


def test_patient_documents_go_to_my_documents_marked_patient_authored(empty_site):
    registry = empty_site.registry
    with empty_site.root() as root:
        dossier, patient = open_dossier(root, IDENTITY, CONSENT, registry)
        document = add_patient_document(dossier, upload(), patient, registry, title="Mon carnet")
        assert document.__parent__ is dossier["mes-documents"]
        assert document.patient_authored
        assert document.type_code == "51855-5"
        assert document.care_date == datetime.date.today()


def test_gp_summary_has_the_vsm_sections(empty_site):
    with empty_site.root() as root:
        summary = empty_site.registry.content.create(
            "GP Summary", {"allergies": " Pénicilline ", "treatments": "Metformine"}, 1, "Dr X")
        assert tuple(summary.sections) == SECTION_NAMES
        assert summary.sections["allergies"] == "Pénicilline"
        assert summary.state == "draft"
        summary.update({"allergies": ""})
        assert summary.sections["allergies"] == ""
        assert summary.sections["treatments"] == "Metformine"
        with pytest.raises(ValueError):
            summary.update({"unknown": "x"})
        assert root is not None
