"""The ``dmp`` command: subcommands, one-line errors and their exit statuses."""
import json

import pytest

from dmp_library.scripts.dmp import main

from ..conftest import GP_RPPS, OUTSIDER_RPPS, PATIENT_NIR, corpus_documents


def test_ls_json(dmp):
    status, out, _err = dmp("ls", "--as", GP_RPPS, "--dossier", PATIENT_NIR, "--json")
    assert status == 0
    answer = json.loads(out)
    assert answer["dossier"]["nir"] == PATIENT_NIR
    assert len(answer["documents"]) == len(corpus_documents(PATIENT_NIR))
    assert set(answer["documents"][0]) == {"id", "external_id", "title", "category", "type",
                                           "date", "state", "visibility"}


def test_ls_text(dmp):
    status, out, _err = dmp("ls", "--as", PATIENT_NIR, "--dossier", PATIENT_NIR)
    assert status == 0
    assert len(out.strip().splitlines()) == len(corpus_documents(PATIENT_NIR))


@pytest.mark.parametrize("args, status, message", [
    (("ls", "--as", OUTSIDER_RPPS, "--dossier", PATIENT_NIR), 3, "dmp: Accès refusé.\n"),
    (("ls", "--as", "admin", "--dossier", PATIENT_NIR), 3, "dmp: Accès refusé.\n"),
    (("ls", "--as", "10000000000", "--dossier", PATIENT_NIR), 4,
     "dmp: Aucun compte pour cet identifiant.\n"),
    (("ls", "--as", GP_RPPS, "--dossier", "285037511200494"), 4,
     "dmp: Aucun dossier pour ce NIR.\n"),
    (("ls", "--as", GP_RPPS, "--dossier", "16107712701123"), 2,
     "dmp: Un NIR compte 15 caractères (13 + une clé de 2 chiffres) ; vous en avez saisi 14.\n"),
    (("import-corpus", "/nonexistent"), 4, "dmp: Dossier introuvable : /nonexistent\n"),
    (("create-dossier", "--nir", PATIENT_NIR, "--family-name", "Dubreuil", "--given-names", "JM",
      "--birth-date", "1961-07-22", "--sex", "M", "--by", GP_RPPS, "--consent"), 2,
     "dmp: Un dossier existe déjà pour ce numéro de sécurité sociale. Recherchez plutôt le "
     "patient, ou demandez-lui de vous donner accès.\n"),
    (("create-dossier", "--nir", "285037511200494", "--family-name", "Morel", "--given-names",
      "Claire", "--birth-date", "1985-03-14", "--sex", "F", "--by", GP_RPPS), 2,
     "dmp: consent: Le dossier ne peut être créé qu'avec le consentement du patient.\n"),
    (("grant", "--dossier", PATIENT_NIR, "--to", PATIENT_NIR), 4,
     "dmp: Cet identifiant n'est pas celui d'un professionnel de santé.\n"),
])
def test_errors_are_one_line_with_a_status(dmp, args, status, message):
    code, out, err = dmp(*args)
    assert (code, err) == (status, message)
    assert out == ""


def test_usage_errors_exit_2_in_one_line(dmp):
    status, _out, err = dmp("ls", "--as", GP_RPPS)
    assert status == 2
    assert len(err.strip().splitlines()) == 1
    assert "--dossier" in err


def test_missing_config_file(capsys):
    assert main(["-c", "/nonexistent.ini", "ls", "--as", "x", "--dossier", "y"]) == 2
    assert capsys.readouterr().err == "dmp: no configuration file /nonexistent.ini\n"


def test_professional_dossier_grant_token_password(dmp, config):
    status, out, _err = dmp("add-professional", "--rpps", "10000000009", "--family-name",
                            "Petit", "--given-names", "Louise", "--profession", "Cardiologue",
                            "--password-stdin", stdin="un mot de passe sûr\n")
    assert status == 0, out
    status, out, err = dmp("add-professional", "--rpps", "10000000009", "--family-name", "Petit",
                           "--given-names", "Louise", "--profession", "Cardiologue")
    assert (status, err) == (2, "dmp: Un professionnel avec ce numéro RPPS existe déjà.\n")
    assert dmp("ls", "--as", "10000000009", "--dossier", PATIENT_NIR)[0] == 3
    assert dmp("grant", "--dossier", PATIENT_NIR, "--to", "10000000009")[0] == 0
    assert dmp("ls", "--as", "10000000009", "--dossier", PATIENT_NIR)[0] == 0

    status, out, _err = dmp("create-dossier", "--nir", "285037511200494", "--family-name",
                            "Morel", "--given-names", "Claire", "--birth-date", "1985-03-14",
                            "--sex", "F", "--by", "10000000009", "--consent")
    assert status == 0
    assert out.splitlines()[1].startswith("activation code ")
    assert dmp("ls", "--as", "10000000009", "--dossier", "285037511200494", "--json")[0] == 0

    status, token, _err = dmp("token", "--as", "10000000009", "--hours", "2")
    assert status == 0 and token.startswith("dmp_")
    assert dmp("revoke-token", stdin=token)[0] == 0
    assert dmp("revoke-token", stdin="dmp_unknown\n")[0] == 4

    assert dmp("set-password", "10000000009", stdin="court\n")[0] == 2
    assert dmp("set-password", "10000000009", stdin="un nouveau mot de passe\n")[0] == 0


def test_import_is_idempotent(dmp, config):
    """Importing the corpus a second time changes nothing (not even a transaction)."""
    from ZODB.FileStorage import FileStorage

    from dmp_library.demo import DEMO_CORPUS

    data = str(config / "Data.fs")
    before = FileStorage(data, read_only=True)
    last = before.lastTransaction()
    before.close()
    status, out, _err = dmp("import-corpus", DEMO_CORPUS)
    assert status == 0
    assert out == "created: 0 professionals, 0 dossiers, 0 documents\n"
    after = FileStorage(data, read_only=True)
    assert after.lastTransaction() == last
    after.close()


def test_a_database_in_use_is_said_in_one_line(site, config, capsys):
    """A FileStorage opened by a running server cannot be opened by a command too."""
    from dmp_library.scripts.dmp import main as dmp_main

    ini = config.parent / "locked.ini"
    from ..conftest import TESTING_INI

    ini.write_text("[DEFAULT]\ndata_dir = %s\n\n[app:main]\nuse = config:%s#main\n"
                   % (site.data_dir, TESTING_INI))
    assert dmp_main(["-c", str(ini), "ls", "--as", GP_RPPS, "--dossier", PATIENT_NIR]) == 5
    err = capsys.readouterr().err
    assert err.startswith("dmp: the database is in use by a running server") and \
        err.count("\n") == 1
