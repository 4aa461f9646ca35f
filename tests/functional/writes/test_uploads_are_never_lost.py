"""No acknowledged upload is ever lost (DESIGN §11): concurrent writers to one dossier that
conflict, a conflict forced on a request's first attempt, a server killed with ``kill -9``;
every document answered 201 is then read back with its SHA-256."""
import hashlib
import threading
import uuid

import pytest
import requests
import transaction
from pyramid.interfaces import IContextFound
from webtest import Upload

from dmp_library.journal.log import journal_of
from dmp_library.search.catalog import catalog_of
from dmp_library.search.services import index_problems
from dmp_library.security.accounts import find_account
from dmp_library.testing import ApiClient, ServerProcess, served

from ...conftest import GP_RPPS, PATIENT_NIR, log_in


def token_for(site, login):
    with site.root() as root:
        return root.api_tokens.issue(find_account(root, login), 2)


def report(writer, number):
    """A small text document, unique to its writer and number."""
    line = "Compte rendu %d-%d, glycémie 1,%02d g/L %s\n" % (writer, number, number,
                                                             uuid.uuid4().hex)
    return (line * 20).encode()


def upload_concurrently(client, dossier_id, writers=8, each=6, stop=None, outcomes=None):
    """``writers`` threads upload ``each`` documents (or until ``stop`` is set) to one
    dossier; returns ``outcomes``, filled as answers come: (status or "no answer",
    description when 201, SHA-256 sent)."""
    outcomes = [] if outcomes is None else outcomes
    lock = threading.Lock()

    def write(writer):
        for number in range(each):
            if stop is not None and stop.is_set():
                return
            content = report(writer, number)
            try:
                response = client.upload(dossier_id, content, "Envoi %d-%d"
                                         % (writer, number))
                status = response.status_code
                description = response.json() if status == 201 else response.text
            except requests.ConnectionError:  # the server was killed meanwhile
                status, description = "no answer", None
            with lock:
                outcomes.append((status, description, hashlib.sha256(content).hexdigest()))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return outcomes


def assert_read_back(client, outcomes):
    """Every acknowledged document is listed once and downloads with the SHA-256 sent."""
    acknowledged = [(description, sha256) for status, description, sha256 in outcomes
                    if status == 201]
    for description, sha256 in acknowledged:
        assert description["sha256"] == sha256
        response = client.download(description["id"])
        assert response.status_code == 200, response.text[:200]
        assert hashlib.sha256(response.content).hexdigest() == sha256
    return acknowledged


def assert_dossier_consistent(site):
    with site.root() as root:
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        assert index_problems(dossier) == []
        assert journal_of(dossier).verify() is None


@pytest.mark.slow
def test_concurrent_uploads_to_one_dossier_are_all_stored(site):
    """Eight writers to one dossier conflict all the time: each upload is retried until it is
    stored (201, never a false "empty file" nor a 500) and every file reads back whole."""
    client_token = token_for(site, GP_RPPS)
    dossier_id = site.dossier_id(PATIENT_NIR)
    with served(site.app, threads=8) as base:
        client = ApiClient(base, client_token)
        outcomes = upload_concurrently(client, dossier_id)
        assert [status for status, _d, _s in outcomes] == [201] * 48, outcomes[:3]
        acknowledged = assert_read_back(client, outcomes)
        titles = [d["title"] for d in client.get(
            "/api/v1/dossiers/%s/documents" % dossier_id).json()["documents"]]
    assert sorted(t for t in titles if t.startswith("Envoi ")) == sorted(
        description["title"] for description, _sha in acknowledged)
    assert_dossier_consistent(site)


class ConflictOnFirstAttempt:
    """Once armed, commits a write to the dossier's search index from another connection (as
    another upload to the dossier would) while the next request's first attempt is under way,
    so that its commit fails with a real ConflictError. ``forced`` counts the conflicts made,
    ``attempts`` the attempts seen since armed."""

    def __init__(self, site, dossier_oid):
        self.site, self.dossier_oid, self.forced, self.attempts = site, dossier_oid, 0, None
        self.armed = self.always = False

    def arm(self):
        self.armed, self.attempts = True, []

    def __call__(self, event):
        attempt = event.request.environ.get("retry.attempt")
        if self.attempts is not None:
            self.attempts.append(attempt)
        if not self.always and (not self.armed or attempt):
            return
        self.armed = False
        manager = transaction.TransactionManager()
        connection = self.site.db.open(transaction_manager=manager)
        try:
            catalog_of(connection.get(self.dossier_oid)).directory.version += 1
            manager.commit()
        finally:
            connection.close()
        self.forced += 1


@pytest.fixture
def conflict_on_first_attempt(site):
    with site.root() as root:
        dossier_oid = root["dossiers"].for_nir(PATIENT_NIR)._p_oid
    forcing = ConflictOnFirstAttempt(site, dossier_oid)
    site.registry.registerHandler(forcing, (IContextFound,))
    yield forcing
    site.registry.unregisterHandler(forcing, (IContextFound,))


def stored_with_title(site, title):
    with site.root() as root:
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        found = [d for folder in dossier.folders() for d in folder.values()
                 if getattr(d, "title", None) == title]
        return [(d.size, d.sha256, d.open().read()) for d in found]


def test_retried_api_upload_is_stored_once_with_its_bytes(site, conflict_on_first_attempt):
    """The retry after a ConflictError reads the multipart body again from its start."""
    content = report(1, 1)
    token = token_for(site, GP_RPPS)
    conflict_on_first_attempt.arm()
    response = site.browser().post(
        "/api/v1/dossiers/%s/documents" % site.dossier_id(PATIENT_NIR),
        {"category": "biologie", "type_code": "11502-2", "title": "Rejoué",
         "care_date": "2024-03-01"},
        upload_files=[("file", "cr.txt", content)],
        headers={"Authorization": "Bearer " + token})
    assert conflict_on_first_attempt.forced == 1
    assert conflict_on_first_attempt.attempts == [0, 1]  # it was retried
    assert response.status_int == 201
    assert stored_with_title(site, "Rejoué") == [
        (len(content), hashlib.sha256(content).hexdigest(), content)]
    assert_dossier_consistent(site)


def test_retried_form_upload_is_stored_once_with_its_bytes(site, conflict_on_first_attempt):
    browser = site.browser()
    log_in(browser, GP_RPPS)
    form = browser.get("/dossiers/%s/add-document" % site.dossier_id(PATIENT_NIR)).forms[
        "upload-form"]
    content = report(2, 2)
    form["category"], form["type_code"] = "biologie", "11502-2"
    form["title"], form["care_date"] = "Rejoué au formulaire", "2024-03-01"
    form["upload"] = Upload("cr.txt", content)
    conflict_on_first_attempt.arm()
    assert form.submit("submit").status_int == 303
    assert conflict_on_first_attempt.forced == 1
    assert conflict_on_first_attempt.attempts[:2] == [0, 1]  # retried (then the redirect)
    assert stored_with_title(site, "Rejoué au formulaire") == [
        (len(content), hashlib.sha256(content).hexdigest(), content)]


@pytest.mark.slow
def test_server_killed_during_uploads_loses_no_acknowledged_document(site, dmp_on):
    """``kill -9`` of the server while eight writers upload: after a restart, every document
    it answered 201 for is there, whole; ``dmp check`` finds the database sound."""
    client_token = token_for(site, GP_RPPS)
    dossier_id = site.dossier_id(PATIENT_NIR)
    site.close()
    server = ServerProcess(site.data_dir).start()
    client = ApiClient(server.url, client_token)
    stop, outcomes = threading.Event(), []
    writers = threading.Thread(target=upload_concurrently, args=(client, dossier_id),
                               kwargs={"each": 1000, "stop": stop, "outcomes": outcomes})
    writers.start()
    while writers.is_alive() and sum(1 for o in outcomes if o[0] == 201) < 24:
        stop.wait(0.1)
    server.kill()  # in the middle of uploads and their commits
    stop.set()
    writers.join(timeout=600)
    with ServerProcess(site.data_dir) as restarted:
        acknowledged = assert_read_back(ApiClient(restarted.url, client_token), outcomes)
    assert acknowledged and "no answer" in {status for status, _d, _s in outcomes}
    status, out, _err = dmp_on(site)("check")
    assert status == 0, out


def test_a_dossier_too_busy_to_take_an_upload_says_so(site, conflict_on_first_attempt,
                                                       monkeypatch):
    """When every attempt conflicts, the answer is 503 with Retry-After, and nothing is
    stored (never a 500, never a false 201)."""
    monkeypatch.setattr("dmp_library.views.retries.MAX_PAUSE_SECONDS", 0)
    conflict_on_first_attempt.always = True
    response = site.browser().post(
        "/api/v1/dossiers/%s/documents" % site.dossier_id(PATIENT_NIR),
        {"category": "biologie", "type_code": "11502-2", "title": "Trop tard",
         "care_date": "2024-03-01"}, upload_files=[("file", "cr.txt", report(3, 3))],
        headers={"Authorization": "Bearer " + token_for(site, GP_RPPS)}, status=503)
    assert response.headers["Retry-After"] == "5"
    assert "rien n'a été enregistré" in response.json["error"]
    assert conflict_on_first_attempt.forced == int(site.settings["retry.attempts"])
    conflict_on_first_attempt.always = False
    assert stored_with_title(site, "Trop tard") == []
