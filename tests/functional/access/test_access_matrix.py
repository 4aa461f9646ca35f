"""Who may do what, for every role x visibility code x action, through the JSON API and
``dmp ls``. The expectations are the access rules of DESIGN §5 written out by hand."""
import json

import pytest
from webtest import Upload

from ...conftest import PATIENT_NIR
from .conftest import CODES, ROLES

# code -> the roles that may list, view and download a validated document with that code
READERS = {
    "normal": {"patient", "medecin_traitant", "authorised", "emergency", "author"},
    "masked": {"patient", "medecin_traitant", "author"},
    "hidden_from_patient": {"medecin_traitant", "authorised", "emergency", "author"},
}
# dossier-level actions (the same whatever the code)
MAY_ADD = {"patient", "medecin_traitant", "authorised", "authorised_with_scope", "emergency",
           "author"}
MAY_MANAGE_ACCESS = MAY_READ_JOURNAL = {"patient"}
# who may change a document's visibility: the patient masks what they see; its author and
# the médecins traitants hide it from (or release it to) the patient
MAY_CHANGE_VISIBILITY = {
    "normal": {"patient", "medecin_traitant", "author"},
    "masked": {"patient", "medecin_traitant", "author"},
    "hidden_from_patient": {"medecin_traitant", "author"},
}


def ok(response):
    return response.status_int in (200, 201, 204)


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("role", ROLES)
def test_matrix(site, cast, role, code):
    headers, documents = cast
    headers = headers[role]
    document = documents[code]
    browser = site.browser()
    dossier = "/api/v1/dossiers/%s" % site.dossier_id(PATIENT_NIR)
    reads = role in READERS[code]

    listing = browser.get(dossier + "/documents", headers=headers, status="*")
    listed = ok(listing) and document in {d["id"] for d in listing.json["documents"]}
    assert listed == reads, "list"
    assert ok(browser.get("/api/v1/documents/" + document, headers=headers,
                          status="*")) == reads, "view"
    assert ok(browser.get("/api/v1/documents/%s/file" % document, headers=headers,
                          status="*")) == reads, "download"

    field = "masked" if role == "patient" else "hidden_from_patient"
    current = code == ("masked" if field == "masked" else "hidden_from_patient")
    change = browser.put_json("/api/v1/documents/%s/visibility" % document,
                              {field: current}, headers=headers, status="*")
    assert ok(change) == (role in MAY_CHANGE_VISIBILITY[code]), "change visibility"

    fields = {"title": "x", "file": Upload("x.txt", b"x\n")}
    if role != "patient":
        fields.update(category="biologie", type_code="11502-2", care_date="2025-05-02")
    added = browser.post(dossier + "/documents", fields, headers=headers, status="*")
    assert ok(added) == (role in MAY_ADD), "add"
    found = browser.get(dossier + "/search", params={"q": "zorglubine", "page_size": "100"},
                        headers=headers, status="*")
    hits = {hit["id"] for hit in found.json["hits"]} if ok(found) else set()
    assert (document in hits) == reads, "search hit"
    visible = {d for c, d in documents.items() if role in READERS[c]}
    facet_counts = [value["count"] for value in found.json["facets"]["category"]] \
        if ok(found) else []
    assert sum(facet_counts) == len(visible) == (found.json["total"] if ok(found) else 0), \
        "facet count"
    assert ok(browser.get(dossier + "/grants", headers=headers, status="*")) == \
        (role in MAY_MANAGE_ACCESS), "manage access"
    assert ok(browser.get(dossier + "/journal", headers=headers, status="*")) == \
        (role in MAY_READ_JOURNAL), "read journal"


def test_scope_lets_in_the_chosen_categories_only(site, cast):
    """A grant limited to imaging opens imaging documents and nothing else."""
    headers, _documents = cast
    browser = site.browser()
    listed = browser.get("/api/v1/dossiers/%s/documents" % site.dossier_id(PATIENT_NIR),
                         headers=headers["authorised_with_scope"]).json["documents"]
    assert listed and {d["category"] for d in listed} == {"imagerie"}


# Who may open the dossier at all (a scoped grant opens it, showing only its categories).
OPENS_DOSSIER = READERS["normal"] | READERS["masked"] | {"authorised_with_scope"}


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"anonymous"}))
def test_dmp_ls_applies_the_same_rules(site, cast, dmp_on, role):
    """``dmp ls`` answers like the API, role by role."""
    _headers, documents = cast
    status, out, _err = dmp_on(site)("ls", "--as", ROLES[role], "--dossier", PATIENT_NIR,
                                     "--json")
    if role not in OPENS_DOSSIER:
        assert status == 3
        return
    listed = {d["id"] for d in json.loads(out)["documents"]}
    for code, document in documents.items():
        assert (document in listed) == (role in READERS[code]), code
    status, out, _err = dmp_on(site)("search", "--as", ROLES[role], "--dossier", PATIENT_NIR,
                                     "--json", "zorglubine")
    found = {hit["title"] for hit in json.loads(out)["hits"]}
    assert found == {"Résultat %s" % code for code in CODES if role in READERS[code]}
