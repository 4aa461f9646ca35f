"""The patient's access page: directory search, grants (expiry, scope), médecins traitants,
blocks, consents, notification settings; each change journaled."""
import datetime

from dmp_library.journal.log import journal_of

from ...conftest import GP_RPPS, OUTSIDER_RPPS, PATIENT_NIR, log_in, text
from ..workflows.test_document_lifecycle import mails

LARBI = OUTSIDER_RPPS


def access_page(as_patient, site, query=""):
    url = "/dossiers/%s/access" % site.dossier_id(PATIENT_NIR)
    return as_patient.get(url, params={"q": query} if query else None)


def result_form(page, action, rpps):
    for form in page.forms.values():
        if form.action.endswith("/" + action) and form.fields.get("rpps", [None])[0] and \
                form["rpps"].value == rpps:
            return form
    raise AssertionError("no %s form for %s" % (action, rpps))


def can_open(site, login):
    browser = site.browser()
    log_in(browser, login)
    return browser.get("/dossiers/%s/" % site.dossier_id(PATIENT_NIR), status="*").status_int


def journal_actions(site):
    with site.root() as root:
        return [e["action"] for e in journal_of(root["dossiers"].for_nir(PATIENT_NIR))]


def test_directory_search_by_name_profession_or_rpps(site, as_patient):
    for query in ("larbi", "Médecin urgentiste", "urgentiste", "104857"):
        page = access_page(as_patient, site, query)
        names = [li.strong.text for li in page.html.select(".directory-result")]
        assert "Dr Mehdi LARBI" in names, query
    assert "Aucun professionnel ne correspond." in text(access_page(as_patient, site, "zzz"))


def test_grant_then_revoke(site, as_patient):
    assert can_open(site, LARBI) == 403
    form = result_form(access_page(as_patient, site, "larbi"), "grant", LARBI)
    page = form.submit().follow()
    assert "Autorisation accordée." in page.text
    assert "LARBI" in page.html.find(id="grants").text
    assert can_open(site, LARBI) == 200
    result_form(access_page(as_patient, site), "revoke", LARBI).submit().follow()
    assert can_open(site, LARBI) == 403
    assert journal_actions(site)[-3:] == ["grant", "view", "revoke"] or \
        {"grant", "revoke"} <= set(journal_actions(site))


def test_grant_until_a_date_stops_by_itself(site, as_patient):
    form = result_form(access_page(as_patient, site, "larbi"), "grant", LARBI)
    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    form["expires"] = yesterday
    refused = form.submit().follow()
    assert "La fin d'une autorisation doit être dans le futur." in text(refused)
    form = result_form(access_page(as_patient, site, "larbi"), "grant", LARBI)
    form["expires"] = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    form.submit()
    assert can_open(site, LARBI) == 200
    # Time passes: the grant's end is reached, and nothing has to rewrite any ACL.
    with site.root() as root:
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        grant = dossier.grant_for(root.__objectmap__.objectid_for(
            root["principals"]["users"][LARBI]))
        acl_before = dossier.__acl__
        grant.expires = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(1)
        assert dossier.__acl__ == acl_before
    assert can_open(site, LARBI) == 403
    assert "expirée" in access_page(as_patient, site).html.find(id="grants").text


def test_grant_limited_to_categories(site, as_patient):
    form = result_form(access_page(as_patient, site, "larbi"), "grant", LARBI)
    for checkbox in form.fields["category"]:
        checkbox.checked = checkbox._value == "imagerie"
    form.submit()
    browser = site.browser()
    log_in(browser, LARBI)
    home = browser.get("/dossiers/%s/" % site.dossier_id(PATIENT_NIR))
    shown = {a["href"].split("/")[-3] for a in home.html.select(".document-list__title")}
    assert shown == {"imagerie"}


def test_medecins_traitants(site, as_patient):
    form = result_form(access_page(as_patient, site, "larbi"), "add-medecin-traitant", LARBI)
    page = form.submit().follow()
    assert "LARBI" in page.html.find(id="medecins-traitants").text
    assert can_open(site, LARBI) == 200
    result_form(page, "remove-medecin-traitant", LARBI).submit()
    assert can_open(site, LARBI) == 403


def test_block_wins_over_medecin_traitant_status(site, as_patient):
    assert can_open(site, GP_RPPS) == 200
    form = result_form(access_page(as_patient, site, "vasseur"), "block", GP_RPPS)
    page = form.submit().follow()
    assert "VASSEUR" in page.html.find(id="blocked").text
    assert can_open(site, GP_RPPS) == 403
    result_form(access_page(as_patient, site), "unblock", GP_RPPS).submit()
    assert can_open(site, GP_RPPS) == 200
    assert {"block", "unblock"} <= set(journal_actions(site))


def test_forged_rpps_is_refused_cleanly(site, as_patient):
    page = access_page(as_patient, site)
    token = page.html.find("input", {"name": "csrf_token"})["value"]
    url = "/dossiers/%s/grant" % site.dossier_id(PATIENT_NIR)
    answer = as_patient.post(url, {"csrf_token": token, "rpps": "12345"}).follow()
    assert "Aucun professionnel n'a ce numéro RPPS." in text(answer)
    answer = as_patient.post(url, {"csrf_token": token, "rpps": LARBI,
                                   "expires": "demain"}).follow()
    assert "Les dates s'écrivent AAAA-MM-JJ." in text(answer)


def test_professionals_cannot_manage_access(site, as_gp):
    base = "/dossiers/%s/" % site.dossier_id(PATIENT_NIR)
    as_gp.get(base + "access", status=403)
    token = as_gp.get("/pro").html.find("input", {"name": "csrf_token"})["value"]
    as_gp.post(base + "grant", {"csrf_token": token, "rpps": LARBI}, status=403)


def test_settings_and_first_access_mail(site, as_patient):
    from dmp_library.security.accounts import find_account, set_email

    with site.root() as root:
        set_email(root, find_account(root, PATIENT_NIR), "jm@example.org")
    assert can_open(site, GP_RPPS) == 200
    first = ("jm@example.org", "Un professionnel a consulté votre dossier")
    assert mails(site).count(first) == 1
    assert can_open(site, GP_RPPS) == 200
    assert mails(site).count(first) == 1  # only the first time
    form = access_page(as_patient, site).forms["settings-form"]
    for checkbox in form.fields["notify"]:
        checkbox.checked = checkbox._value != "first_access"
    form["mask_new_documents"] = True
    form.submit().follow()
    with site.root() as root:
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        assert dossier.notifications == {"first_access": False, "new_document": True,
                                         "emergency": True}
        assert dossier.mask_new_documents
    assert can_open(site, "10021384952") == 200
    assert mails(site).count(first) == 1  # turned off
