"""Who may open a dossier, its documents and their files (the full matrix comes with the
access-control issue): the patient, the médecin traitant and authorised professionals; nobody
else, the host's administrator included, whose answer is 403 everywhere."""
import pytest
from substanced.util import get_oid

from ..conftest import (
    ADMIN_LOGIN,
    ADMIN_PASSWORD,
    GP_RPPS,
    OTHER_PATIENT_NIR,
    OUTSIDER_RPPS,
    PATIENT_NIR,
    SPECIALIST_RPPS,
    log_in,
)

ROLES = {
    "patient": (PATIENT_NIR, None),
    "medecin_traitant": (GP_RPPS, None),
    "authorised_specialist": (SPECIALIST_RPPS, None),
    "other_patient": (OTHER_PATIENT_NIR, None),
    "professional_without_access": (OUTSIDER_RPPS, None),
    "host_admin": (ADMIN_LOGIN, ADMIN_PASSWORD),
    "anonymous": (None, None),
}
READERS = {"patient", "medecin_traitant", "authorised_specialist"}


@pytest.fixture
def urls(site):
    """One URL of each kind on Jean-Marc Dubreuil's dossier (a normal document)."""
    with site.root() as root:
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        document = dossier.by_external_id["doc-d01-02"]
        document = root.__objectmap__.object_for(document)
        base = "/dossiers/%s/" % dossier.__name__
        doc_path = base + "biologie/%s/" % document.__name__
        return {
            "dossier home": base,
            "folder listing": base + "biologie/",
            "document page": doc_path,
            "download": doc_path + "download",
            "api dossier": "/api/v1/dossiers/%s" % dossier.__name__,
            "api documents": "/api/v1/dossiers/%s/documents" % dossier.__name__,
            "api document": "/api/v1/documents/%d" % get_oid(document),
            "api file": "/api/v1/documents/%d/file" % get_oid(document),
        }


@pytest.fixture
def browsers(site):
    made = {}
    for role, (login, password) in ROLES.items():
        browser = site.browser()
        if login is not None:
            if password is None:
                log_in(browser, login)
            else:
                log_in(browser, login, password)
        made[role] = browser
    return made


@pytest.mark.parametrize("role", ROLES)
def test_dossier_documents_and_files(urls, browsers, role):
    browser = browsers[role]
    for kind, url in urls.items():
        response = browser.get(url, status="*")
        if role in READERS:
            expected = 200
        elif role == "anonymous":
            expected = 401 if kind.startswith("api") else 302
        else:
            expected = 403
        assert response.status_int == expected, (role, kind, response.status)
        if expected == 302:
            assert "/login?came_from=" in response.location
        if expected == 403 and not kind.startswith("api"):
            assert "Accès refusé" in response.text
        if expected in (401, 403) and kind.startswith("api"):
            assert response.json["error"]
        if expected != 200:
            assert "Dubreuil" not in response.text and "DUBREUIL" not in response.text


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"anonymous"}))
def test_upload_forms(site, browsers, role):
    base = "/dossiers/%s/" % site.dossier_id(PATIENT_NIR)
    professional = browsers[role].get(base + "add-document", status="*").status_int
    own = browsers[role].get(base + "add-my-document", status="*").status_int
    assert professional == (200 if role in ("medecin_traitant", "authorised_specialist") else 403)
    assert own == (200 if role == "patient" else 403)


def test_admin_keeps_the_sdi_for_accounts(browsers, site):
    admin = browsers["host_admin"]
    assert admin.get("/manage/principals/users/@@contents").status_int == 200
    assert admin.get("/manage/directory/@@contents").status_int == 200
    assert admin.get("/manage/dossiers/@@contents", status="*").status_int == 403
    dossier_id = site.dossier_id(PATIENT_NIR)
    assert admin.get("/manage/dossiers/%s/@@contents" % dossier_id, status="*").status_int == 403


def test_unknown_ids_are_not_found(browsers):
    gp = browsers["medecin_traitant"]
    assert gp.get("/dossiers/nope/", status=404).status_int == 404
    assert gp.get("/api/v1/dossiers/nope", status=404).json["error"] == "Introuvable."
    assert gp.get("/api/v1/documents/12", status=404).status_int == 404
    assert gp.get("/api/v1/documents/abc/file", status=404).status_int == 404
