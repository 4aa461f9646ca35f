"""Helpers for the tests of the catalog on the corpus site (tests/conftest.py's ``site``)."""
import datetime
import io

import pytest

from dmp_library.resources.services import add_document
from dmp_library.resources.uploads import receive_upload
from dmp_library.security.accounts import find_account, principals_of
from dmp_library.security.policy import DossierAccess

from ...conftest import CORPUS


@pytest.fixture
def root(site):
    """The corpus site's root, in a transaction committed at the end of the test."""
    with site.root() as root:
        yield root


def dossier_of(root, nir):
    return root["dossiers"].for_nir(nir)


def access_of(root, dossier, login):
    """What the person logging in as ``login`` may do in ``dossier``."""
    return DossierAccess(dossier, principals_of(find_account(root, login)))


def file_document(site, root, dossier, login, content, filename="cr.txt", title="Compte rendu",
                  category="biologie", type_code="11502-2",
                  care_date=datetime.date(2024, 3, 1)):
    """File ``content`` (bytes) in ``dossier`` as ``login``, as an upload does."""
    upload = receive_upload(io.BytesIO(content), filename, 10 * 1024 * 1024)
    try:
        return add_document(dossier[category], upload, find_account(root, login), site.registry,
                            title=title, type_code=type_code, care_date=care_date)
    finally:
        upload.close()


def scanned_pdf(name="doc-d08-14.pdf"):
    """A corpus PDF with no text layer (doc-d08-14: the PHQ-9 questionnaire)."""
    return (CORPUS / "documents" / name).read_bytes()
