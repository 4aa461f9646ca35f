"""French by default, English on request: Accept-Language, the switch, the account."""
from ..conftest import GP_RPPS, PATIENT_NIR, log_in


def heading(page):
    return page.html.find("h1").text.strip()


def test_french_by_default(site):
    page = site.browser().get("/login")
    assert page.html.find("html")["lang"] == "fr"
    assert heading(page) == "Se connecter"


def test_accept_language(site):
    page = site.browser().get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert page.html.find("html")["lang"] == "en"
    assert heading(page) == "Log in"
    assert heading(site.browser().get("/login", headers={"Accept-Language": "de"})) == \
        "Se connecter"


def test_switch_is_remembered_by_cookie_and_on_the_account(site):
    browser = site.browser()
    log_in(browser, GP_RPPS)
    link = next(a for a in browser.get("/pro").html.select(".site-nav__languages a")
                if a.text == "English")
    page = browser.get(link["href"]).follow()
    assert heading(page) == "Professional area"
    # Another browser, another day: the account remembers.
    elsewhere = site.browser()
    log_in(elsewhere, GP_RPPS)
    assert heading(elsewhere.get("/pro")) == "Professional area"


def test_validation_messages_are_translated(site):
    form = site.browser().get("/login").forms["form"]
    page = form.submit("submit")
    assert "Requis" in page.text
    english = site.browser()
    form = english.get("/login", headers={"Accept-Language": "en"}).forms["form"]
    assert "Required" in form.submit("submit", headers={"Accept-Language": "en"}).text


def test_english_dossier_page(site):
    browser = site.browser()
    log_in(browser, PATIENT_NIR)
    browser.get("/language?lang=en")
    page = browser.get("/dossiers/%s/" % site.dossier_id(PATIENT_NIR))
    assert "Laboratory results" in page.text and "Latest documents" in page.text
    assert "Biologie" not in page.text
