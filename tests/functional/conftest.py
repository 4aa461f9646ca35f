"""Fixtures for running the ``dmp`` command in-process."""
import io
import shutil

import pytest

from dmp_library.scripts.dmp import main

from ..conftest import TESTING_INI


@pytest.fixture
def config(corpus_template, tmp_path):
    """A configuration file pointing at a private copy of the corpus database."""
    data = tmp_path / "data"
    shutil.copytree(corpus_template, data, ignore=shutil.ignore_patterns("*.lock"))
    ini = tmp_path / "cli.ini"
    ini.write_text("[DEFAULT]\ndata_dir = %s\n\n[app:main]\nuse = config:%s#main\n"
                   % (data, TESTING_INI))
    return str(ini)


@pytest.fixture
def dmp(config, capsys):
    """Run ``dmp -c CONFIG ARGS...``; returns (status, stdout, stderr)."""
    def run(*args, stdin=""):
        stdout = io.StringIO()
        try:
            status = main(["-c", config, *args], stdin=io.StringIO(stdin), stdout=stdout)
        except SystemExit as exit:  # argparse's usage errors
            status = exit.code
        return status, stdout.getvalue(), capsys.readouterr().err
    return run
