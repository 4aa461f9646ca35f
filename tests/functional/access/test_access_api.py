"""The access and journal pages as JSON, with the same rules."""
import datetime

from dmp_library.security.accounts import find_account

from ...conftest import GP_RPPS, OUTSIDER_RPPS, PATIENT_NIR

LARBI = OUTSIDER_RPPS
ORTHO = "10639686160"


def bearer(site, login):
    with site.root() as root:
        return {"Authorization": "Bearer " + root.api_tokens.issue(find_account(root, login), 1)}


def test_grants_blocks_and_medecins_traitants(site):
    patient, larbi = bearer(site, PATIENT_NIR), bearer(site, LARBI)
    browser = site.browser()
    api = "/api/v1/dossiers/%s" % site.dossier_id(PATIENT_NIR)
    grants = browser.get(api + "/grants", headers=patient).json["grants"]
    assert "Dr Hélène VASSEUR" in {g["name"] for g in grants}
    browser.get(api, headers=larbi, status=403)

    until = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
    created = browser.post_json(api + "/grants", {"rpps": LARBI, "expires": until,
                                                  "categories": ["imagerie"]},
                                headers=patient, status=201).json["grants"]
    mine = next(g for g in created if g["rpps"] == LARBI)
    assert mine["categories"] == ["imagerie"] and mine["expires"].startswith(until)
    assert browser.get(api, headers=larbi).status_int == 200
    assert browser.post_json(api + "/grants", {"rpps": "00000000000"}, headers=patient,
                             status=404).json["error"]
    assert "categories" in browser.post_json(api + "/grants", {"rpps": LARBI, "categories":
                                                               ["nowhere"]}, headers=patient,
                                             status=400).json["fields"]
    browser.delete(api + "/grants/" + LARBI, headers=patient, status=204)
    browser.get(api, headers=larbi, status=403)

    browser.post_json(api + "/blocks", {"rpps": GP_RPPS}, headers=patient, status=201)
    assert [b["rpps"] for b in browser.get(api + "/blocks", headers=patient).json["blocks"]] \
        == [GP_RPPS]
    browser.get(api, headers=bearer(site, GP_RPPS), status=403)
    browser.delete(api + "/blocks/" + GP_RPPS, headers=patient, status=204)

    browser.post_json(api + "/medecins-traitants", {"rpps": LARBI}, headers=patient, status=201)
    listed = browser.get(api + "/medecins-traitants", headers=patient).json["medecins_traitants"]
    assert {m["rpps"] for m in listed} == {GP_RPPS, LARBI}
    browser.delete(api + "/medecins-traitants/" + LARBI, headers=patient, status=204)
    browser.get(api + "/grants", headers=bearer(site, GP_RPPS), status=403)


def test_consents_settings_emergency_and_journal(site):
    patient, ortho = bearer(site, PATIENT_NIR), bearer(site, ORTHO)
    browser = site.browser()
    api = "/api/v1/dossiers/%s" % site.dossier_id(PATIENT_NIR)
    consents = browser.put_json(api + "/consents", {"break_glass": False}, headers=patient).json
    assert consents == {"samu": True, "break_glass": False, "masked_in_emergency": False}
    refused = browser.post_json(api + "/emergency", {"reason": "Chute"}, headers=ortho,
                                status=403)
    assert refused.json["error"] == "Le patient n'a pas autorisé cet accès en urgence."
    browser.put_json(api + "/consents", {"break_glass": True}, headers=patient)
    browser.post_json(api + "/emergency", {}, headers=ortho, status=400)
    opened = browser.post_json(api + "/emergency", {"reason": "Chute, coma"}, headers=ortho,
                               status=201).json
    assert opened["kind"] == "break_glass"
    assert browser.get(api + "/documents", headers=ortho).status_int == 200
    listed = browser.get(api + "/emergency", headers=patient).json["emergencies"]
    assert listed[0]["reason"] == "Chute, coma" and listed[0]["review"] is None
    browser.get(api + "/emergency", headers=ortho, status=403)

    settings = browser.put_json(api + "/settings", {"notifications": {"first_access": False},
                                                    "mask_new_documents": True},
                                headers=patient).json
    assert settings == {"notifications": {"first_access": False, "new_document": True,
                                          "emergency": True}, "mask_new_documents": True}

    journal = browser.get(api + "/journal", headers=patient).json["entries"]
    actions = [e["action"] for e in journal]
    assert {"consents", "emergency", "settings"} <= set(actions)
    emergency = next(e for e in journal if e["action"] == "emergency")
    assert emergency["detail"] == "break_glass: Chute, coma"
    assert emergency["profession"] == "Chirurgien orthopédiste"
    only = browser.get(api + "/journal", params={"action": "emergency"}, headers=patient)
    assert {e["action"] for e in only.json["entries"]} == {"emergency"}
    csv = browser.get(api + "/journal", params={"format": "csv"}, headers=patient)
    assert csv.headers["Content-Type"].startswith("text/csv") and "emergency" in csv.text
    browser.get(api + "/journal", params={"date_from": "x"}, headers=patient, status=400)
    browser.get(api + "/journal", headers=ortho, status=403)


def test_document_visibility(site):
    patient, author = bearer(site, PATIENT_NIR), bearer(site, "10722309456")
    browser = site.browser()
    with site.root() as root:
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        item = "/api/v1/documents/%d/visibility" % dossier.by_external_id["doc-d01-09"]
    state = browser.get(item, headers=patient).json
    assert state == {"visibility": ["normal"], "release_reminder_on": None, "may_mask": True,
                     "may_hide_from_patient": False}
    assert browser.put_json(item, {"masked": True}, headers=patient).json["visibility"] == \
        ["masked"]
    browser.put_json(item, {"hidden_from_patient": True}, headers=patient, status=403)
    hidden = browser.put_json(item, {"hidden_from_patient": True, "remind_on": "2031-02-03"},
                              headers=author).json
    assert hidden["visibility"] == ["hidden_from_patient", "masked"]
    assert hidden["release_reminder_on"] == "2031-02-03"
    browser.get(item, headers=patient, status=403)
    browser.put_json(item, {"hidden_from_patient": False}, headers=author)
    assert browser.get(item, headers=patient).json["visibility"] == ["masked"]
