"""The whole corpus imported: what each person may list in each dossier.

The expectations are computed from the corpus' own flags (who authored what, who is whose
médecin traitant, ``hidden_from_patient``, ``sensitive``), never written out by hand.
"""
import json

import pytest

from dmp_library.resources.listing import visible_documents
from dmp_library.security.accounts import find_account, principals_of
from dmp_library.security.permissions import Permission
from dmp_library.security.policy import DossierAccess

from ..conftest import (
    GP_RPPS,
    HIDDEN_PATIENT_NIR,
    LAB_RPPS,
    MASKED_PATIENT_NIR,
    OUTSIDER_RPPS,
    PSYCHIATRIST_RPPS,
    corpus,
    visible_by_flags,
)


def test_every_person_in_every_dossier(site):
    """Each patient and each professional of the corpus, against each of the 10 dossiers."""
    logins = [p["nir"] for p in corpus("patients")] + [p["rpps"] for p in corpus("professionals")]
    logins.append("admin")
    checked = 0
    with site.root() as root:
        users = {login: find_account(root, login) for login in logins}
        for patient in corpus("patients"):
            dossier = root["dossiers"].for_nir(patient["nir"])
            for login, user in users.items():
                access = DossierAccess(dossier, principals_of(user))
                expected = visible_by_flags(patient, login)
                if expected is None:
                    assert not access.can(dossier, Permission.DOSSIER_VIEW), (patient["id"], login)
                    assert not visible_documents(dossier, access), (patient["id"], login)
                else:
                    assert access.can(dossier, Permission.DOSSIER_VIEW), (patient["id"], login)
                    listed = {d.external_id for d in visible_documents(dossier, access)}
                    assert listed == expected, (patient["id"], login)
                checked += 1
    assert checked == 10 * 31


ROYER = next(p for p in corpus("patients") if p["nir"] == MASKED_PATIENT_NIR)
GARNIER = next(p for p in corpus("patients") if p["nir"] == HIDDEN_PATIENT_NIR)


@pytest.mark.parametrize("patient, login", [
    (ROYER, ROYER["nir"]),          # the patient sees their masked documents
    (ROYER, GP_RPPS),               # the médecin traitant sees them too
    (ROYER, PSYCHIATRIST_RPPS),     # the author sees his own masked documents only
    (ROYER, LAB_RPPS),              # an authorised biologist does not see them
    (GARNIER, GARNIER["nir"]),      # the patient does not see what is hidden from her
    (GARNIER, "10200029477"),       # her oncologist does
])
def test_dmp_ls_shows_each_role_its_documents(dmp, patient, login):
    status, out, _err = dmp("ls", "--as", login, "--dossier", patient["nir"], "--json")
    assert status == 0
    answer = json.loads(out)
    assert {d["external_id"] for d in answer["documents"]} == visible_by_flags(patient, login)
    flagged = {d["id"]: d for d in corpus("documents")}
    for document in answer["documents"]:
        entry = flagged[document["external_id"]]
        codes = set(document["visibility"])
        assert ("masked" in codes) == entry["sensitive"]
        assert ("hidden_from_patient" in codes) == entry["hidden_from_patient"]
        assert codes == {"normal"} or "normal" not in codes


@pytest.mark.parametrize("login", [OUTSIDER_RPPS, "admin"])
def test_dmp_ls_refuses_outsiders(dmp, login):
    status, out, err = dmp("ls", "--as", login, "--dossier", MASKED_PATIENT_NIR, "--json")
    assert (status, out, err) == (3, "", "dmp: Accès refusé.\n")
