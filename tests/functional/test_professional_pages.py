"""The professional's pages: home with recent dossiers, finding a patient, opening a dossier."""
from ..conftest import GP_RPPS, OTHER_PATIENT_NIR, OUTSIDER_RPPS, PATIENT_NIR, log_in, text


def find(browser, nir, birth_date):
    form = browser.get("/pro").forms["find-patient"]
    assert form.method.upper() == "POST" and "?" not in form.action
    form["nir"] = nir
    form["birth_date"] = birth_date
    return form.submit("find")


def outcome(page):
    return " ".join(page.html.find(id="outcome").text.split())


def test_header_says_who_and_in_what_role(as_gp):
    header = " ".join(as_gp.get("/pro").html.select_one(".site-user").text.split())
    assert header == "Dr Hélène VASSEUR Médecin généraliste"


def test_found_with_access(as_gp):
    page = find(as_gp, "1 61 07 71 270 112 39", "1961-07-22")
    assert "Vous avez accès au dossier de ce patient." in outcome(page)
    dossier = page.click(description="Ouvrir le dossier de DUBREUIL Jean-Marc")
    assert "DUBREUIL Jean-Marc" in dossier.text


def test_found_without_access(as_gp):
    page = find(as_gp, "266110105321158", "1966-11-03")  # Martine Garnier: not her patient
    assert "ne vous y a pas donné accès" in outcome(page)
    assert "Ouvrir le dossier" not in page.text
    assert "GARNIER" not in page.text


def test_not_found_offers_to_open_one(as_gp):
    page = find(as_gp, "285037511200494", "1985-03-14")
    assert "Aucun dossier ne correspond" in outcome(page)
    prefilled = page.forms["open-dossier-form"].submit()
    form = prefilled.forms["form"]
    assert form["nir"].value == "285037511200494"
    assert form["birth_date"].value == "1985-03-14"
    assert "285037511200494" not in prefilled.request.url


def test_wrong_birth_date_looks_like_no_dossier(as_gp):
    page = find(as_gp, PATIENT_NIR, "1961-07-23")
    assert "Aucun dossier ne correspond" in outcome(page)


def test_malformed_nir_is_explained(as_gp):
    page = find(as_gp, "12345", "1961-07-22")
    assert "Un NIR compte 15 caractères" in text(page)


def test_patients_cannot_search(as_patient):
    as_patient.get("/pro", status=403)
    as_patient.post("/find-patient", status=403)


def test_recently_opened_dossiers(site, as_gp):
    assert "Vous n'avez encore consulté aucun dossier." in text(as_gp.get("/pro"))
    as_gp.get("/dossiers/%s/" % site.dossier_id(OTHER_PATIENT_NIR))
    as_gp.get("/dossiers/%s/" % site.dossier_id(PATIENT_NIR))
    recent = [a.text for a in as_gp.get("/pro").html.select(".recent-list a")]
    assert recent == ["DUBREUIL Jean-Marc", "FERRAND Monique"]
    # A dossier the professional can no longer open disappears from the list.
    with site.root() as root:
        dossier = root["dossiers"].for_nir(OTHER_PATIENT_NIR)
        from dmp_library.security.acl import refresh_acls
        dossier.medecins_traitants.clear()
        dossier.grants.clear()
        dossier.grant_of_user.clear()
        refresh_acls(dossier)
    recent = [a.text for a in as_gp.get("/pro").html.select(".recent-list a")]
    assert recent == ["DUBREUIL Jean-Marc"]


def test_outsider_is_refused_the_dossier(site):
    browser = site.browser()
    log_in(browser, OUTSIDER_RPPS)
    page = browser.get("/dossiers/%s/" % site.dossier_id(PATIENT_NIR), status=403)
    assert "Accès refusé" in page.text
    assert "demandez au patient de vous donner accès" in text(page)


def test_upload_form_lists_types_with_french_labels(site, as_gp):
    page = as_gp.get("/dossiers/%s/add-document" % site.dossier_id(PATIENT_NIR))
    options = {o["value"]: o.text for o in page.html.select("select[name=type_code] option")}
    assert options["11502-2"] == "Compte rendu de biologie"
    assert options["57833-6"] == "Ordonnance"
    categories = [o["value"] for o in page.html.select("select[name=category] option")]
    assert "mes-documents" not in categories and "biologie" in categories
    labels = {c["value"] for c in page.html.select("input[name=checkbox]")}
    assert labels == {"masked", "hidden_from_patient", "hidden_from_legal_representatives"}
    assert GP_RPPS not in page.text
