"""The JSON API seed: Bearer tokens or the web session, same answers and rules as the web."""
import datetime

import pytest
from webtest import Upload

from dmp_library.security.accounts import find_account

from ..conftest import FIXTURES, GP_RPPS, OUTSIDER_RPPS, PATIENT_NIR, corpus_documents, log_in

PDF = (FIXTURES / "files" / "report.pdf").read_bytes()


def token_for(site, login, hours=1):
    with site.root() as root:
        return root.api_tokens.issue(find_account(root, login), hours)


def bearer(token):
    return {"Authorization": "Bearer " + token}


@pytest.fixture
def gp_token(site):
    return token_for(site, GP_RPPS)


def test_documents_of_a_dossier(site, gp_token):
    dossier_id = site.dossier_id(PATIENT_NIR)
    answer = site.browser().get("/api/v1/dossiers/%s/documents" % dossier_id,
                                headers=bearer(gp_token)).json
    assert answer["dossier"] == {"id": dossier_id, "nir": PATIENT_NIR}
    expected = {d["id"] for d in corpus_documents(PATIENT_NIR)}
    assert {d["external_id"] for d in answer["documents"]} == expected
    first = answer["documents"][0]
    assert set(first) >= {"id", "external_id", "title", "category", "type", "date", "state",
                          "visibility"}
    assert first["state"] == "validated"
    dates = [d["date"] for d in answer["documents"]]
    assert dates == sorted(dates, reverse=True)

    dossier = site.browser().get("/api/v1/dossiers/%s" % dossier_id, headers=bearer(gp_token)).json
    assert dossier["dossier"]["family_name"] == "Dubreuil"
    assert dossier["documents"] == answer["documents"]


def test_file_is_streamed(site, gp_token):
    browser = site.browser()
    documents = browser.get("/api/v1/dossiers/%s/documents" % site.dossier_id(PATIENT_NIR),
                            headers=bearer(gp_token)).json["documents"]
    pdf = next(d for d in documents if d["external_id"] == "doc-d01-07")
    response = browser.get("/api/v1/documents/%s/file" % pdf["id"], headers=bearer(gp_token))
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.body[:5] == b"%PDF-"
    meta = browser.get("/api/v1/documents/%s" % pdf["id"], headers=bearer(gp_token)).json
    assert meta["sha256"] and meta["size"] == len(response.body)


def test_upload_with_a_token(site, gp_token):
    browser = site.browser()
    url = "/api/v1/dossiers/%s/documents" % site.dossier_id(PATIENT_NIR)
    response = browser.post(url, {"category": "imagerie", "type_code": "18748-4",
                                  "title": "Échographie abdominale", "care_date": "2025-01-10",
                                  "external_id": "RIS-42",
                                  "file": Upload("echo.pdf", PDF, "application/pdf")},
                            headers=bearer(gp_token), status=201)
    created = response.json
    assert created["title"] == "Échographie abdominale"
    assert created["category"] == "imagerie"
    assert created["external_id"] == "RIS-42"
    assert response.headers["Location"].endswith("/api/v1/documents/%s" % created["id"])
    listed = browser.get(url, headers=bearer(gp_token)).json["documents"]
    assert created["id"] in {d["id"] for d in listed}
    again = browser.post(url, {"category": "imagerie", "type_code": "18748-4", "title": "x",
                               "care_date": "2025-01-10", "external_id": "RIS-42",
                               "file": Upload("echo.pdf", PDF, "application/pdf")},
                         headers=bearer(gp_token), status=409)
    assert "identifiant" in again.json["error"]


def test_patient_uploads_into_my_documents(site):
    token = token_for(site, PATIENT_NIR)
    response = site.browser().post(
        "/api/v1/dossiers/%s/documents" % site.dossier_id(PATIENT_NIR),
        {"title": "Mesures de tension", "file": Upload("tension.txt", b"12/8 le matin\n")},
        headers=bearer(token), status=201)
    assert response.json["category"] == "mes-documents"
    assert response.json["author_kind"] == "patient"


@pytest.mark.parametrize("fields, status, message", [
    ({"title": "x", "care_date": "2025-01-10", "category": "biologie", "type_code": "11502-2",
      "file": Upload("x.exe", b"MZ\x90\x00" + bytes(400))}, 415, "n'est pas accepté"),
    ({"title": "x", "care_date": "2025-01-10", "category": "biologie", "type_code": "11502-2",
      "file": Upload("x.txt", b"")}, 400, "Le fichier est vide."),
    ({"title": "x", "care_date": "2025-01-10", "category": "biologie", "type_code": "11502-2",
      "file": Upload("x.txt", b"a" * (1024 * 1024 + 10))}, 413, "Le fichier dépasse la limite"),
    ({"title": "x", "care_date": "2025-01-10", "category": "biologie",
      "type_code": "11502-2"}, 400, "champ multipart « file »"),
    ({"title": "", "care_date": "demain", "category": "nulle-part", "type_code": "11502-2",
      "file": Upload("x.txt", b"texte")}, 400, "Métadonnées invalides."),
])
def test_upload_errors_are_json_with_the_right_status(site, gp_token, fields, status, message):
    url = "/api/v1/dossiers/%s/documents" % site.dossier_id(PATIENT_NIR)
    response = site.browser().post(url, fields, headers=bearer(gp_token), status=status)
    assert message in response.json["error"]
    if status == 400 and "fields" in response.json:
        assert set(response.json["fields"]) == {"title", "care_date", "category"}


def test_authentication_errors(site, gp_token):
    browser = site.browser()
    url = "/api/v1/dossiers/%s/documents" % site.dossier_id(PATIENT_NIR)
    anonymous = browser.get(url, status=401)
    assert anonymous.json == {"error": "Authentification requise."}
    assert anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = browser.get(url, headers=bearer("dmp_not-a-token"), status=401)
    assert wrong.json == {"error": "Jeton invalide, expiré ou révoqué."}
    outsider = browser.get(url, headers=bearer(token_for(site, OUTSIDER_RPPS)), status=403)
    assert outsider.json == {"error": "Accès refusé."}


def test_tokens_expire_and_can_be_revoked(site, gp_token):
    url = "/api/v1/dossiers/%s/documents" % site.dossier_id(PATIENT_NIR)
    browser = site.browser()
    browser.get(url, headers=bearer(gp_token), status=200)
    with site.root() as root:
        assert root.api_tokens.revoke(gp_token)
    browser.get(url, headers=bearer(gp_token), status=401)

    token = token_for(site, GP_RPPS)
    with site.root() as root:
        record = next(r for r in root.api_tokens.tokens.values() if not r.revoked)
        record.expires = datetime.datetime.now(datetime.UTC) - datetime.timedelta(1)
    browser.get(url, headers=bearer(token), status=401)


def test_tokens_are_stored_hashed(site, gp_token):
    with site.root() as root:
        assert gp_token not in root.api_tokens.tokens
        assert all(gp_token not in key for key in root.api_tokens.tokens)


def test_web_session_works_with_the_csrf_header(site):
    browser = site.browser()
    log_in(browser, GP_RPPS)
    url = "/api/v1/dossiers/%s/documents" % site.dossier_id(PATIENT_NIR)
    assert browser.get(url).json["documents"]
    fields = {"category": "biologie", "type_code": "11502-2", "title": "NFS",
              "care_date": "2025-01-10", "file": Upload("nfs.txt", b"NFS normale\n")}
    refused = browser.post(url, fields, status=400)
    assert "X-CSRF-Token" in refused.json["error"]
    token = browser.get("/pro").html.find("input", {"name": "csrf_token"})["value"]
    browser.post(url, fields, headers={"X-CSRF-Token": token}, status=201)
