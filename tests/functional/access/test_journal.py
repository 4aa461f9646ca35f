"""The journal: every access and change, who/role/profession/when/where, hash-chained, with
its page, its CSV, ``dmp journal verify``, and no entry lost under concurrency."""
import csv
import io
import threading
import urllib.request

import pytest
from webtest import Upload

from dmp_library.journal.log import journal_of

from ...conftest import GP_RPPS, PATIENT_NIR, log_in

OPHTHALMOLOGIST = "10021384952"


def entries(site):
    with site.root() as root:
        return list(journal_of(root["dossiers"].for_nir(PATIENT_NIR)))


def test_what_is_recorded(site, as_gp):
    base = "/dossiers/%s/" % site.dossier_id(PATIENT_NIR)
    home = as_gp.get(base)
    listing = as_gp.get(base + "biologie/")
    document = listing.click(href=listing.html.select_one(".document-list__title")["href"])
    as_gp.get(document.request.path + "download")
    form = as_gp.get(base + "add-document").forms["upload-form"]
    form["category"], form["type_code"] = "biologie", "11502-2"
    form["title"], form["care_date"] = "NFS", "2025-01-02"
    form["upload"] = Upload("nfs.txt", b"NFS normale\n")
    form.submit("submit")
    assert home.status_int == 200
    hers = [e for e in entries(site) if e["who_name"] == "Dr Hélène VASSEUR"]
    assert [e["action"] for e in hers] == ["view", "list", "view", "download", "transition",
                                           "upload"]
    first = hers[0]
    assert first["role"] == "authorised,medecin_traitant"
    assert first["profession"] == "Médecin généraliste"
    assert first["address"] == "192.0.2.7"
    assert first["when"].endswith("+00:00")


def test_journal_page_filters_and_csv(site, as_gp, as_patient):
    base = "/dossiers/%s/" % site.dossier_id(PATIENT_NIR)
    as_gp.get(base)
    other = site.browser()
    log_in(other, OPHTHALMOLOGIST)
    other.get(base)
    page = as_patient.get(base + "journal")
    people = {o.text: o["value"] for o in page.html.select("#j-who option") if o["value"]}
    assert {"Dr Hélène VASSEUR", "Dr Paul MERCIER-LAGRANGE"} <= set(people)
    filtered = as_patient.get(base + "journal", params={"who": people["Dr Hélène VASSEUR"],
                                                         "action": "view"})
    rows = filtered.html.select(".journal-table tbody tr")
    assert rows and all("VASSEUR" in row.text for row in rows)
    export = as_patient.get(base + "journal.csv", params={"who": people["Dr Hélène VASSEUR"]})
    assert export.headers["Content-Type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(export.text)))
    assert table and {row["who_name"] for row in table} == {"Dr Hélène VASSEUR"}
    bad = as_patient.get(base + "journal", params={"date_from": "hier"}, status=400)
    assert "Ces options ont été ignorées" in bad.text
    as_gp.get(base + "journal", status=403)


def records_by_seq(root):
    """The journal's records of the corpus patient, by sequence number, to tamper with."""
    journal = journal_of(root["dossiers"].for_nir(PATIENT_NIR))
    return {record.entry["seq"]: record for record in journal.records()}


def test_verify_catches_edits_and_removals(site, as_gp, dmp_on):
    base = "/dossiers/%s/" % site.dossier_id(PATIENT_NIR)
    for _i in range(4):
        as_gp.get(base)
    run = dmp_on(site)
    status, out, _err = run("journal", "verify", "--dossier", PATIENT_NIR)
    assert status == 0 and out.endswith("OK (4 entries)\n")

    from ...conftest import Site

    reopened = Site(site.data_dir)
    with reopened.root() as root:
        records = records_by_seq(root)
        records[2].entry = dict(records[2].entry, who_name="Quelqu'un d'autre")
    reopened.close()
    status, out, _err = run("journal", "verify", "--dossier", PATIENT_NIR)
    assert status == 1 and "BROKEN at entry 2 (altered)" in out

    reopened = Site(site.data_dir)
    with reopened.root() as root:
        records = records_by_seq(root)
        records[3].before = records[1]  # entry 2 taken out of the chain
        removed = records[2]._p_oid
    reopened.close()
    assert "BROKEN at entry 2 (missing)" in run("journal", "verify")[1]

    reopened = Site(site.data_dir)
    with reopened.root() as root:
        records = records_by_seq(root)
        records[3].before = root._p_jar.get(removed)  # entry 2 back (still altered)
        journal = journal_of(root["dossiers"].for_nir(PATIENT_NIR))
        journal.last = records[3]  # the last one taken out
    reopened.close()
    assert "entry 2 (altered)" in run("journal", "verify", "--dossier", PATIENT_NIR)[1]


@pytest.mark.slow
def test_concurrent_accesses_lose_no_entry(site):
    """Twenty threads open the dossier at once through a real server: every access is in the
    journal and the chain holds (conflicting appends are retried by pyramid_retry)."""
    from dmp_library.testing import served

    browser = site.browser()
    log_in(browser, GP_RPPS)
    cookie = "; ".join("%s=%s" % (c.name, c.value) for c in browser.cookiejar)
    statuses = []

    def open_dossier():
        request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310 -- ours
        with urllib.request.urlopen(request) as answer:  # noqa: S310 -- our own test server
            statuses.append(answer.status)

    with served(site.app, threads=8) as base:
        url = "%s/dossiers/%s/" % (base, site.dossier_id(PATIENT_NIR))
        workers = [threading.Thread(target=open_dossier) for _i in range(20)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    assert statuses == [200] * 20
    with site.root() as root:
        journal = journal_of(root["dossiers"].for_nir(PATIENT_NIR))
        assert [e["action"] for e in journal].count("view") == 20
        assert journal.verify() is None
