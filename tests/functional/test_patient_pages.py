"""The patient's pages: dossier home, folder listings, document pages, own folders, account."""
import datetime
import io

import pytest
from webtest import Upload

from dmp_library.resources.corpus import add_professional
from dmp_library.resources.services import add_professional_document
from dmp_library.resources.uploads import receive_upload
from dmp_library.security.accounts import find_account
from dmp_library.workflows.services import force_state

from ..conftest import GP_RPPS, PATIENT_NIR, corpus_documents, log_in, text


def dossier_url(site):
    return "/dossiers/%s/" % site.dossier_id(PATIENT_NIR)


def test_home_shows_folders_with_counts_and_latest_documents(site, as_patient):
    page = as_patient.get(dossier_url(site))
    documents = corpus_documents(PATIENT_NIR)
    biology = sum(1 for d in documents if d["doc_type"] == "lab_result")
    tile = page.html.find("a", href=lambda h: h and h.endswith("/biologie/"))
    assert "Biologie" in tile.text and "Documents : %d" % biology in tile.text
    latest = [t["datetime"] for t in page.html.select(".document-list__meta time")]
    assert latest == sorted((d["date"] for d in documents), reverse=True)[:10]
    assert "Synthèse du médecin traitant" in page.text
    role = " ".join(page.html.select_one(".dossier-role").text.split())
    assert role == "Vous consultez ce dossier en tant que : votre propre dossier"


@pytest.fixture
def crowded_folder(site):
    """60 lab reports by two authors in Jean-Marc Dubreuil's biology folder."""
    with site.root() as root:
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        lab = find_account(root, "10256179150")
        other = add_professional(root, site.registry, "10000000009", family_name="Aubert",
                                 given_names="Zoé", profession="Biologiste médical")
        from dmp_library.security.access import grant_access
        grant_access(dossier, other, None, "test", registry=site.registry)
        for number in range(60):
            upload = receive_upload(io.BytesIO(b"NFS %d\n" % number), "nfs.txt", 10 ** 6)
            document = add_professional_document(
                dossier, upload, other if number % 2 else lab, site.registry,
                category="biologie", type_code="11502-2" if number % 3 else "57833-6",
                title="Analyse %02d" % number,
                care_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=number))
            force_state(document, "validated", "test")
    return dossier_url(site) + "biologie/"


def titles(page):
    return [a.text for a in page.html.select(".document-list__title")]


def test_listing_is_paginated_by_25_50_or_all(as_patient, crowded_folder):
    first = as_patient.get(crowded_folder)
    total = int(first.html.select_one(".listing-count").text.split(":")[1])
    assert len(titles(first)) == 25
    pages = [a.text for a in first.html.select(".pagination a")]
    assert pages == [str(n) for n in range(1, (total + 24) // 25 + 1)]
    second = as_patient.get(crowded_folder + "?page=2")
    assert not set(titles(first)) & set(titles(second))
    assert len(titles(as_patient.get(crowded_folder + "?size=50"))) == 50
    assert len(titles(as_patient.get(crowded_folder + "?size=all"))) == total


@pytest.mark.parametrize("sort, expected", [
    ("newest", lambda ts: ts[0] == "Analyse 59"),
    ("oldest", lambda ts: ts[-1] == "Analyse 59"),
    ("title", lambda ts: ts == sorted(ts, key=str.casefold)),
    ("title_desc", lambda ts: ts == sorted(ts, key=str.casefold, reverse=True)),
])
def test_listing_sorts(as_patient, crowded_folder, sort, expected):
    listed = titles(as_patient.get(crowded_folder + "?size=all&sort=" + sort))
    analyses = [t for t in listed if t.startswith("Analyse")] if sort in ("newest", "oldest") \
        else listed
    assert expected(analyses)


def test_listing_sorts_by_author(as_patient, crowded_folder):
    page = as_patient.get(crowded_folder + "?size=all&sort=author")
    authors = [m.text.split("·")[-1].strip() for m in page.html.select(".document-list__meta")]
    assert authors[0] == "Dr Zoé AUBERT"  # Aubert before Carré: family names
    assert authors.index("Dr Sophie CARRÉ") == authors.count("Dr Zoé AUBERT")


def test_listing_filters_by_date_range_and_type(as_patient, crowded_folder):
    page = as_patient.get(crowded_folder + "?size=all&date_from=2020-01-11&date_to=2020-01-20"
                          "&type=57833-6")
    listed = titles(page)
    assert listed and all(t.startswith("Analyse") for t in listed)
    numbers = sorted(int(t.split()[1]) for t in listed)
    assert numbers == [n for n in range(10, 20) if n % 3 == 0]


def test_bad_listing_options_are_ignored_with_a_message(as_patient, crowded_folder):
    page = as_patient.get(crowded_folder + "?sort=evil&page=-3&date_from=hier", status=400)
    assert "Ces options ont été ignorées" in page.text
    assert len(titles(page)) == 25


def test_dates_follow_the_language(site, as_patient):
    url = dossier_url(site)
    assert "22/07/1961" in as_patient.get(url).text
    english = site.browser()
    log_in(english, PATIENT_NIR)
    english.get("/language?lang=en&came_from=/")
    assert "22 Jul 1961" in english.get(url).text


def test_document_page_shows_metadata_and_preview(site, as_patient):
    with site.root() as root:
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        pdf = root.__objectmap__.object_for(dossier.by_external_id["doc-d01-07"])
        path = "/".join(("",) + root.__objectmap__.path_for(pdf.__oid__)[1:]) + "/"
        mime = pdf.mime_type
    page = as_patient.get(path)
    assert mime == "application/pdf"
    frame = page.html.select_one(".preview iframe")
    assert frame["src"].endswith("download?inline=1")
    inline = as_patient.get(frame["src"])
    assert inline.headers["Content-Disposition"].startswith("inline;")
    assert page.html.select_one("a.btn[href$=download]")


def test_own_folders(site, as_patient):
    home = dossier_url(site)
    form = as_patient.get(home).forms["new-folder-form"]
    assert form.action.endswith("new-folder")
    form["title"] = "Cardiologie"
    folder = form.submit().follow()
    assert "Classeur créé." in folder.text
    folder_url = folder.request.path

    duplicate = as_patient.get(home).forms["new-folder-form"]
    duplicate["title"] = "cardiologie"
    assert "Vous avez déjà un classeur de ce nom." in text(duplicate.submit().follow())

    rename = folder.forms["rename-form"]
    rename["title"] = "Mon cœur"
    assert "Classeur renommé." in rename.submit().follow().text

    # Move a cardiology letter into it, then try to delete the folder.
    with site.root() as root:
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        letter = root.__objectmap__.object_for(dossier.by_external_id["doc-d01-04"])
        letter_url = "/".join(("",) + root.__objectmap__.path_for(letter.__oid__)[1:]) + "/"
    page = as_patient.get(letter_url)
    move = page.forms["move-form"]
    move["folder"] = folder_url.strip("/").split("/")[-1]
    moved = move.submit().follow()
    assert "Document déplacé." in moved.text
    assert "Mon cœur" in as_patient.get(home).text
    assert titles(as_patient.get(folder_url))
    refused = as_patient.get(folder_url).forms["delete-folder-form"].submit().follow()
    assert "Ce classeur n'est pas vide" in text(refused)

    # Back to its category, then the empty folder can go.
    back = as_patient.get(moved.request.path).forms["move-form"]
    back.submit().follow()
    deleted = as_patient.get(folder_url).forms["delete-folder-form"].submit().follow()
    assert "Classeur supprimé." in deleted.text
    as_patient.get(folder_url, status=404)


def test_professionals_cannot_organise_the_patients_folders(site, as_patient, as_gp):
    form = as_patient.get(dossier_url(site)).forms["new-folder-form"]
    form["title"] = "Perso"
    folder_url = form.submit().follow().request.path
    gp_page = as_gp.get(folder_url)
    assert not gp_page.html.select("form[action$=rename]")
    token = gp_page.html.find("input", {"name": "csrf_token"})["value"]
    as_gp.post(folder_url + "rename", {"title": "x", "csrf_token": token}, status=403)
    as_gp.post(folder_url + "delete", {"csrf_token": token}, status=403)
    as_gp.post(dossier_url(site) + "new-folder", {"title": "x", "csrf_token": token}, status=403)


def test_upload_form_is_enhanced_with_progress(site, as_patient):
    page = as_patient.get(dossier_url(site) + "add-my-document")
    form = page.html.find("form", id="upload-form")
    assert form.has_attr("data-upload") and form["data-sending"] == "Envoi…"
    upload = page.forms["upload-form"]
    upload["title"] = "Ordonnance lunettes"
    upload["upload"] = Upload("lunettes.txt", b"OD -1.25\n")
    answer = upload.submit("submit", headers={"X-Requested-With": "XMLHttpRequest"})
    assert answer.json["location"].startswith("http://localhost" + dossier_url(site))
    assert "Le document a été ajouté." in as_patient.get(answer.json["location"]).text


def test_account_password_change(site, as_patient):
    form = as_patient.get("/account").forms["password-form"]
    form["current"] = "wrong"
    form["password"] = form["password-confirm"] = "nouveau mot de passe"
    assert "Ce n'est pas votre mot de passe actuel." in text(form.submit("change_password",
                                                                          status=400))
    form = as_patient.get("/account").forms["password-form"]
    form["current"] = "demo-dmp-2026"
    form["password"] = form["password-confirm"] = "nouveau mot de passe"
    assert "Votre mot de passe est modifié." in form.submit("change_password").follow().text
    log_in(site.browser(), PATIENT_NIR, "nouveau mot de passe")


def test_account_email(site, as_patient):
    form = as_patient.get("/account").forms["email-form"]
    form["email"] = "jm@example.org"
    assert "Votre e-mail est enregistré." in form.submit("change_email").follow().text
    log_in(site.browser(), "jm@example.org")


def test_professionals_have_no_email_form(as_gp):
    page = as_gp.get("/account")
    assert "email-form" not in page.forms
    assert GP_RPPS not in page.text
