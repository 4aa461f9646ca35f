"""Closing a dossier: access stops for everybody at once; the patient may reopen it within the
retention period, or take it away as a ZIP; ``dmp purge-closed`` deletes it afterwards."""
import datetime
import io
import zipfile

import pytest

from ...conftest import GP_RPPS, OUTSIDER_RPPS, PATIENT_NIR, corpus_documents, log_in, text


def close(site, as_patient, reason="Je change de pays"):
    base = "/dossiers/%s/" % site.dossier_id(PATIENT_NIR)
    page = as_patient.get(base + "close")
    form = page.forms["close-form"]
    form["reason"] = reason
    return form.submit(status="*")


def test_closing_stops_every_access_then_reopening_restores_it(site, as_patient, as_gp):
    base = "/dossiers/%s/" % site.dossier_id(PATIENT_NIR)
    refused = close(site, as_patient, reason="  ")
    assert "Dites pourquoi vous fermez votre dossier." in text(refused)
    closed = close(site, as_patient).follow()
    assert "Votre dossier est fermé" in closed.text
    as_gp.get(base, status=403)
    as_gp.get("/api/v1/dossiers/%s/documents" % site.dossier_id(PATIENT_NIR), status=403)
    emergency = site.browser()
    log_in(emergency, OUTSIDER_RPPS)
    page = emergency.get("/pro").forms["find-patient"]
    page["nir"], page["birth_date"] = PATIENT_NIR, "1961-07-22"
    assert "emergency-form" not in page.submit("find").forms
    # The patient's own pages lead to the closed page.
    assert as_patient.get(base).location.endswith(base + "closed")
    assert log_in(site.browser(), PATIENT_NIR).request.path == base + "closed"
    with site.root() as root:
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        kept = dossier.keep_until - dossier.closed_on
        assert 3650 <= kept.days <= 3653 and dossier.close_reason == "Je change de pays"
    reopened = as_patient.get(base + "closed").forms["reopen-form"].submit().follow()
    assert "Votre dossier est de nouveau ouvert." in reopened.text
    assert as_gp.get(base).status_int == 200


def test_emergency_is_impossible_on_a_closed_dossier(site, as_patient):
    from dmp_library.security.access import AccessError, open_emergency
    from dmp_library.security.accounts import find_account

    close(site, as_patient)
    with site.root() as root:
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        with pytest.raises(AccessError):
            open_emergency(dossier, find_account(root, OUTSIDER_RPPS), "samu", "Urgence", 4)


def test_export_zip(site, as_patient):
    base = "/dossiers/%s/" % site.dossier_id(PATIENT_NIR)
    close(site, as_patient)  # at any time: even closed
    answer = as_patient.get(base + "export")
    assert answer.headers["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(answer.body))
    names = archive.namelist()
    documents = [n for n in names if "/" in n]
    assert len(documents) == len(corpus_documents(PATIENT_NIR))
    assert any(n.startswith("biologie/") and n.endswith(".pdf") for n in names)
    assert "index.html" in names and "journal.csv" in names
    index = archive.read("index.html").decode()
    assert "Dossier médical de DUBREUIL Jean-Marc" in index
    for name in documents:
        assert 'href="%s"' % name in index
    assert ",close," in archive.read("journal.csv").decode()
    with site.root() as root:
        from dmp_library.journal.log import journal_of

        last = list(journal_of(root["dossiers"].for_nir(PATIENT_NIR)))[-1]
        assert last["action"] == "export"  # journaled once the answer is on its way


def test_export_leaves_out_what_the_patient_may_not_see(site):
    hidden = "266110105321158"  # Martine Garnier: two documents not yet visible to her
    browser = site.browser()
    log_in(browser, hidden)
    answer = browser.get("/dossiers/%s/export" % site.dossier_id(hidden))
    files = [n for n in zipfile.ZipFile(io.BytesIO(answer.body)).namelist() if "/" in n]
    visible = [d for d in corpus_documents(hidden) if not d["hidden_from_patient"]]
    assert len(files) == len(visible)


def test_only_the_patient_closes_or_exports(site, as_gp):
    base = "/dossiers/%s/" % site.dossier_id(PATIENT_NIR)
    as_gp.get(base + "close", status=403)
    as_gp.get(base + "export", status=403)


def test_purge_after_retention(site, as_patient, dmp_on):
    close(site, as_patient)
    with site.root() as root:
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        blob = root.__objectmap__.object_for(dossier.by_external_id["doc-d01-07"]).blob
        blob_file = blob.committed()
        assert datetime.datetime.now(datetime.timezone.utc) < dossier.keep_until
    run = dmp_on(site)
    assert run("purge-closed")[1] == "0 dossier(s) fermé(s) supprimé(s).\n"
    from ...conftest import Site

    reopened = Site(site.data_dir)
    with reopened.root() as root:
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        dossier.keep_until = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(1)
    reopened.close()
    assert run("purge-closed")[1] == "1 dossier(s) fermé(s) supprimé(s).\n"
    reopened = Site(site.data_dir)
    with reopened.root() as root:
        assert root["dossiers"].for_nir(PATIENT_NIR) is None
        assert PATIENT_NIR not in root["dossiers"].by_nir
        from dmp_library.security.accounts import find_account

        assert find_account(root, PATIENT_NIR) is None
    reopened.close()
    import os

    assert not os.path.exists(blob_file)  # the pack took the files with it
    assert run("ls", "--as", GP_RPPS, "--dossier", PATIENT_NIR)[0] == 4
