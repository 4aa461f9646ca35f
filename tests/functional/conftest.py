"""Fixtures for running the ``dmp`` command in-process."""
import io
import shutil

import pytest

from dmp_library.scripts.dmp import main

from ..conftest import TESTING_INI


def _runner(data_dir, tmp_path, capsys):
    """``run(*args, stdin="")`` -> (status, stdout, stderr) of ``dmp -c CONFIG ARGS...``."""
    ini = tmp_path / "cli.ini"
    ini.write_text("[DEFAULT]\ndata_dir = %s\n\n[app:main]\nuse = config:%s#main\n"
                   % (data_dir, TESTING_INI))

    def run(*args, stdin=""):
        stdout = io.StringIO()
        try:
            status = main(["-c", str(ini), *args], stdin=io.StringIO(stdin), stdout=stdout)
        except SystemExit as exit:  # argparse's usage errors
            status = exit.code
        return status, stdout.getvalue(), capsys.readouterr().err
    return run


@pytest.fixture
def config(corpus_template, tmp_path):
    """The data folder of a private copy of the corpus database, for the command."""
    data = tmp_path / "data"
    shutil.copytree(corpus_template, data, ignore=shutil.ignore_patterns("*.lock"))
    return data


@pytest.fixture
def dmp(config, tmp_path, capsys):
    """Run ``dmp`` on a private copy of the corpus database."""
    return _runner(config, tmp_path, capsys)


@pytest.fixture
def dmp_on(tmp_path, capsys):
    """``dmp_on(site)``: run ``dmp`` on a test's own site (its database is closed first)."""
    def on(site):
        site.close()
        return _runner(site.data_dir, tmp_path, capsys)
    return on
