"""Search obeys the access rules of DESIGN §5: results, counts, facets and snippets alike.

For each role, a query matching masked ("sensitive") or "not visible to the patient"
documents returns exactly what that role may open. Expectations come from the corpus' own
flags, never from the code under test; what the query matches at all comes from the index.
"""
import html
import re

import pytest
from pyramid.security import Everyone

from dmp_library.search.catalog import catalog_of
from dmp_library.search.queries import parse_query
from dmp_library.search.services import SearchRefused, search
from dmp_library.security.accounts import find_account, principals_of
from dmp_library.security.policy import DossierAccess

from ..conftest import (
    ADMIN_LOGIN,
    GP_RPPS,
    HIDDEN_PATIENT_NIR,
    LAB_RPPS,
    MASKED_PATIENT_NIR,
    OUTSIDER_RPPS,
    PSYCHIATRIST_RPPS,
    corpus,
    visible_by_flags,
)

ANONYMOUS = "anonymous"
GARNIER_GP = "10915729809"       # médecin traitant of pat-d07
ONCOLOGIST = "10200029477"       # author of a document hidden from pat-d07
RADIOTHERAPIST = "10235246328"   # authorised on pat-d07, author of nothing hidden
PATIENTS = {patient["nir"]: patient for patient in corpus("patients")}


def principals(root, login):
    if login == ANONYMOUS:
        return [Everyone]
    return principals_of(find_account(root, login))


def matching(dossier, text):
    """The corpus ids the index matches for ``text``, whoever asks."""
    found = catalog_of(dossier).find(parse_query(text).query, keep=lambda document: True)
    return {document.external_id for document, _score in found.hits}


CASES = [
    # Antoine Royer: psychiatric documents masked from professionals but their author and
    # his médecin traitant.
    (MASKED_PATIENT_NIR, "sertraline", "masked"),
    (MASKED_PATIENT_NIR, "psychiatrique OR dépressif", "masked"),
    # Martine Garnier: two results not yet visible to her.
    (HIDDEN_PATIENT_NIR, "carcinome", "hidden_from_patient"),
    (HIDDEN_PATIENT_NIR, "sein", "hidden_from_patient"),
]
ROLES = {
    MASKED_PATIENT_NIR: [MASKED_PATIENT_NIR, GP_RPPS, LAB_RPPS, PSYCHIATRIST_RPPS,
                         OUTSIDER_RPPS, ADMIN_LOGIN, ANONYMOUS],
    HIDDEN_PATIENT_NIR: [HIDDEN_PATIENT_NIR, GARNIER_GP, RADIOTHERAPIST, ONCOLOGIST,
                         OUTSIDER_RPPS, ADMIN_LOGIN, ANONYMOUS],
}


@pytest.mark.parametrize("nir, text, code, login", [
    (nir, text, code, login) for nir, text, code in CASES for login in ROLES[nir]])
def test_each_role_finds_exactly_what_it_may_open(site, nir, text, code, login):
    with site.root() as root:
        dossier = root["dossiers"].for_nir(nir)
        matched = matching(dossier, text)
        restricted = {d.external_id for d in _documents(root, dossier, matched)
                      if code in d.visibility}
        assert restricted, "the query must match a %s document to test anything" % code
        access = DossierAccess(dossier, principals(root, login))
        allowed = visible_by_flags(PATIENTS[nir], login)
        if allowed is None:
            with pytest.raises(SearchRefused):
                search(dossier, access, text)
            return
        expected = matched & allowed
        results = search(dossier, access, text, page_size=100)
        found = [hit.external_id for hit in results.hits]
        assert sorted(found) == sorted(expected)
        assert results.total == len(expected)
        assert search(dossier, access, text, page_size=1).total == len(expected)
        _assert_facets_count(results, _documents(root, dossier, expected))
        for hit in results.hits:
            _assert_shows_only_its_own_text(hit)


def test_the_roles_really_differ(site):
    """The matrix above would pass vacuously if every role saw the same documents."""
    with site.root() as root:
        dossier = root["dossiers"].for_nir(MASKED_PATIENT_NIR)
        seen = {login: {hit.external_id for hit in search(
            dossier, DossierAccess(dossier, principals(root, login)), "sertraline",
            page_size=100).hits} for login in (GP_RPPS, LAB_RPPS, PSYCHIATRIST_RPPS)}
    assert seen[LAB_RPPS] < seen[PSYCHIATRIST_RPPS] < seen[GP_RPPS]


def _documents(root, dossier, external_ids):
    return [root.__objectmap__.object_for(dossier.by_external_id[external_id])
            for external_id in external_ids]


def _plain(html_text):
    return " ".join(html.unescape(re.sub(r"</?mark>", "", html_text)).split())


def _assert_shows_only_its_own_text(hit):
    """Title and snippet of a hit are its document's own (one the person may open)."""
    assert _plain(hit.title_html) == " ".join(hit.document.title.split())
    text = " ".join(hit.document.text.split())
    for passage in _plain(hit.snippet_html).strip("… ").split(" … "):
        assert passage in text


def _assert_facets_count(results, documents):
    """Facets are counts of the documents found and nothing else."""
    def counts(name):
        return {value.value: value.count for value in results.facets[name]}

    def expected(key):
        tally = {}
        for document in documents:
            tally[key(document)] = tally.get(key(document), 0) + 1
        return tally

    assert counts("category") == expected(lambda d: d.category)
    assert counts("type") == expected(lambda d: d.type_code)
    assert counts("author") == expected(lambda d: str(d.author_oid))
    assert counts("year") == expected(lambda d: str(d.care_date.year))


@pytest.mark.parametrize("state, may_find", [("draft", {PSYCHIATRIST_RPPS}), ("deleted", set())])
@pytest.mark.parametrize("login", ROLES[MASKED_PATIENT_NIR])
def test_drafts_and_deleted_documents(site, state, may_find, login):
    """A draft is found by its author alone; a deleted document by nobody: results, counts
    and facets alike."""
    import datetime
    import io

    from dmp_library.resources.services import add_professional_document
    from dmp_library.resources.uploads import receive_upload
    from dmp_library.workflows.services import force_state

    with site.root() as root:
        dossier = root["dossiers"].for_nir(MASKED_PATIENT_NIR)
        upload = receive_upload(io.BytesIO(b"Essai de zorglubine 50 mg\n"), "z.txt", 10 ** 6)
        document = add_professional_document(
            dossier, upload, find_account(root, PSYCHIATRIST_RPPS), site.registry,
            category="ordonnances-soins", type_code="57833-6", title="Ordonnance d'essai",
            care_date=datetime.date(2025, 6, 1))
        if state != "draft":
            force_state(document, state, "test")
    with site.root() as root:
        dossier = root["dossiers"].for_nir(MASKED_PATIENT_NIR)
        access = DossierAccess(dossier, principals(root, login))
        if visible_by_flags(PATIENTS[MASKED_PATIENT_NIR], login) is None:
            with pytest.raises(SearchRefused):
                search(dossier, access, "zorglubine")
            return
        results = search(dossier, access, "zorglubine")
        expected = 1 if login in may_find else 0
        assert [hit.title for hit in results.hits] == ["Ordonnance d'essai"] * expected
        assert results.total == expected
        assert sum(v.count for v in results.facets["category"]) == expected
