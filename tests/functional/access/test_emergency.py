"""Emergency access: only when the patient allowed it, with a reason, for a few hours, told to
the patient at once and offered to their review."""
import datetime

from dmp_library.security.accounts import find_account, set_email

from ...conftest import OUTSIDER_RPPS, PATIENT_NIR, log_in, text
from ..workflows.test_document_lifecycle import mails

ORTHO = "10639686160"  # Dr Delorme, orthopaedic surgeon: break-glass, not SAMU


def find(browser, nir="161077127011239", birth_date="1961-07-22"):
    form = browser.get("/pro").forms["find-patient"]
    form["nir"], form["birth_date"] = nir, birth_date
    return form.submit("find")


def professional(site, rpps):
    browser = site.browser()
    log_in(browser, rpps)
    return browser


def test_break_glass_with_a_reason(site, as_patient):
    with site.root() as root:
        set_email(root, find_account(root, PATIENT_NIR), "jm@example.org")
    surgeon = professional(site, ORTHO)
    dossier_url = "/dossiers/%s/" % site.dossier_id(PATIENT_NIR)
    surgeon.get(dossier_url, status=403)
    page = find(surgeon)
    form = page.forms["emergency-form"]
    assert "161077127011239" not in form.action
    form["reason"] = "   "
    refused = form.submit().follow()
    assert "Dites pourquoi c'est une urgence." in text(refused)
    form = find(surgeon).forms["emergency-form"]
    form["reason"] = "Polytraumatisé inconscient aux urgences"
    opened = form.submit().follow()
    assert opened.request.path == dossier_url
    banner = " ".join(opened.html.select_one(".emergency-banner").text.split())
    assert banner.startswith("Mode urgence : vous avez accès au dossier de DUBREUIL Jean-Marc")
    assert "emergency-banner" in surgeon.get("/pro").text  # on every page of the session
    role = " ".join(opened.html.select_one(".dossier-role").text.split())
    assert role.endswith("accès en urgence")
    assert ("jm@example.org", "Accès en urgence à votre dossier") in mails(site)

    access = as_patient.get(dossier_url + "access")
    item = access.html.select_one(".emergency-item").text
    assert "Polytraumatisé inconscient aux urgences" in item and "DELORME" in item
    review = access.forms[[k for k, f in access.forms.items()
                           if f.action.endswith("review-emergency")][0]]
    review.submit("justified", value="yes").follow()
    assert "Jugé justifié" in as_patient.get(dossier_url + "access").text


def test_emergency_access_expires(site):
    surgeon = professional(site, ORTHO)
    form = find(surgeon).forms["emergency-form"]
    form["reason"] = "Arrêt cardiaque"
    form.submit()
    dossier_url = "/dossiers/%s/" % site.dossier_id(PATIENT_NIR)
    assert surgeon.get(dossier_url).status_int == 200
    with site.root() as root:
        access = root["dossiers"].for_nir(PATIENT_NIR).emergency_accesses[-1]
        assert round((access.expires - access.started).total_seconds()) == 4 * 3600
        access.started -= datetime.timedelta(hours=5)
        access.expires -= datetime.timedelta(hours=5)
    surgeon.get(dossier_url, status=403)
    assert "emergency-banner" not in surgeon.get("/pro").text


def test_no_emergency_access_without_consent(site, as_patient):
    form = as_patient.get("/dossiers/%s/access" % site.dossier_id(PATIENT_NIR)) \
        .forms["consents-form"]
    for checkbox in form.fields["consent"]:
        checkbox.checked = checkbox._value == "samu"
    form.submit()
    surgeon = professional(site, ORTHO)
    page = find(surgeon)
    assert "emergency-form" not in page.forms
    token = page.html.find("input", {"name": "csrf_token"})["value"]
    forced = surgeon.post("/emergency-access", {"csrf_token": token, "reason": "x",
                                                "dossier": site.dossier_id(PATIENT_NIR)})
    assert "Le patient n'a pas autorisé cet accès en urgence." in text(forced.follow())
    # The emergency physician (SAMU regulation) still may.
    samu = professional(site, OUTSIDER_RPPS)
    form = find(samu).forms["emergency-form"]
    form["reason"] = "Appel au 15, douleur thoracique"
    assert form.submit().follow().status_int == 200


def test_withdrawing_the_consent_ends_a_live_emergency(site, as_patient):
    surgeon = professional(site, ORTHO)
    form = find(surgeon).forms["emergency-form"]
    form["reason"] = "Hémorragie"
    form.submit()
    dossier_url = "/dossiers/%s/" % site.dossier_id(PATIENT_NIR)
    assert surgeon.get(dossier_url).status_int == 200
    form = as_patient.get(dossier_url + "access").forms["consents-form"]
    for checkbox in form.fields["consent"]:
        checkbox.checked = False
    form.submit()
    surgeon.get(dossier_url, status=403)


def test_masked_documents_in_an_emergency_only_with_consent(site, as_patient):
    masked_patient = "185064221852303"  # Antoine Royer: psychiatric letters masked
    surgeon = professional(site, ORTHO)
    form = find(surgeon, masked_patient, "1985-06-14").forms["emergency-form"]
    form["reason"] = "Tentative de suicide, intoxication"
    home = form.submit().follow()

    def titles():
        url = home.request.path + "comptes-rendus/?size=all"
        return [a.text for a in surgeon.get(url).html.select(".document-list__title")]

    assert "Consultation de psychiatrie" not in titles()
    with site.root() as root:
        from dmp_library.security.access import set_emergency_consents

        set_emergency_consents(root["dossiers"].for_nir(masked_patient), True, True, True)
    assert "Consultation de psychiatrie" in titles()


def test_block_wins_over_an_emergency(site):
    with site.root() as root:
        from dmp_library.security.access import block

        block(root["dossiers"].for_nir(PATIENT_NIR), find_account(root, ORTHO))
    surgeon = professional(site, ORTHO)
    form = find(surgeon).forms["emergency-form"]
    form["reason"] = "Urgence vitale"
    refused = form.submit().follow()
    assert "Le patient n'a pas autorisé cet accès en urgence." in text(refused)
    surgeon.get("/dossiers/%s/" % site.dossier_id(PATIENT_NIR), status=403)
