"""What people do, clicked through in Chromium."""
import pytest

from dmp_library.demo import DEMO_PASSWORD

from ..conftest import GP_RPPS, OUTSIDER_RPPS, PATIENT_NIR

pytestmark = pytest.mark.browser


def log_in(page, base, login, password=DEMO_PASSWORD):
    page.goto(base + "/login")
    page.get_by_label("NIR, e-mail ou numéro RPPS").fill(login)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def heading(page):
    return page.get_by_role("heading", level=1).inner_text()


def open_folder(page, name):
    page.locator(".folder-grid").get_by_role("link", name=name).click()


def test_patient_opens_a_pdf_then_uploads_a_document(server, page, tmp_path):
    base, _site = server
    log_in(page, base, PATIENT_NIR)
    assert heading(page) == "DUBREUIL Jean-Marc"

    open_folder(page, "Biologie")
    assert heading(page) == "Biologie"
    # The lab report of 08/01/2024 is a PDF: its page previews it inline.
    with page.expect_response(lambda r: r.url.endswith("download?inline=1")) as preview:
        page.locator("li", has_text="08/01/2024").get_by_role("link").click()
    assert preview.value.status == 200
    assert preview.value.headers["content-type"] == "application/pdf"
    assert page.locator(".preview iframe").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger").click()
    assert download.value.suggested_filename.endswith(".pdf")

    page.get_by_role("link", name="Mon dossier", exact=True).click()
    page.get_by_role("link", name="Ajouter un de mes documents").click()
    page.get_by_label("Titre").fill("Carnet de glycémie de novembre")
    sample = tmp_path / "carnet.txt"
    sample.write_text("Glycémie à jeun : 1,12 g/L\n", encoding="utf-8")
    page.set_input_files("input[type=file]", str(sample))
    page.get_by_role("button", name="Ajouter le document").click()
    page.wait_for_url("**/mes-documents/*/")
    assert "Le document a été ajouté." in page.inner_text("main")
    page.locator(".breadcrumbs").get_by_role("link", name="Mes documents").click()
    assert page.get_by_role("link", name="Carnet de glycémie de novembre").is_visible()


def test_professional_finds_a_patient_and_uploads(server, page, tmp_path):
    base, _site = server
    log_in(page, base, GP_RPPS)
    page.get_by_label("Numéro de sécurité sociale (NIR)").fill("1 61 07 71 270 112 39")
    page.get_by_label("Date de naissance").fill("1961-07-22")
    page.get_by_role("button", name="Rechercher").click()
    assert "?" not in page.url  # the NIR never travels in a URL
    page.get_by_role("link", name="Ouvrir le dossier de DUBREUIL Jean-Marc").click()
    assert heading(page) == "DUBREUIL Jean-Marc"

    page.get_by_role("link", name="Ajouter un document").click()
    page.get_by_label("Catégorie").select_option(label="Imagerie")
    page.get_by_label("Type de document (LOINC)").select_option(label="Compte rendu d'imagerie")
    page.get_by_label("Titre").fill("Échographie abdominale")
    page.get_by_label("Date de l'acte").fill("2025-10-02")
    report = tmp_path / "echo.html"
    report.write_text("<!DOCTYPE html><html><body><p>Foie normal.</p></body></html>")
    page.set_input_files("input[type=file]", str(report))
    page.get_by_role("button", name="Ajouter le document").click()
    page.wait_for_url("**/imagerie/*/")
    assert heading(page) == "Échographie abdominale"
    page.locator(".breadcrumbs").get_by_role("link", name="Imagerie").click()
    assert page.get_by_role("link", name="Échographie abdominale").is_visible()


def test_professional_without_access_is_refused(server, page):
    base, site = server
    log_in(page, base, OUTSIDER_RPPS)
    page.get_by_label("Numéro de sécurité sociale (NIR)").fill(PATIENT_NIR)
    page.get_by_label("Date de naissance").fill("1961-07-22")
    page.get_by_role("button", name="Rechercher").click()
    assert "ne vous y a pas donné accès" in page.inner_text("#outcome")
    response = page.goto(base + "/dossiers/%s/" % site.dossier_id(PATIENT_NIR))
    assert response.status == 403
    assert heading(page) == "Accès refusé"


def test_language_switch(server, page):
    base, _site = server
    log_in(page, base, PATIENT_NIR)
    assert page.get_by_role("heading", name="Derniers documents").is_visible()
    page.get_by_role("link", name="English").click()
    assert page.get_by_role("heading", name="Latest documents").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    open_folder(page, "Laboratory results")
    assert heading(page) == "Laboratory results"


def test_usable_on_a_phone(server, page):
    """At 375 px wide nothing overflows sideways and the main links are reachable."""
    base, site = server
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, base, PATIENT_NIR)
    for path in ("/dossiers/%s/" % site.dossier_id(PATIENT_NIR),
                 "/dossiers/%s/biologie/" % site.dossier_id(PATIENT_NIR), "/account"):
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (path, width)
    page.goto(base + "/dossiers/%s/" % site.dossier_id(PATIENT_NIR))
    assert page.locator(".folder-grid").get_by_role("link", name="Biologie").is_visible()


def test_keyboard_reaches_the_content(server, page):
    """The first Tab lands on a visible "skip to content" link that moves focus to <main>."""
    base, _site = server
    page.goto(base + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
    assert page.locator(".skip-link").bounding_box()["x"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
