"""Operating the database: backup and restore, ``dmp check``, ``dmp pack``, ZEO (DESIGN §10)."""
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from substanced.util import get_oid

from dmp_library.scripts.dmp import main as dmp_main
from dmp_library.search.catalog import catalog_of
from dmp_library.testing import ApiClient, ServerProcess

from ..conftest import GP_RPPS, PATIENT_NIR, REPO, Site

BIN = Path(sys.executable).parent


def run_dmp(config, *args, stdin=""):
    """``dmp -c CONFIG ARGS...`` in this process: (status, stdout)."""
    stdout = io.StringIO()
    status = dmp_main(["-c", str(config), *args], stdin=io.StringIO(stdin), stdout=stdout)
    return status, stdout.getvalue()


def a_document_oid(site):
    with site.root() as root:
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        return next(iter(dossier["biologie"].values()))._p_oid


def test_check_finds_a_missing_file_a_broken_index_and_a_broken_journal(site, dmp_on):
    """``dmp check`` says OK for a sound database, and names what is wrong otherwise (by
    dossier and document id, never with patient data), exit status 1."""
    with site.root() as root:
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        biologie = list(dossier["biologie"].values())
        lost, unindexed = biologie[0], biologie[1]
        lost_file = Path(lost.blob.committed())
        catalog_of(dossier).documents.pop(get_oid(unindexed))
        journal = dossier.journal
        journal.append(action="view")
        journal.last.entry = dict(journal.last.entry, detail="changed")
        dossier_id, lost_oid = dossier.__name__, get_oid(lost)
        altered = journal.count
    lost_file.unlink()
    status, out, err = dmp_on(site)("check")
    assert status == 1 and "1 dossier(s) en défaut" in err
    mine = [line for line in out.splitlines() if line.startswith(dossier_id)]
    assert mine == ["%s document %d: file missing" % (dossier_id, lost_oid),
                    "%s the index and its list of documents differ" % dossier_id,
                    "%s journal broken at entry %d (altered)" % (dossier_id, altered)]
    others = [line for line in out.splitlines() if not line.startswith(dossier_id)]
    assert others and all(line.endswith("journal entries)") and " OK (" in line
                          for line in others)
    assert "Dubreuil" not in out and PATIENT_NIR not in out


def test_backup_then_restore_with_repozo_and_the_blobs(site, tmp_path):
    """The README's procedure: repozo, then the blob folder; the restored copy checks OK and
    serves the same files."""
    oid = a_document_oid(site)
    with site.root() as root:
        original = root._p_jar.get(oid).open().read()
    site.close()
    backups = tmp_path / "backups"
    (backups / "repozo").mkdir(parents=True)
    subprocess.run([BIN / "repozo", "-B", "-r", backups / "repozo", "-f",  # noqa: S603
                    site.data_dir / "Data.fs"], check=True)
    shutil.copytree(site.data_dir / "blobs", backups / "blobs")

    restored = tmp_path / "restored"
    restored.mkdir()
    subprocess.run([BIN / "repozo", "-R", "-r", backups / "repozo", "-o",  # noqa: S603
                    restored / "Data.fs"], check=True)
    shutil.copytree(backups / "blobs", restored / "blobs")
    ini = tmp_path / "restored.ini"
    ini.write_text("[DEFAULT]\ndata_dir = %s\n\n[app:main]\nuse = config:%s#main\n"
                   % (restored, REPO / "config" / "testing.ini"))
    status, out = run_dmp(ini, "check")
    assert status == 0 and out.count(" OK (") == 10
    copy = Site(restored)
    try:
        with copy.root() as root:
            assert root._p_jar.get(oid).open().read() == original
    finally:
        copy.close()


def test_pack_keeps_the_present_and_drops_the_past(site, as_gp, dmp_on):
    for _i in range(20):
        as_gp.get("/dossiers/%s/" % site.dossier_id(PATIENT_NIR))
    size = os.path.getsize(site.data_dir / "Data.fs")
    run = dmp_on(site)
    assert run("pack", "--days", "-1")[0] == 2
    status, out, _err = run("pack", "--days", "0")
    assert status == 0 and "0 jour(s)" in out
    assert os.path.getsize(site.data_dir / "Data.fs") < size
    status, out, _err = run("check")
    assert status == 0 and out.count(" OK (") == 10


def test_dmp_makes_the_data_folder_and_leaves_no_temporary_file(tmp_path, capsys):
    data = tmp_path / "new" / "var"
    ini = tmp_path / "fresh.ini"
    ini.write_text("[DEFAULT]\ndata_dir = %s\n\n[app:main]\nuse = config:%s#main\n"
                   % (data, REPO / "config" / "testing.ini"))
    status, out = run_dmp(ini, "check")
    assert status == 0
    assert sorted(p.name for p in data.iterdir()) == [
        "Data.fs", "Data.fs.index", "Data.fs.lock", "blobs", "tmp"]


@pytest.fixture
def zeo_project(corpus_template, tmp_path):
    """The project's ZEO set-up as shipped (development.ini, config/zeo.ini, config/zeo.conf),
    in a folder of its own, on a copy of the corpus database."""
    project = tmp_path / "project"
    (project / "config").mkdir(parents=True)
    shutil.copy(REPO / "development.ini", project)
    shutil.copy(REPO / "config" / "zeo.ini", project / "config")
    shutil.copytree(corpus_template, project / "var", ignore=shutil.ignore_patterns("*.lock"))
    zeo = subprocess.Popen([BIN / "runzeo", "-C", REPO / "config" / "zeo.conf"],  # noqa: S603
                           env=dict(os.environ, DMP_DATA_DIR=str(project / "var")))
    try:
        deadline = time.monotonic() + 30
        while not (project / "var" / "zeo.sock").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        yield project
    finally:
        zeo.terminate()
        zeo.wait(timeout=30)


@pytest.mark.slow
def test_zeo_serves_several_processes_and_dmp_beside_them(zeo_project):
    """Through ZEO an application server runs, and ``dmp`` beside it: a token, uploads while
    ``dmp pack`` runs, then ``dmp check``; nothing acknowledged is lost."""
    config = zeo_project / "config" / "zeo.ini"
    status, token = run_dmp(config, "token", "--as", GP_RPPS)
    assert status == 0
    with ServerProcess(zeo_project / "var", config=config,
                       settings={"dmp.ocr_worker": "false"}) as server:
        client = ApiClient(server.url, token.strip())
        status, listing = run_dmp(config, "ls", "--as", GP_RPPS, "--dossier", PATIENT_NIR,
                                  "--json")
        assert status == 0
        dossier_id = json.loads(listing)["dossier"]["id"]
        documents = []

        def upload():
            for number in range(10):
                content = ("Compte rendu %d transmis par ZEO\n" % number).encode() * 10
                response = client.upload(dossier_id, content, "ZEO %d" % number)
                documents.append((response.status_code, response.json(),
                                  hashlib.sha256(content).hexdigest()))

        uploader = threading.Thread(target=upload)
        uploader.start()
        assert run_dmp(config, "pack", "--days", "0")[0] == 0
        uploader.join(timeout=300)
        assert [status for status, _d, _s in documents] == [201] * 10
        for _status, description, sha256 in documents:
            assert hashlib.sha256(client.download(description["id"]).content).hexdigest() \
                == sha256
        status, out = run_dmp(config, "check")
        assert status == 0 and out.count(" OK (") == 10

