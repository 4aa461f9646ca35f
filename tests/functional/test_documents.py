"""Adding documents through the forms and getting them back."""
import hashlib
import io

import pytest
from PIL import Image
from webtest import Upload

from ..conftest import FIXTURES, PATIENT_NIR, text

PDF = (FIXTURES / "files" / "report.pdf").read_bytes()


def document_count(site, nir=PATIENT_NIR):
    with site.root() as root:
        dossier = root["dossiers"].for_nir(nir)
        return sum(len(folder) for folder in dossier.folders())


def professional_form(browser, site, **fields):
    url = "/dossiers/%s/add-document" % site.dossier_id(PATIENT_NIR)
    form = browser.get(url).forms["upload-form"]
    values = {"category": "biologie", "type_code": "11502-2", "title": "Bilan lipidique",
              "care_date": "2024-03-02"}
    values.update(fields)
    for name, value in values.items():
        form[name] = value
    return form


def test_professional_adds_a_pdf_and_everyone_allowed_gets_it_back(site, as_gp, as_patient):
    form = professional_form(as_gp, site)
    form["upload"] = Upload("bilan 2024.pdf", PDF, "application/octet-stream")
    page = form.submit("submit").follow()
    assert "Le document a été ajouté." in page.text
    assert "Bilan lipidique" in page.text
    assert "02/03/2024" in page.text
    assert "Compte rendu de biologie" in page.text
    assert "Dr Hélène VASSEUR" in page.text
    document_url = page.request.path

    listing = as_patient.get("/dossiers/%s/biologie/" % site.dossier_id(PATIENT_NIR))
    assert "Bilan lipidique" in listing.text

    download = as_patient.get(document_url + "download")
    assert download.body == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"] == (
        "attachment; filename=\"bilan 2024.pdf\"; filename*=UTF-8''bilan%202024.pdf")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Cache-Control"] == "private, no-store"
    assert int(download.headers["Content-Length"]) == len(PDF)
    with site.root() as root:
        document = root["dossiers"].for_nir(PATIENT_NIR)["biologie"][document_url.split("/")[-2]]
        assert document.sha256 == hashlib.sha256(PDF).hexdigest()
        assert document.mime_type == "application/pdf"


def test_patient_adds_their_own_document_marked_as_theirs(site, as_patient, as_gp):
    dossier_id = site.dossier_id(PATIENT_NIR)
    form = as_patient.get("/dossiers/%s/add-my-document" % dossier_id).forms["upload-form"]
    form["title"] = "Carnet de glycémie"
    form["upload"] = Upload("carnet.txt", "Glycémie 1,2 g/L le matin\n".encode(), "text/plain")
    page = form.submit("submit").follow()
    assert "Ajouté par le patient" in page.text
    listing = as_gp.get("/dossiers/%s/mes-documents/" % dossier_id)
    assert "Carnet de glycémie" in listing.text
    assert "Ajouté par le patient" in listing.text


def test_patients_cannot_use_the_professional_form(site, as_patient):
    as_patient.get("/dossiers/%s/add-document" % site.dossier_id(PATIENT_NIR), status=403)


def test_text_keeps_its_encoding(site, as_gp):
    form = professional_form(as_gp, site, category="comptes-rendus", type_code="11488-4")
    latin = "Compte rendu de consultation : fièvre élevée, hémoglobine normale.\n" * 3
    form["upload"] = Upload("cr.txt", latin.encode("cp1252"), "text/plain")
    page = form.submit("submit").follow()
    download = as_gp.get(page.request.path + "download")
    charset = download.headers["Content-Type"].split("charset=")[1]
    assert download.body.decode(charset) == latin


def test_html_documents_are_sandboxed(site, as_gp):
    form = professional_form(as_gp, site)
    form["upload"] = Upload("cr.html", b"<!DOCTYPE html><html><body><script>alert(1)</script>"
                                       b"<p>CR</p></body></html>", "text/html")
    page = form.submit("submit").follow()
    preview = as_gp.get(page.request.path + "download?inline=1")
    assert preview.headers["Content-Type"].startswith("text/html")
    assert preview.headers["Content-Security-Policy"] == "sandbox"
    assert preview.headers["Content-Disposition"].startswith("inline;")


def test_hostile_file_name_is_sanitised(site, as_gp):
    form = professional_form(as_gp, site)
    form["upload"] = Upload('../../"evil"\r\nX-Injected: 1.pdf', PDF, "application/pdf")
    page = form.submit("submit").follow()
    download = as_gp.get(page.request.path + "download")
    assert "X-Injected" not in download.headers
    assert "/" not in download.headers["Content-Disposition"].split("filename*")[0]


@pytest.mark.parametrize("name, content, status, message", [
    ("virus.pdf", b"MZ\x90\x00" + bytes(300), 415, "n'est pas accepté"),
    ("vide.pdf", b"", 400, "Le fichier est vide."),
    ("casse.pdf", PDF[:400], 400, "Ce fichier PDF est endommagé et ne peut pas être lu."),
    ("gros.txt", b"a" * (1024 * 1024 + 1), 413, "Le fichier dépasse la limite de 1.0 Mo."),
])
def test_refused_files_say_why_and_store_nothing(site, as_gp, name, content, status, message):
    before = document_count(site)
    form = professional_form(as_gp, site)
    form["upload"] = Upload(name, content, "application/pdf")
    page = form.submit("submit", status=status)
    assert message in text(page)
    assert document_count(site) == before


def test_much_too_large_body_is_refused_before_parsing(site, as_gp):
    form = professional_form(as_gp, site)
    form["upload"] = Upload("gros.txt", b"a" * (3 * 1024 * 1024), "text/plain")
    page = form.submit("submit", status=413)
    assert "Le fichier dépasse la limite de 1.0 Mo." in page.text


def test_missing_metadata_is_explained(site, as_gp):
    before = document_count(site)
    form = professional_form(as_gp, site, title="", care_date="2999-01-01")
    form["upload"] = Upload("cr.txt", b"texte", "text/plain")
    page = form.submit("submit", status=400)
    assert "Requis" in page.text
    assert "Cette date est dans le futur." in page.text
    assert document_count(site) == before


def test_forged_category_is_refused(site, as_gp):
    """A professional cannot file into the patient's own folder, even by editing the form."""
    form = professional_form(as_gp, site)
    form["category"].force_value("mes-documents")
    form["upload"] = Upload("cr.txt", b"texte", "text/plain")
    page = form.submit("submit", status=400)
    assert '"mes-documents" ne fait pas partie des choix suivants' in text(page)


def test_images_are_accepted(site, as_gp):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "white").save(buffer, "PNG")
    form = professional_form(as_gp, site, category="imagerie", type_code="18748-4")
    form["upload"] = Upload("radio.png", buffer.getvalue(), "image/png")
    page = form.submit("submit").follow()
    download = as_gp.get(page.request.path + "download")
    assert download.headers["Content-Type"] == "image/png"
