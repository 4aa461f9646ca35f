"""Logging in and out: credentials, throttling, sessions, cookies and CSRF."""
import pytest

from dmp_library.demo import DEMO_PASSWORD

from ..conftest import ADMIN_LOGIN, ADMIN_PASSWORD, GP_RPPS, PATIENT_NIR, log_in

WRONG = "Identifiant ou mot de passe incorrect."


def submit_login(browser, login, password):
    form = browser.get("/login").forms["form"]
    form["login"] = login
    form["password"] = password
    return form.submit("submit")


def test_patient_logs_in_with_nir_and_lands_on_their_dossier(site):
    browser = site.browser()
    page = log_in(browser, "1 61 07 71 270 112 39")
    assert page.request.path == "/dossiers/%s/" % site.dossier_id(PATIENT_NIR)
    assert "DUBREUIL Jean-Marc" in page.text


def test_patient_logs_in_with_email(site):
    from dmp_library.security.accounts import find_account, set_email

    with site.root() as root:
        set_email(root, find_account(root, PATIENT_NIR), "jm.dubreuil@example.org")
    page = log_in(site.browser(), "JM.Dubreuil@example.org")
    assert page.request.path == "/dossiers/%s/" % site.dossier_id(PATIENT_NIR)


def test_professional_logs_in_with_rpps(site):
    page = log_in(site.browser(), GP_RPPS)
    assert page.request.path == "/pro"
    assert "Dr Hélène VASSEUR" in page.text
    assert "Médecin généraliste" in page.text


def test_host_admin_lands_on_the_sdi(site):
    page = log_in(site.browser(), ADMIN_LOGIN, ADMIN_PASSWORD)
    assert page.request.path.startswith("/manage")


@pytest.mark.parametrize("login", [PATIENT_NIR, GP_RPPS, "nobody@example.org", "161077127011238"])
def test_wrong_credentials_say_so_without_telling_which(site, login):
    page = submit_login(site.browser(), login, "not-the-password")
    assert page.status_int == 200
    assert WRONG in page.text
    assert "dmp_auth" not in page.headers.get("Set-Cookie", "")


@pytest.mark.parametrize("login", [PATIENT_NIR, "ghost@example.org"])
def test_login_is_locked_after_repeated_failures(site, login):
    """After 5 failures even the right password is refused for a while, and the message is the
    same whether the account exists or not."""
    browser = site.browser()
    for _attempt in range(5):
        assert WRONG in submit_login(browser, login, "wrong-password").text
    page = submit_login(browser, login, DEMO_PASSWORD)
    assert "Trop de tentatives échouées : réessayez dans 15 minutes." in page.text
    assert "dmp_auth" not in page.headers.get("Set-Cookie", "")


def test_success_resets_the_failure_count(site):
    browser = site.browser()
    for _attempt in range(4):
        submit_login(browser, GP_RPPS, "wrong-password")
    log_in(browser, GP_RPPS)
    for _attempt in range(4):
        assert WRONG in submit_login(site.browser(), GP_RPPS, "wrong-password").text
    log_in(site.browser(), GP_RPPS)


def test_auth_cookie_is_httponly_and_samesite(site):
    response = submit_login(site.browser(), GP_RPPS, DEMO_PASSWORD)
    cookies = [value for name, value in response.headerlist if name == "Set-Cookie"]
    auth = [cookie for cookie in cookies if cookie.startswith("dmp_auth=")]
    assert auth and all("HttpOnly" in c and "SameSite=Lax" in c for c in auth)
    session = [cookie for cookie in cookies if cookie.startswith("dmp_session=")]
    assert all("HttpOnly" in c for c in session)


def test_logout_needs_the_form_token(as_gp):
    """A forged logout (no CSRF token) is refused with a page that says why."""
    page = as_gp.post("/logout", status=400)
    assert "Formulaire expiré" in page.text
    home = as_gp.get("/pro")
    form = home.forms[0]
    assert form.action.endswith("/logout")
    form.submit().follow()
    assert as_gp.get("/pro").status_int == 302  # back to the login page


def test_forged_login_form_is_refused(site):
    page = site.browser().post("/login", {"login": GP_RPPS, "password": DEMO_PASSWORD,
                                          "submit": "submit"}, status=400)
    assert "Formulaire expiré" in page.text


def test_session_expires(site, monkeypatch):
    """The auth ticket is refused once ``dmp.session_timeout`` has passed without activity."""
    import time

    browser = site.browser()
    log_in(browser, GP_RPPS)
    assert browser.get("/pro").status_int == 200
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 1801)
    assert browser.get("/pro").status_int == 302


def test_anonymous_visitor_is_sent_to_login_and_back(site):
    browser = site.browser()
    response = browser.get("/pro")
    assert response.status_int == 302
    assert "/login?came_from=%2Fpro" in response.location
    form = response.follow().forms["form"]
    form["login"] = GP_RPPS
    form["password"] = DEMO_PASSWORD
    assert form.submit("submit").location.endswith("/pro")


def test_came_from_cannot_leave_the_site(site):
    browser = site.browser()
    form = browser.get("/login?came_from=//evil.example/x").forms["form"]
    form["login"] = GP_RPPS
    form["password"] = DEMO_PASSWORD
    assert form.submit("submit").location == "http://localhost/pro"
