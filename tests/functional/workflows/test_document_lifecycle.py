"""A document's life: drafts, validation by a designated validator, new versions, archives,
deletion, with its review history and the mails it sends."""
import email
import json

import pytest
from pyramid.traversal import find_resource
from webtest import Upload

from dmp_library.security.accounts import find_account, set_email

from ...conftest import GP_RPPS, PATIENT_NIR, log_in, text
from .conftest import AUTHOR_RPPS, VALIDATOR_RPPS


def mails(site):
    """(recipient, subject) of the mails queued so far."""
    folder = site.data_dir / "mail" / "new"
    found = []
    for path in sorted(folder.glob("*")) if folder.exists() else []:
        message = email.message_from_bytes(path.read_bytes())
        subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
        found.append((message["To"], subject))
    return found


@pytest.fixture
def patient_email(site):
    with site.root() as root:
        set_email(root, find_account(root, PATIENT_NIR), "jm.dubreuil@example.org")
        set_email(root, find_account(root, AUTHOR_RPPS), "bensalem@example.org")
        set_email(root, find_account(root, VALIDATOR_RPPS), "aubert@example.org")
    return "jm.dubreuil@example.org"


def upload(site, browser, title, **fields):
    url = "/dossiers/%s/add-document" % site.dossier_id(PATIENT_NIR)
    form = browser.get(url).forms["upload-form"]
    form["category"] = "comptes-rendus"
    form["type_code"] = "11488-4"
    form["title"] = title
    form["care_date"] = "2025-03-01"
    for name, value in fields.items():
        form[name] = value
    form["upload"] = Upload("cr.txt", ("%s : examen normal\n" % title).encode())
    return form.submit("submit").follow()


def titles(browser, site, folder="comptes-rendus", archived=False):
    url = "/dossiers/%s/%s/?size=all%s" % (site.dossier_id(PATIENT_NIR), folder,
                                           "&archived=true" if archived else "")
    return [a.text for a in browser.get(url).html.select(".document-list__title")]


def item_id(site, page):
    """The API id of the item a page shows."""
    with site.root() as root:
        return str(find_resource(root, page.request.path).__oid__)


def run(browser, page, transition, comment=None, status=None):
    form = page.forms["transition-" + transition]
    if comment is not None:
        form["comment"] = comment
    return form.submit().follow()


@pytest.fixture
def as_author(site, tokens):
    browser = site.browser()
    log_in(browser, AUTHOR_RPPS)
    return browser


def test_upload_is_validated_by_its_author_and_the_patient_is_told(
        site, as_author, as_patient, patient_email, tokens):
    page = upload(site, as_author, "Holter ECG")
    assert "Validé" in page.html.select_one(".workflow").text
    assert "Holter ECG" in titles(as_patient, site)
    assert (patient_email, "Nouveau dans votre dossier médical") in mails(site)


def test_draft_is_seen_by_its_author_only_until_validated(site, as_author, as_patient, as_gp,
                                                          patient_email, tokens):
    page = upload(site, as_author, "Échographie cardiaque", draft=True)
    assert "Brouillon" in page.html.select_one(".workflow").text
    assert "Échographie cardiaque" in titles(as_author, site)
    assert "Échographie cardiaque" not in titles(as_patient, site)
    assert "Échographie cardiaque" not in titles(as_gp, site)
    as_patient.get(page.request.path, status=403)
    assert "Mes brouillons" in as_author.get("/worklists").text
    drafts = as_author.get("/worklists").html.find(id="drafts").text
    assert "Échographie cardiaque" in drafts
    assert ("jm.dubreuil@example.org", "Nouveau dans votre dossier médical") not in mails(site)

    run(as_author, page, "validate")
    assert "Échographie cardiaque" in titles(as_patient, site)
    assert (patient_email, "Nouveau dans votre dossier médical") in mails(site)


def test_designated_validator_validates_or_sends_back(site, as_author, as_patient,
                                                      patient_email, tokens):
    page = upload(site, as_author, "ECG d'effort", validator=VALIDATOR_RPPS)
    assert "En attente de validation" in page.html.select_one(".workflow").text
    assert "transition-validate" not in page.forms  # the author may not validate it himself
    assert ("aubert@example.org", "Un document attend votre validation") in mails(site)
    assert "ECG d'effort" not in titles(as_patient, site)

    validator = site.browser()
    log_in(validator, VALIDATOR_RPPS)
    worklist = validator.get("/worklists")
    assert "ECG d'effort" in worklist.html.find(id="awaiting").text
    assert "À valider : 1" in text(worklist)
    document = validator.get(page.request.path)

    refused = run(validator, document, "reject", comment="")
    assert "Dites pourquoi dans un commentaire." in text(refused)
    back = run(validator, validator.get(page.request.path), "reject",
               comment="Préciser la charge maximale atteinte.")
    assert "Renvoyé à son auteur" in back.html.select_one(".workflow").text
    assert ("bensalem@example.org", "Renvoyé avec un commentaire") in mails(site)
    assert "Préciser la charge maximale atteinte." in as_author.get(page.request.path).text

    resubmitted = run(as_author, as_author.get(page.request.path), "submit")
    assert "En attente de validation" in resubmitted.html.select_one(".workflow").text
    validated = run(validator, validator.get(page.request.path), "validate")
    assert "Validé." in validated.text
    assert validated.request.path == "/pro"  # a validator without a grant sees no further
    assert "ECG d'effort" in titles(as_patient, site)

    history = site.browser().get("/api/v1/documents/%s/workflow" % item_id(site, page),
                                 headers=tokens["author"]).json["history"]
    assert [(h["transition"], h["from"], h["to"]) for h in history] == [
        ("submit", "draft", "pending"), ("reject", "pending", "rejected"),
        ("submit", "rejected", "pending"), ("validate", "pending", "validated")]
    assert history[1]["who"] == "Dr Zoé AUBERT"
    assert history[1]["comment"] == "Préciser la charge maximale atteinte."


def test_new_version_supersedes_the_old_one(site, as_author, as_patient, tokens):
    first = upload(site, as_author, "Bilan cardiologique")
    form = first.click(description="Déposer une nouvelle version").forms["upload-form"]
    form["type_code"] = "11488-4"
    form["title"] = "Bilan cardiologique (corrigé)"
    form["care_date"] = "2025-03-01"
    form["upload"] = Upload("cr2.txt", b"Bilan cardiologique : correction\n")
    second = form.submit("submit").follow()
    assert "Nouvelle version de :" in second.text
    old = as_patient.get(first.request.path)
    assert "Remplacé par une version plus récente" in old.text
    assert old.html.select_one(".alert a")["href"].endswith(second.request.path)
    listed = titles(as_patient, site)
    assert "Bilan cardiologique" in listed and "Bilan cardiologique (corrigé)" in listed


def test_archive_hides_from_default_listings(site, as_author, as_patient, tokens):
    page = upload(site, as_author, "Vieille ordonnance")
    run(as_patient, as_patient.get(page.request.path), "archive")
    assert "Vieille ordonnance" not in titles(as_patient, site)
    assert "Vieille ordonnance" in titles(as_patient, site, archived=True)
    run(as_patient, as_patient.get(page.request.path), "unarchive")
    assert "Vieille ordonnance" in titles(as_patient, site)


def test_only_the_author_deletes_and_the_history_is_kept(site, as_author, as_patient, as_gp,
                                                         tokens):
    page = upload(site, as_author, "Erreur de dossier")
    assert "transition-delete" not in as_gp.get(page.request.path).forms
    assert "transition-delete" not in as_patient.get(page.request.path).forms
    gone = run(as_author, page, "delete")
    assert gone.request.path == "/dossiers/%s/" % site.dossier_id(PATIENT_NIR)
    for browser in (as_author, as_patient, as_gp):
        assert "Erreur de dossier" not in titles(browser, site, archived=True)
        browser.get(page.request.path, status=403)
    with site.root() as root:
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        kept = [d for d in dossier["comptes-rendus"].values() if d.title == "Erreur de dossier"]
        assert kept[0].state == "deleted" and kept[0].history[-1]["transition"] == "delete"


def test_api_transitions(site, tokens):
    browser = site.browser()
    created = browser.post(
        "/api/v1/dossiers/%s/documents" % site.dossier_id(PATIENT_NIR),
        {"category": "comptes-rendus", "type_code": "11488-4", "title": "Holter",
         "care_date": "2025-03-01", "draft": "true",
         "file": Upload("h.txt", b"Holter normal\n")}, headers=tokens["author"], status=201).json
    assert created["state"] == "draft"
    url = "/api/v1/documents/%s/workflow" % created["id"]
    assert browser.get(url, headers=tokens["author"]).json["transitions"] == ["delete",
                                                                              "validate"]
    forbidden = browser.post_json(url + "/validate", {}, headers=tokens["medecin_traitant"],
                                  status=403)
    assert forbidden.json["error"]
    impossible = browser.post_json(url + "/archive", {}, headers=tokens["author"], status=409)
    assert "pas possible" in impossible.json["error"]
    unknown = browser.post_json(url + "/fly", {}, headers=tokens["author"], status=409)
    assert unknown.json["error"]
    done = browser.post_json(url + "/validate", {"comment": "RAS"}, headers=tokens["author"])
    assert done.json["state"] == "validated"
    assert done.json["history"][-1]["comment"] == "RAS"
    replace = browser.post_json(url + "/replace", {}, headers=tokens["author"], status=409)
    assert "nouvelle version" in replace.json["error"]

    new = browser.post(
        "/api/v1/dossiers/%s/documents" % site.dossier_id(PATIENT_NIR),
        {"type_code": "11488-4", "title": "Holter v2", "care_date": "2025-03-02",
         "replaces": created["id"], "file": Upload("h2.txt", b"Holter v2\n")},
        headers=tokens["author"], status=201).json
    assert new["replaces"] == created["id"] and new["category"] == "comptes-rendus"
    old = browser.get("/api/v1/documents/%s" % created["id"], headers=tokens["author"]).json
    assert old["state"] == "superseded" and old["replaced_by"] == new["id"]
    again = browser.post(
        "/api/v1/dossiers/%s/documents" % site.dossier_id(PATIENT_NIR),
        {"type_code": "11488-4", "title": "Holter v3", "care_date": "2025-03-02",
         "replaces": created["id"], "file": Upload("h3.txt", b"Holter v3\n")},
        headers=tokens["author"], status=409)
    assert again.json["error"]
    by_other = browser.post(
        "/api/v1/dossiers/%s/documents" % site.dossier_id(PATIENT_NIR),
        {"type_code": "11488-4", "title": "x", "care_date": "2025-03-02",
         "replaces": new["id"], "file": Upload("x.txt", b"x\n")},
        headers=tokens["medecin_traitant"], status=403)
    assert by_other.json["error"]


def test_dmp_ls_shows_states(dmp):
    status, out, _err = dmp("ls", "--as", GP_RPPS, "--dossier", PATIENT_NIR, "--json")
    assert status == 0
    assert {d["state"] for d in json.loads(out)["documents"]} == {"validated"}
