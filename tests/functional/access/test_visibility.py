"""Changing who sees a document: the patient masks, the author hides it from the patient
until the results are explained (and is reminded), then releases it."""
import datetime

from pyramid.traversal import resource_path

from dmp_library.security.accounts import find_account, set_email

from ...conftest import GP_RPPS, PATIENT_NIR, SPECIALIST_RPPS, log_in
from ..workflows.test_document_lifecycle import mails

OPHTHALMOLOGIST = "10021384952"  # authorised, not the author, not médecin traitant


def document_path(site, external_id):
    with site.root() as root:
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        return resource_path(root.__objectmap__.object_for(dossier.by_external_id[external_id]))


def who_sees(site, path, logins):
    seen = set()
    for login in logins:
        browser = site.browser()
        log_in(browser, login)
        if browser.get(path + "/", status="*").status_int == 200:
            seen.add(login)
    return seen


def test_patient_masks_and_unmasks(site, as_patient):
    path = document_path(site, "doc-d01-09")  # the cardiology letter by Dr Bensalem
    everyone = {GP_RPPS, SPECIALIST_RPPS, OPHTHALMOLOGIST}
    assert who_sees(site, path, everyone) == everyone
    page = as_patient.get(path + "/")
    masked = page.forms["mask-form"].submit().follow()
    assert "Masqué aux professionnels." in masked.text
    assert "Masqué aux professionnels" in masked.html.select_one(".document-badges").text
    assert who_sees(site, path, everyone) == {GP_RPPS, SPECIALIST_RPPS}
    masked.forms["mask-form"].submit()
    assert who_sees(site, path, everyone) == everyone


def test_author_hides_from_the_patient_then_releases(site, as_patient):
    path = document_path(site, "doc-d01-09")
    author = site.browser()
    log_in(author, SPECIALIST_RPPS)
    form = author.get(path + "/").forms["hide-form"]
    form["remind_on"] = "2030-01-15"
    page = form.submit().follow()
    assert "Non visible par le patient tant que vous ne le rendez pas visible." in page.text
    assert "Pas encore visible par le patient" in page.html.select_one(".alert-warning").text
    as_patient.get(path + "/", status=403)
    page.forms["release-form"].submit()
    assert as_patient.get(path + "/").status_int == 200


def test_release_reminder_is_sent_once(site, dmp_on):
    path = document_path(site, "doc-d01-09")
    with site.root() as root:
        from pyramid.traversal import find_resource

        from dmp_library.security.access import hide_from_patient

        set_email(root, find_account(root, SPECIALIST_RPPS), "bensalem@example.org")
        yesterday = datetime.date.today() - datetime.timedelta(days=1)
        hide_from_patient(find_resource(root, path), remind_on=yesterday)
    run = dmp_on(site)
    assert run("send-reminders")[1] == "1 rappel(s) envoyé(s).\n"
    assert run("send-reminders")[1] == "0 rappel(s) envoyé(s).\n"
    assert ("bensalem@example.org", "Un document toujours masqué à votre patient") in mails(site)


def test_other_professionals_cannot_change_visibility(site):
    path = document_path(site, "doc-d01-09")
    browser = site.browser()
    log_in(browser, OPHTHALMOLOGIST)
    page = browser.get(path + "/")
    assert "hide-form" not in page.forms and "mask-form" not in page.forms
    token = page.html.find("input", {"name": "csrf_token"})["value"]
    browser.post(path + "/hide-from-patient", {"csrf_token": token}, status=403)
    browser.post(path + "/mask", {"csrf_token": token, "masked": "yes"}, status=403)


def test_masking_every_new_document(site, as_patient):
    """With the setting on, a new document from a professional arrives masked."""
    from webtest import Upload

    form = as_patient.get("/dossiers/%s/access" % site.dossier_id(PATIENT_NIR)) \
        .forms["settings-form"]
    form["mask_new_documents"] = True
    form.submit()
    author = site.browser()
    log_in(author, SPECIALIST_RPPS)
    upload = author.get("/dossiers/%s/add-document" % site.dossier_id(PATIENT_NIR)) \
        .forms["upload-form"]
    upload["category"], upload["type_code"] = "comptes-rendus", "11488-4"
    upload["title"], upload["care_date"] = "Holter", "2025-02-02"
    upload["upload"] = Upload("h.txt", b"Holter normal\n")
    page = upload.submit("submit").follow()
    assert "Masqué aux professionnels" in page.html.select_one(".document-badges").text
    assert who_sees(site, page.request.path.rstrip("/"),
                    {GP_RPPS, OPHTHALMOLOGIST, SPECIALIST_RPPS}) == {GP_RPPS, SPECIALIST_RPPS}
