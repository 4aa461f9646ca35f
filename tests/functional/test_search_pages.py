"""Searching from the web page, the JSON API and ``dmp search``, journaled, with the same
rules; workflow states (drafts, deleted, archived) obeyed."""
import datetime
import io
import json

import pytest
from webtest import Upload

from dmp_library.journal.log import journal_of
from dmp_library.resources.services import add_professional_document
from dmp_library.resources.uploads import receive_upload
from dmp_library.security.accounts import find_account
from dmp_library.workflows.services import force_state

from ..conftest import (
    ADMIN_LOGIN,
    ADMIN_PASSWORD,
    GP_RPPS,
    OUTSIDER_RPPS,
    PATIENT_NIR,
    SPECIALIST_RPPS,
    log_in,
    text,
)
from ..fixtures.office import docx, odt


def search_page(browser, site, **params):
    return browser.get("/dossiers/%s/search" % site.dossier_id(PATIENT_NIR), params=params,
                       status="*")


def titles(page):
    return [" ".join(a.text.split()) for a in page.html.select(".hit__title")]


def test_search_box_and_results(site, as_gp):
    home = as_gp.get("/dossiers/%s/" % site.dossier_id(PATIENT_NIR))
    form = home.forms[[k for k, f in home.forms.items() if f.action.endswith("/search")][0]]
    form["q"] = "glycemie"  # without its accents
    page = form.submit()
    count = int(page.html.select_one("#results-heading").text.split(":")[1])
    assert count >= 5
    assert page.html.select_one(".hit__snippet mark").text.lower().startswith("glyc")
    categories = {li.a.text if li.a else li.strong.text.split("(")[0].strip(): li
                  for li in page.html.select("#facet-category li")}
    assert "Biologie" in categories
    refined = as_gp.get(categories["Biologie"].a["href"])
    assert int(refined.html.select_one("#results-heading").text.split(":")[1]) < count
    assert {" ".join(s.text.split()) for s in refined.html.select(".hit__meta")} and all(
        "Biologie" in s.text for s in refined.html.select(".hit__meta"))
    by_date = search_page(as_gp, site, q="glycémie", sort="date")
    dates = [t["datetime"] for t in by_date.html.select(".hit__meta time")]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("query, message", [
    ('"insuffisance rénale', "Un guillemet n'est pas fermé"),
    ("le la les de", "Ces mots sont trop courants"),
    ("AND", "doit se trouver entre deux mots"),
    ("", "Saisissez un ou plusieurs mots à rechercher."),
])
def test_queries_that_cannot_run_get_a_helpful_message(site, as_gp, query, message):
    page = search_page(as_gp, site, q=query)
    assert page.status_int == 200
    assert message in text(page)


def test_search_is_journaled_with_its_query(site, as_gp):
    search_page(as_gp, site, q="HbA1c")
    with site.root() as root:
        entries = list(journal_of(root["dossiers"].for_nir(PATIENT_NIR)))
    assert ("search", "HbA1c", "Dr Hélène VASSEUR") in {
        (e["action"], e["detail"], e["who_name"]) for e in entries}


def test_since_my_last_visit(site, as_gp):
    as_gp.get("/dossiers/%s/" % site.dossier_id(PATIENT_NIR))
    with site.root() as root:  # that visit was last week; a document came since
        journal = journal_of(root["dossiers"].for_nir(PATIENT_NIR))
        last_week = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=7)
        journal.last.entry = dict(journal.last.entry, when=last_week.isoformat())
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        for folder in dossier.folders():  # the corpus came a month ago
            for older in folder.values():
                older.created -= datetime.timedelta(days=30)
        upload = receive_upload(io.BytesIO(b"Glycemie a jeun 1,05 g/L\n"), "g.txt", 10 ** 6)
        document = add_professional_document(
            dossier, upload, find_account(root, SPECIALIST_RPPS), site.registry,
            category="biologie", type_code="11502-2", title="Glycémie de contrôle",
            care_date=datetime.date(2020, 1, 1))
        force_state(document, "validated", "test")
    everything = titles(search_page(as_gp, site, q="glycémie", sort="date"))
    new = titles(search_page(as_gp, site, q="glycémie", since_last_visit="true"))
    assert len(everything) > 1 and new == ["Glycémie de contrôle"]


def test_drafts_deleted_and_archived(site, as_gp, as_patient):
    """A draft is found by its author only, a deleted document by nobody, an archived one
    only when asked for."""
    with site.root() as root:
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        author = find_account(root, SPECIALIST_RPPS)
        for state in ("draft", "deleted", "archived"):
            upload = receive_upload(io.BytesIO(b"Scintigraphie myocardique normale\n"),
                                    "s.txt", 10 ** 6)
            document = add_professional_document(
                dossier, upload, author, site.registry, category="imagerie",
                type_code="18748-4", title="Scintigraphie %s" % state,
                care_date=datetime.date(2025, 1, 1))
            if state != "draft":
                force_state(document, state, "test")
    author = site.browser()
    log_in(author, SPECIALIST_RPPS)
    assert titles(search_page(author, site, q="scintigraphie")) == ["Scintigraphie draft"]
    for browser in (as_gp, as_patient):
        assert titles(search_page(browser, site, q="scintigraphie")) == []
        assert titles(search_page(browser, site, q="scintigraphie", archived="true")) == \
            ["Scintigraphie archived"]
        facets = search_page(browser, site, q="scintigraphie", archived="true")
        assert " ".join(facets.html.select_one("#facet-category").text.split()) == \
            "Catégorie Imagerie 1"


def test_api_search(site):
    def bearer(login):
        with site.root() as root:
            return {"Authorization": "Bearer " + root.api_tokens.issue(
                find_account(root, login), 1)}

    url = "/api/v1/dossiers/%s/search" % site.dossier_id(PATIENT_NIR)
    browser = site.browser()
    answer = browser.get(url, params={"q": "HbA1c", "page_size": "3"},
                         headers=bearer(GP_RPPS)).json
    assert answer["total"] >= 5 and len(answer["hits"]) == 3 and answer["pages"] >= 2
    assert set(answer["hits"][0]) >= {"id", "external_id", "title", "score", "snippet_html"}
    assert set(answer["facets"]) == {"category", "type", "author", "year"}
    bad = browser.get(url, params={"q": '"rein'}, headers=bearer(GP_RPPS), status=400)
    assert "guillemet" in bad.json["error"]
    browser.get(url, params={"q": "x", "page_size": "1000"}, headers=bearer(GP_RPPS),
                status=400)
    browser.get(url, params={"q": "HbA1c"}, headers=bearer(OUTSIDER_RPPS), status=403)
    browser.get(url, params={"q": "HbA1c"}, headers=bearer(ADMIN_LOGIN), status=403)
    browser.get(url, params={"q": "HbA1c"}, status=401)


def test_dmp_search_and_reindex(dmp):
    status, out, _err = dmp("search", "--as", GP_RPPS, "--dossier", PATIENT_NIR, "--json",
                            "--limit", "3", "hémoglobine", "glyquée")
    assert status == 0
    answer = json.loads(out)
    assert answer["query"] == "hémoglobine glyquée" and len(answer["hits"]) == 3
    assert set(answer["hits"][0]) == {"external_id", "title", "score", "snippet"}
    assert answer["hits"][0]["external_id"].startswith("doc-d01-")
    assert dmp("search", "--as", OUTSIDER_RPPS, "--dossier", PATIENT_NIR, "HbA1c")[0] == 3
    status, _out, err = dmp("search", "--as", GP_RPPS, "--dossier", PATIENT_NIR, '"rein')
    assert status == 2 and "guillemet" in err
    status, out, _err = dmp("reindex", "--dossier", PATIENT_NIR)
    assert status == 0 and out.startswith("1 catalogue(s) reconstruit(s), 16 document(s)")
    assert dmp("search", "--as", GP_RPPS, "--dossier", PATIENT_NIR, "HbA1c")[0] == 0


@pytest.mark.parametrize("name, content", [("cr.docx", docx("Spirométrie : trouble ventilatoire"
                                                            " obstructif")),
                                           ("cr.odt", odt("Spirométrie : trouble ventilatoire "
                                                          "obstructif"))])
def test_word_processor_documents_are_accepted_and_searchable(site, as_gp, name, content):
    form = as_gp.get("/dossiers/%s/add-document" % site.dossier_id(PATIENT_NIR)) \
        .forms["upload-form"]
    form["category"], form["type_code"] = "comptes-rendus", "11488-4"
    form["title"], form["care_date"] = "Explorations fonctionnelles", "2025-02-02"
    form["upload"] = Upload(name, content)
    form.submit("submit").follow()
    assert titles(search_page(as_gp, site, q="obstructif")) == ["Explorations fonctionnelles"]


def test_host_admin_is_refused_the_search(site):
    browser = site.browser()
    log_in(browser, ADMIN_LOGIN, ADMIN_PASSWORD)
    assert search_page(browser, site, q="HbA1c").status_int == 403


def test_a_scanned_upload_says_its_text_is_being_recognised(site, as_gp):
    from ..conftest import CORPUS

    form = as_gp.get("/dossiers/%s/add-document" % site.dossier_id(PATIENT_NIR)) \
        .forms["upload-form"]
    form["category"], form["type_code"] = "comptes-rendus", "11490-0"
    form["title"], form["care_date"] = "Courrier scanné", "2014-05-23"
    scanned = (CORPUS / "documents" / "doc-d01-12.pdf").read_bytes()  # pages of images only
    form["upload"] = Upload("scan.pdf", scanned, "application/pdf")
    page = form.submit("submit").follow()
    assert "Texte en cours de reconnaissance" in page.html.find(id="ocr-pending").text
