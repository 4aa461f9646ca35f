"""Several application servers on one PostgreSQL database (RelStorage, config/postgresql.ini as
shipped): what one files the other lists and finds at once; concurrent uploads through both to
one dossier; one of them killed with ``kill -9`` during uploads; the OCR queue read once by the
workers of both (DESIGN §10, §11). Each server has a folder of its own, as on two machines.

Needs a PostgreSQL server, which .ci/run starts: DMP_TEST_POSTGRESQL=1 and libpq's variables
(PGHOST, PGPORT, PGUSER, PGPASSWORD) naming a role that may create databases.
"""
import json
import os
import re
import secrets
import shutil
import subprocess
import threading

import psycopg2
import pytest

from dmp_library.testing import ApiClient, ServerProcess

from ...conftest import GP_RPPS, PATIENT_NIR, REPO
from ..test_operations import run_dmp
from .test_uploads_are_never_lost import assert_read_back, upload_concurrently

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.environ.get("DMP_TEST_POSTGRESQL"),
                       reason="needs a PostgreSQL server: .ci/run starts one"),
]

PRODUCTION_SECRETS = {"DMP_AUTH_SECRET": "a" * 40, "DMP_SESSION_SECRET": "b" * 40,
                      "DMP_ADMIN_PASSWORD": "production-admin-password"}
NO_OCR = {"dmp.ocr_worker": "false"}


def administer(statement):
    connection = psycopg2.connect(dbname="postgres")
    connection.autocommit = True  # CREATE and DROP DATABASE run outside transactions
    try:
        connection.cursor().execute(statement)
    finally:
        connection.close()


@pytest.fixture(scope="module")
def database():
    """A new PostgreSQL database for this module, dropped at the end."""
    name = "dmp_test_" + secrets.token_hex(4)
    administer("CREATE DATABASE %s" % name)
    yield name
    administer("DROP DATABASE %s WITH (FORCE)" % name)


def machine(root):
    """A folder standing for one machine: the shipped configuration, local files in var/."""
    (root / "config").mkdir(parents=True)
    for name in ("postgresql.ini", "production.ini"):
        shutil.copy(REPO / "config" / name, root / "config")
    return root / "config" / "postgresql.ini"


@pytest.fixture(scope="module")
def deployment(database, tmp_path_factory):
    """The demo data loaded with ``dmp`` into the database; the environment set for this
    process (``dmp``) and the servers: (environment, config of machine A, of machine B)."""
    base = tmp_path_factory.mktemp("postgresql")
    environment = dict(PRODUCTION_SECRETS, PGDATABASE=database)
    with pytest.MonkeyPatch.context() as patch:
        for key, value in environment.items():
            patch.setenv(key, value)
        first, second = machine(base / "a"), machine(base / "b")
        assert run_dmp(first, "load-demo")[0] == 0
        yield environment, first, second


def server(deployment, config, settings=NO_OCR):
    environment, _first, _second = deployment
    return ServerProcess(config.parent.parent / "var", config=config, settings=settings,
                         env=environment)


@pytest.fixture(scope="module")
def servers(deployment):
    """Two application servers on the database, one per machine, without OCR."""
    _environment, first, second = deployment
    a, b = server(deployment, first).start(), server(deployment, second).start()
    yield a, b
    a.stop()
    b.stop()


@pytest.fixture(scope="module")
def token(deployment):
    status, out = run_dmp(deployment[1], "token", "--as", GP_RPPS)
    assert status == 0
    return out.strip()


@pytest.fixture(scope="module")
def dossier_id(deployment):
    status, out = run_dmp(deployment[1], "ls", "--as", GP_RPPS, "--dossier", PATIENT_NIR,
                          "--json")
    return json.loads(out)["dossier"]["id"]


def test_what_one_server_files_the_other_lists_and_finds_at_once(servers, token, dossier_id):
    for writer, reader in (servers, reversed(servers)):
        writer, reader = ApiClient(writer.url, token), ApiClient(reader.url, token)
        word = "repere" + secrets.token_hex(4)
        filed = writer.upload(dossier_id, ("Échographie de contrôle, %s.\n" % word).encode(),
                              "Échographie %s" % word, category="imagerie",
                              type_code="18748-4")
        assert filed.status_code == 201
        listed = reader.get("/api/v1/dossiers/%s/documents" % dossier_id).json()["documents"]
        assert filed.json()["id"] in {d["id"] for d in listed}
        found = reader.get("/api/v1/dossiers/%s/search" % dossier_id, q=word).json()
        assert [hit["id"] for hit in found["hits"]] == [filed.json()["id"]]


class Spread:
    """An API client that sends each writer's requests to one server of several."""

    def __init__(self, clients):
        self.clients, self.local = clients, threading.local()

    def upload(self, *args, **kwargs):
        if not hasattr(self.local, "client"):
            self.local.client = self.clients[threading.get_ident() % len(self.clients)]
        return self.local.client.upload(*args, **kwargs)


def test_concurrent_uploads_through_both_servers_to_one_dossier(servers, token, dossier_id,
                                                               deployment):
    """Eight writers through both servers, while ``dmp pack`` runs beside them."""
    a, b = (ApiClient(s.url, token) for s in servers)
    outcomes = []
    writers = threading.Thread(target=upload_concurrently, args=(Spread([a, b]), dossier_id),
                               kwargs={"writers": 8, "each": 5, "outcomes": outcomes})
    writers.start()
    assert run_dmp(deployment[1], "pack", "--days", "0")[0] == 0
    writers.join(timeout=600)
    assert [status for status, _d, _s in outcomes] == [201] * 40, outcomes[:3]
    assert_read_back(a, outcomes)
    assert_read_back(b, outcomes)
    status, out = run_dmp(deployment[1], "check")
    assert status == 0 and out.count(" OK (") == 10, out


def test_a_server_killed_during_uploads_loses_no_acknowledged_document(servers, token,
                                                                       dossier_id, deployment):
    a, b = servers
    stop, outcomes = threading.Event(), []
    writers = threading.Thread(target=upload_concurrently, args=(
        Spread([ApiClient(a.url, token), ApiClient(b.url, token)]), dossier_id),
        kwargs={"each": 1000, "stop": stop, "outcomes": outcomes})
    writers.start()
    while writers.is_alive() and sum(1 for o in outcomes if o[0] == 201) < 24:
        stop.wait(0.1)
    a.kill()
    # The writers on the other server go on a little, then everyone stops.
    survivor_acks = sum(1 for o in outcomes if o[0] == 201) + 8
    while writers.is_alive() and sum(1 for o in outcomes if o[0] == 201) < survivor_acks:
        stop.wait(0.1)
    stop.set()
    writers.join(timeout=600)
    assert "no answer" in {status for status, _d, _s in outcomes}
    assert set(status for status, _d, _s in outcomes) <= {201, "no answer"}
    assert_read_back(ApiClient(b.url, token), outcomes)
    a.start()
    assert_read_back(ApiClient(a.url, token), outcomes)
    status, out = run_dmp(deployment[1], "check")
    assert status == 0 and out.count(" OK (") == 10, out


def test_pg_dump_while_serving_restores_everything_blobs_included(servers, deployment,
                                                                   tmp_path, monkeypatch):
    """The README's PostgreSQL backup: pg_dump beside the servers, pg_restore into a new
    database; a new machine (empty blob cache) checks every file of the copy."""
    dump, restored = tmp_path / "dmp.dump", "dmp_test_" + secrets.token_hex(4)
    subprocess.run(["pg_dump", "-Fc", "-f", dump, deployment[0]["PGDATABASE"]],  # noqa: S603, S607 -- PostgreSQL client
                   check=True)
    administer("CREATE DATABASE %s" % restored)
    try:
        subprocess.run(["pg_restore", "--no-owner", "-d", restored, dump],  # noqa: S603, S607 -- PostgreSQL client
                       check=True)
        monkeypatch.setenv("PGDATABASE", restored)
        status, out = run_dmp(machine(tmp_path / "elsewhere"), "check")
        assert status == 0 and out.count(" OK (") == 10, out
    finally:
        administer("DROP DATABASE %s WITH (FORCE)" % restored)


def ocr_done(readers):
    """{document oid: [server URL, ...]} from the servers' logs."""
    done = {}
    for reader in readers:
        for oid in re.findall(r"OCR of document (-?\d+) done", reader.log.read_text()):
            done.setdefault(oid, []).append(reader.url)
    return done


def test_the_ocr_queue_is_read_once_by_the_workers_of_both_servers(deployment):
    """The corpus' 8 scans wait in the queue; both servers' workers read it: every scan is
    recognised, each by one worker only (their logs say which), and becomes searchable."""
    _environment, first, second = deployment
    ocr = {"dmp.ocr_worker": "true"}
    readers = [server(deployment, first, ocr), server(deployment, second, ocr)]
    for reader in readers:
        reader.start()  # its first request starts its worker
    try:
        waited = 0
        while len(ocr_done(readers)) < 8 and waited < 600:
            threading.Event().wait(1)
            waited += 1
    finally:
        for reader in readers:
            reader.stop()
    done = ocr_done(readers)
    assert len(done) == 8 and all(len(urls) == 1 for urls in done.values()), done
    status, out = run_dmp(first, "search", "--as", GP_RPPS, "--dossier", PATIENT_NIR, "--json",
                          "polydipsique")  # only the scan of doc-d01-12 says it
    assert status == 0 and json.loads(out)["total"] == 1
