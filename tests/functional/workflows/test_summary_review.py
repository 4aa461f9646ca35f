"""GP summaries: drafted, reviewed by the médecin traitant, published, superseded, compared."""
import pytest

from dmp_library.demo import DEMO_PASSWORD
from dmp_library.resources.corpus import add_professional
from dmp_library.security.access import grant_access
from dmp_library.security.accounts import find_account, set_email

from ...conftest import GP_RPPS, PATIENT_NIR, log_in, text
from .test_document_lifecycle import mails

RESIDENT_RPPS = "10000000025"  # an intern replacing Dr Vasseur


@pytest.fixture
def resident(site):
    """A resident authorised on Jean-Marc Dubreuil's dossier, logged in."""
    with site.root() as root:
        user = add_professional(root, site.registry, RESIDENT_RPPS, password=DEMO_PASSWORD,
                                family_name="Morin", given_names="Léa", title="",
                                profession="Interne en médecine générale")
        grant_access(root["dossiers"].for_nir(PATIENT_NIR), user, None, "test",
                     registry=site.registry)
        set_email(root, find_account(root, GP_RPPS), "vasseur@example.org")
        set_email(root, user, "lea.morin@example.org")
        set_email(root, find_account(root, PATIENT_NIR), "jm@example.org")
    browser = site.browser()
    log_in(browser, RESIDENT_RPPS)
    return browser


def write(browser, site, **sections):
    form = browser.get("/dossiers/%s/new-summary" % site.dossier_id(PATIENT_NIR)) \
        .forms["summary-form"]
    for name, value in sections.items():
        form[name] = value
    return form.submit("submit").follow()


def run(browser, page, transition, comment=None):
    form = page.forms["transition-" + transition]
    if comment is not None:
        form["comment"] = comment
    return form.submit().follow()


def current(browser, site):
    home = browser.get("/dossiers/%s/" % site.dossier_id(PATIENT_NIR))
    return " ".join(home.html.find(id="current-summary").text.split())


def test_medecin_traitant_publishes_her_own_summary(site, as_gp, as_patient, resident):
    page = write(as_gp, site, pathologies="Diabète de type 2", allergies="Aucune connue")
    assert "transition-submit" not in page.forms
    published = run(as_gp, page, "publish")
    assert "Publiée" in published.html.select_one(".workflow").text
    assert "Diabète de type 2" in current(as_patient, site)
    assert ("jm@example.org", "Nouveau dans votre dossier médical") in mails(site)


def test_review_by_the_medecin_traitant(site, as_gp, as_patient, resident):
    first = run(as_gp, write(as_gp, site, pathologies="Diabète de type 2"), "publish")

    draft = write(resident, site, pathologies="Diabète de type 2\nHTA",
                  treatments="Metformine 1000 mg x2")
    assert "transition-submit" in draft.forms
    assert "transition-publish" not in draft.forms  # only a médecin traitant publishes
    assert draft.html.find("textarea") is None
    assert "Diabète de type 2" in current(as_patient, site)
    as_patient.get(draft.request.path, status=403)
    pending = run(resident, draft, "submit")
    assert "En attente de relecture" in pending.html.select_one(".workflow").text
    assert ("vasseur@example.org", "Une synthèse attend votre relecture") in mails(site)

    worklist = as_gp.get("/worklists")
    assert "À valider : 1" in text(worklist)
    review = worklist.click(href=draft.request.path)
    changes = review.click(description="Ce qui a changé")
    changed = [" ".join(s.h2.text.split()) for s in changes.html.select(".change--changed")]
    assert changed == ["Pathologies en cours modifiée", "Traitements au long cours modifiée"]
    added = [[i.text for i in section.select("ins")] for section in
             changes.html.select(".change--changed")]
    assert added == [["HTA"], ["Metformine 1000 mg x2"]]

    sent_back = run(as_gp, review, "reject", "Ajouter l'allergie à la pénicilline.")
    assert "Renvoyé à son auteur" in sent_back.html.select_one(".workflow").text
    assert ("lea.morin@example.org", "Renvoyé avec un commentaire") in mails(site)
    assert "Ajouter l'allergie à la pénicilline." in text(resident.get(draft.request.path))

    edit = resident.get(draft.request.path).click(description="Modifier").forms["summary-form"]
    edit["allergies"] = "Pénicilline (urticaire)"
    edit.submit("submit")
    run(resident, resident.get(draft.request.path), "submit")
    published = run(as_gp, as_gp.get(draft.request.path), "publish")
    assert "Publiée" in published.html.select_one(".workflow").text

    shown = current(as_patient, site)
    assert "HTA" in shown and "Pénicilline (urticaire)" in shown
    old = as_patient.get(first.request.path)
    assert "Remplacé par une version plus récente" in old.html.select_one(".workflow").text
    assert "Cette version a été remplacée" in old.text
    with site.root() as root:
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        states = sorted(s.state for s in dossier["summary"].values())
        assert states == ["published", "superseded"]  # at most one current summary


def test_summary_api(site, resident, tokens):
    browser = site.browser()
    with site.root() as root:
        token = {"Authorization": "Bearer " + root.api_tokens.issue(
            find_account(root, RESIDENT_RPPS), 1)}
    dossier_id = site.dossier_id(PATIENT_NIR)
    browser.get("/api/v1/dossiers/%s/summary" % dossier_id, headers=token, status=404)
    created = browser.post_json("/api/v1/dossiers/%s/summaries" % dossier_id,
                                {"sections": {"allergies": "Pénicilline"}}, headers=token,
                                status=201).json
    assert created["state"] == "draft" and created["sections"]["allergies"] == "Pénicilline"
    item = "/api/v1/documents/%s" % created["id"]
    updated = browser.put_json(item, {"sections": {"vaccinations": "Grippe 2025"}},
                               headers=token).json
    assert updated["sections"] == dict(created["sections"], vaccinations="Grippe 2025")
    bad = browser.put_json(item, {"sections": {"allergies": "x" * 20001}}, headers=token,
                           status=400).json
    assert "allergies" in bad["fields"]
    browser.post_json(item + "/workflow/publish", {}, headers=token, status=403)
    browser.post_json(item + "/workflow/submit", {}, headers=token)
    browser.put_json(item, {"sections": {}}, headers=token, status=403)  # no longer a draft
    gp = tokens["medecin_traitant"]
    no_comment = browser.post_json(item + "/workflow/reject", {}, headers=gp, status=400)
    assert no_comment.json["error"] == "Dites pourquoi dans un commentaire."
    published = browser.post_json(item + "/workflow/publish", {}, headers=gp).json
    assert published["state"] == "published"
    assert [h["transition"] for h in published["history"]] == ["submit", "publish"]
    summary = browser.get("/api/v1/dossiers/%s/summary" % dossier_id,
                          headers=tokens["patient"]).json
    assert summary["id"] == created["id"] and summary["sections"]["vaccinations"] == "Grippe 2025"
    browser.post_json("/api/v1/dossiers/%s/summaries" % dossier_id, {"sections": {}},
                      headers=tokens["patient"], status=403)
    browser.post_json("/api/v1/dossiers/%s/summaries" % dossier_id, {"oops": 1}, headers=token,
                      status=400)
