"""The host's administrator manages accounts in the SDI and gets 403 on every dossier URL,
whatever the ACLs above the dossiers say and whatever groups the SDI puts them in."""
import pytest
from pyramid.security import ALL_PERMISSIONS, Allow
from pyramid.traversal import resource_path
from substanced.util import get_oid, set_acl

from dmp_library.resources.services import create_summary
from dmp_library.security.accounts import find_account
from dmp_library.workflows.services import force_state

from ...conftest import ADMIN_LOGIN, ADMIN_PASSWORD, GP_RPPS, PATIENT_NIR, log_in


@pytest.fixture
def urls(site):
    """One URL of each kind on Jean-Marc Dubreuil's dossier."""
    with site.root() as root:
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        document = root.__objectmap__.object_for(dossier.by_external_id["doc-d01-07"])
        summary = create_summary(dossier, {"allergies": "Aucune"},
                                 find_account(root, GP_RPPS), site.registry)
        force_state(summary, "published", "test")
        base, doc, item = resource_path(dossier), resource_path(document), \
            resource_path(summary)
        api, doc_id = "/api/v1/dossiers/" + dossier.__name__, str(get_oid(document))
    return {
        "dossier": base + "/", "folder": base + "/biologie/", "document": doc + "/",
        "download": doc + "/download", "summary": item + "/", "summaries": base + "/summaries",
        "search": base + "/search?q=glycémie", "journal": base + "/journal",
        "journal csv": base + "/journal.csv", "access page": base + "/access",
        "export": base + "/export", "sdi dossier": "/manage" + base + "/@@contents",
        "sdi folder": "/manage" + base + "/biologie/@@contents",
        "api dossier": api, "api documents": api + "/documents", "api summary": api + "/summary",
        "api document": "/api/v1/documents/" + doc_id,
        "api file": "/api/v1/documents/%s/file" % doc_id,
        "api workflow": "/api/v1/documents/%s/workflow" % doc_id,
        "api visibility": "/api/v1/documents/%s/visibility" % doc_id,
        "api journal": api + "/journal", "api grants": api + "/grants",
        "api blocks": api + "/blocks", "api consents": api + "/consents",
        "api emergency": api + "/emergency",
    }


def admin_gets_403_everywhere(site, urls):
    browser = site.browser()
    log_in(browser, ADMIN_LOGIN, ADMIN_PASSWORD)
    for kind, url in urls.items():
        answer = browser.get(url, status="*")
        assert answer.status_int == 403, (kind, answer.status)
        assert "DUBREUIL" not in answer.text and "Dubreuil" not in answer.text, kind
    with site.root() as root:
        token = root.api_tokens.issue(find_account(root, ADMIN_LOGIN), 1)
    for kind, url in urls.items():
        if kind.startswith("api"):
            answer = site.browser().get(url, headers={"Authorization": "Bearer " + token},
                                        status="*")
            assert answer.status_int == 403, (kind, "token")


def test_every_url_kind(site, urls):
    admin_gets_403_everywhere(site, urls)
    browser = site.browser()
    log_in(browser, ADMIN_LOGIN, ADMIN_PASSWORD)
    assert browser.get("/manage/principals/users/@@contents").status_int == 200


def test_whatever_the_sdi_shows_above_the_dossiers(site, urls):
    """Give the administrators ALL_PERMISSIONS on the dossiers container and make them
    professionals and patients: the dossiers still answer 403."""
    with site.root() as root:
        admins = get_oid(root["principals"]["groups"]["admins"])
        set_acl(root["dossiers"], [(Allow, admins, ALL_PERMISSIONS)])
        set_acl(root, [(Allow, admins, ALL_PERMISSIONS)] + list(root.__acl__))
        admin = find_account(root, ADMIN_LOGIN)
        for group in ("professionals", "patients"):
            root["principals"]["groups"][group].memberids.connect([admin])
    admin_gets_403_everywhere(site, urls)
