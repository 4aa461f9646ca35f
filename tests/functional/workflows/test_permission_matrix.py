"""Every document and GP summary state x role x action, through the JSON API.

The expectations below are the policy written out by hand (not read from the workflow
tables), so that a change of the tables that changes who may do what makes this test fail.
"""
import io

import pytest

from dmp_library.resources.services import add_professional_document, create_summary
from dmp_library.resources.uploads import receive_upload
from dmp_library.security.accounts import find_account
from dmp_library.workflows.services import force_state

from ...conftest import PATIENT_NIR
from .conftest import AUTHOR_RPPS, ROLES, VALIDATOR_RPPS

READERS = {"patient", "medecin_traitant", "authorised", "author"}

# state -> (who may view/download, {action: who may do it})
DOCUMENT_POLICY = {
    "draft": ({"author"}, {"validate": {"author"}, "delete": {"author"}, "edit": {"author"}}),
    "draft_for_validator": ({"author"}, {"submit": {"author"}, "delete": {"author"},
                                        "edit": {"author"}}),
    "pending": ({"author", "validator"}, {"validate": {"validator"}, "reject": {"validator"}}),
    "rejected": ({"author", "validator"}, {"submit": {"author"}, "delete": {"author"},
                                           "edit": {"author"}}),
    "validated": (READERS, {"archive": {"patient", "medecin_traitant", "author"},
                            "replace": {"author"}, "delete": {"author"}}),
    "superseded": (READERS, {}),
    "archived": (READERS, {"unarchive": {"patient", "medecin_traitant", "author"},
                           "delete": {"author"}}),
    "deleted": (set(), {}),
}
SUMMARY_POLICY = {
    # drafted by the médecin traitant herself: she publishes directly
    "draft_by_medecin_traitant": ({"medecin_traitant"}, {"publish": {"medecin_traitant"},
                                                        "delete": {"medecin_traitant"},
                                                        "edit": {"medecin_traitant"}}),
    # drafted by another professional: he submits it for review
    "draft": ({"author"}, {"submit": {"author"}, "delete": {"author"}, "edit": {"author"}}),
    "pending_review": ({"author", "medecin_traitant"}, {"publish": {"medecin_traitant"},
                                                       "reject": {"medecin_traitant"}}),
    "rejected": ({"author", "medecin_traitant"}, {"submit": {"author"}, "delete": {"author"},
                                                  "edit": {"author"}}),
    "published": (READERS, {}),
    "superseded": (READERS, {}),
    "deleted": (set(), {}),
}
ACTIONS = ("submit", "validate", "reject", "publish", "replace", "archive", "unarchive",
           "delete", "edit")


def make_document(site, state):
    with site.root() as root:
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        upload = receive_upload(io.BytesIO(b"Holter ECG: normal\n"), "holter.txt", 10 ** 6)
        document = add_professional_document(
            dossier, upload, find_account(root, AUTHOR_RPPS), site.registry,
            category="comptes-rendus", type_code="11488-4", title="Holter ECG",
            care_date=__import__("datetime").date(2025, 3, 1),
            validator_oid=root.__objectmap__.objectid_for(find_account(root, VALIDATOR_RPPS))
            if state in ("draft_for_validator", "pending", "rejected") else None)
        if state not in ("draft", "draft_for_validator"):
            force_state(document, state, "test")
        return str(document.__oid__)


def make_summary(site, state):
    with site.root() as root:
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        author = "10322316653" if state == "draft_by_medecin_traitant" else AUTHOR_RPPS
        summary = create_summary(dossier, {"allergies": "Pénicilline"},
                                 find_account(root, author), site.registry)
        if not state.startswith("draft"):
            force_state(summary, state, "test")
        return str(summary.__oid__)


def check(site, tokens, item_id, readers, actions, listed_in=None):
    browser = site.browser()
    for role, headers in tokens.items():
        expected_read = role in readers
        workflow = browser.get("/api/v1/documents/%s/workflow" % item_id, headers=headers,
                               status="*")
        refused = 401 if role == "anonymous" else 403
        assert workflow.status_int == (200 if expected_read else refused), (role, workflow)
        allowed = set(workflow.json["transitions"]) if expected_read else set()
        if expected_read:
            edit = browser.put_json("/api/v1/documents/%s" % item_id, {}, headers=headers,
                                    status="*").status_int
            allowed |= {"edit"} if edit == 200 else set()
        for action in ACTIONS:
            assert (action in allowed) == (role in actions.get(action, ())), (role, action)
        if listed_in is not None:
            listed_in(browser, role, headers, expected_read)


@pytest.mark.parametrize("state", DOCUMENT_POLICY)
def test_documents(site, tokens, state):
    readers, actions = DOCUMENT_POLICY[state]
    item_id = make_document(site, state)
    dossier_id = site.dossier_id(PATIENT_NIR)

    def listed_in(browser, role, headers, may_read):
        for archived in ("0", "1"):
            listing = browser.get("/api/v1/dossiers/%s/documents?archived=%s"
                                  % (dossier_id, archived), headers=headers, status="*")
            ids = {d["id"] for d in listing.json.get("documents", [])}
            # A designated validator sees the document, not the rest of the dossier.
            shown = may_read and role in READERS and (state != "archived" or archived == "1")
            assert (item_id in ids) == shown, (role, archived)
        download = browser.get("/api/v1/documents/%s/file" % item_id, headers=headers,
                               status="*")
        assert (download.status_int == 200) == may_read, role

    check(site, tokens, item_id, readers, actions, listed_in)


@pytest.mark.parametrize("state", SUMMARY_POLICY)
def test_gp_summaries(site, tokens, state):
    readers, actions = SUMMARY_POLICY[state]
    if state == "draft_by_medecin_traitant":
        readers = {"medecin_traitant"}
    item_id = make_summary(site, state)
    check(site, tokens, item_id, readers, actions)


def test_the_matrix_covers_every_state_and_transition():
    """A new state or transition must be added to the policy above."""
    from dmp_library.workflows import document_lifecycle, summary_review

    assert set(document_lifecycle.STATES) <= set(DOCUMENT_POLICY)
    assert set(summary_review.STATES) <= set(SUMMARY_POLICY)
    names = {t[0] for t in document_lifecycle.TRANSITIONS + summary_review.TRANSITIONS}
    assert names - {"supersede"} <= set(ACTIONS)
    assert set(ROLES) == READERS | {"validator", "other_professional", "host_admin",
                                    "anonymous"}
