"""Opening dossiers: by a professional from the carte vitale (with consent), or online."""
import datetime

import pytest
from substanced.util import get_oid

from dmp_library.demo import DEMO_PASSWORD
from dmp_library.security.accounts import find_account

from ..conftest import GP_RPPS, PATIENT_NIR, SPECIALIST_RPPS, log_in, text

NEW_NIR = "2 85 03 75 112 004 73"  # fictional
NEW = {"nir": NEW_NIR, "family_name": "Morel", "given_names": "Claire",
       "birth_date": "1985-03-14", "sex": "F"}


def valid_nir():
    from dmp_library.resources.identity import nir_key

    first13 = NEW_NIR.replace(" ", "")[:13]
    return first13 + "%02d" % nir_key(first13)


def fill(form, fields):
    for name, value in fields.items():
        form[name] = value
    return form


@pytest.fixture
def new_identity():
    return dict(NEW, nir=valid_nir())


def test_professional_opens_a_dossier_with_consent(site, as_gp, new_identity):
    form = fill(as_gp.get("/new-dossier").forms["form"],
                dict(new_identity, consent=True, medecin_traitant=True))
    page = form.submit("submit")
    assert page.status_int == 200
    assert page.headers["Cache-Control"] == "no-store"
    code = page.html.find(id="activation-code").text.strip()
    assert len(code) == 14 and code.count("-") == 2
    before = datetime.datetime.now(datetime.UTC)
    with site.root() as root:
        dossier = root["dossiers"].for_nir(new_identity["nir"])
        gp = find_account(root, GP_RPPS)
        assert (dossier.family_name, dossier.given_names, dossier.sex) == ("Morel", "Claire", "F")
        assert dossier.birth_date == datetime.date(1985, 3, 14)
        assert dossier.consent["given"] is True
        assert dossier.consent["by_oid"] == get_oid(gp)
        assert dossier.consent["by_role"] == "professional"
        assert "carte vitale" in dossier.consent["how"]
        assert abs((dossier.consent["at"] - before).total_seconds()) < 60
        assert get_oid(gp) in dossier.medecins_traitants
        assert dossier.grant_for(get_oid(gp)) is not None
        name = dossier.__name__
    assert new_identity["nir"] not in name
    assert as_gp.get("/dossiers/%s/" % name).status_int == 200

    # The patient activates their account with the code, once.
    patient = site.browser()
    form = patient.get("/activate").forms["form"]
    form["login"] = new_identity["nir"]
    form["code"] = code.lower()
    form["password"] = form["password-confirm"] = "un mot de passe solide"
    landing = form.submit("submit").follow()
    assert landing.request.path == "/dossiers/%s/" % name
    assert "Votre compte est activé." in landing.text
    again = site.browser().get("/activate").forms["form"]
    again["login"] = new_identity["nir"]
    again["code"] = code
    again["password"] = again["password-confirm"] = "un autre mot de passe"
    assert "Ce code d'activation n'est pas valable pour ce compte." in again.submit("submit").text
    log_in(site.browser(), new_identity["nir"], "un mot de passe solide")


def test_no_dossier_without_consent(site, as_gp, new_identity):
    page = fill(as_gp.get("/new-dossier").forms["form"], new_identity).submit("submit")
    assert "Le dossier ne peut être créé qu'avec le consentement du patient." in text(page)
    with site.root() as root:
        assert root["dossiers"].for_nir(new_identity["nir"]) is None


def test_second_dossier_for_a_nir_is_refused(site, as_gp):
    identity = {"nir": PATIENT_NIR, "family_name": "Dubreuil", "given_names": "Jean-Marc",
                "birth_date": "1961-07-22", "sex": "M"}
    page = fill(as_gp.get("/new-dossier").forms["form"], dict(identity, consent=True))
    page = page.submit("submit")
    assert "Un dossier existe déjà pour ce numéro de sécurité sociale." in page.text
    with site.root() as root:
        assert len(root["dossiers"]) == 10


@pytest.mark.parametrize("nir, message", [
    ("", "Saisissez le numéro de sécurité sociale (NIR) : 15 caractères."),
    ("28503751120",
     "Un NIR compte 15 caractères (13 + une clé de 2 chiffres) ; vous en avez saisi 11."),
    ("2850375112004XX",
     "Un NIR ne contient que des chiffres (sauf 2A/2B pour la Corse) : « X » en position 14."),
    ("285037511200400", "La clé 00 ne correspond pas aux 13 premiers caractères du NIR"),
    ("185037511200400", "Le premier chiffre"),
])
def test_malformed_nir_is_explained(as_gp, new_identity, nir, message):
    if nir == "185037511200400":  # a valid man's NIR for a woman
        from dmp_library.resources.identity import nir_key

        nir = "1850375112004" + "%02d" % nir_key("1850375112004")
        message = "Le NIR ne correspond pas au sexe indiqué (son premier chiffre est 1)."
    page = fill(as_gp.get("/new-dossier").forms["form"],
                dict(new_identity, nir=nir, consent=True)).submit("submit")
    assert page.status_int == 200
    assert message in text(page)


def test_nir_must_match_the_birth_date(as_gp, new_identity):
    page = fill(as_gp.get("/new-dossier").forms["form"],
                dict(new_identity, birth_date="1986-03-14", consent=True)).submit("submit")
    assert "Le NIR ne correspond pas à l'année de naissance (il indique 85)." in text(page)


def test_patients_cannot_open_dossiers_for_others(as_patient):
    assert as_patient.get("/new-dossier", status=403).status_int == 403


def test_patient_opens_their_dossier_online(site, new_identity):
    browser = site.browser()
    form = fill(browser.get("/signup").forms["form"],
                dict(new_identity, email="claire.morel@example.org", consent=True))
    form["password"] = form["password-confirm"] = "mon mot de passe"
    page = form.submit("submit").follow()
    assert "MOREL Claire" in page.text
    assert "Votre dossier est créé." in page.text
    with site.root() as root:
        dossier = root["dossiers"].for_nir(new_identity["nir"])
        patient = find_account(root, "claire.morel@example.org")
        assert dossier.patient_oid == get_oid(patient)
        assert dossier.consent["by_oid"] == get_oid(patient)
        assert dossier.consent["by_role"] == "patient"
        assert not dossier.grants  # nobody else has access yet
    log_in(site.browser(), "claire.morel@example.org", "mon mot de passe")


def test_online_signup_for_an_existing_nir_is_refused(site):
    browser = site.browser()
    form = fill(browser.get("/signup").forms["form"],
                {"nir": PATIENT_NIR, "family_name": "Dubreuil", "given_names": "Jean-Marc",
                 "birth_date": "1961-07-22", "sex": "M", "email": "x@example.org",
                 "consent": True})
    form["password"] = form["password-confirm"] = DEMO_PASSWORD
    page = form.submit("submit", status=409)
    assert "Un dossier existe déjà" in page.text


def test_a_specialist_may_open_dossiers_too(site, new_identity):
    browser = site.browser()
    log_in(browser, SPECIALIST_RPPS)
    page = fill(browser.get("/new-dossier").forms["form"],
                dict(new_identity, consent=True)).submit("submit")
    assert page.html.find(id="activation-code") is not None
