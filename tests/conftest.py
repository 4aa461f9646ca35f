"""Fixtures: the real application on a real FileStorage in a temporary folder.

The whole development corpus is imported once per session into a template database; each test
that needs it gets its own copy, so tests never see each other's changes.
"""
import html
import json
import shutil
from pathlib import Path

import bcrypt
import pytest

from dmp_library.demo import DEMO_PASSWORD, load_demo
from dmp_library.testing import TESTING_INI, Site  # noqa: F401 -- fixtures' and tests' too

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# People of the corpus the tests talk about (all fictional).
PATIENT_NIR = "161077127011239"          # Jean-Marc Dubreuil, pat-d01
GP_RPPS = "10322316653"                  # Dr Hélène Vasseur, his médecin traitant
SPECIALIST_RPPS = "10722309456"          # Dr Bensalem, cardiologist, authored documents in d01
OUTSIDER_RPPS = "10485771447"            # Dr Larbi, emergency physician, nothing to do with d01
OTHER_PATIENT_NIR = "249046938104536"    # Monique Ferrand, pat-d02
MASKED_PATIENT_NIR = "185064221852303"   # Antoine Royer, pat-d08: psychiatric documents masked
PSYCHIATRIST_RPPS = "10274939288"        # Dr Thibault, author of the masked documents
LAB_RPPS = "10256179150"                 # Dr Carré, biologist with access to d08
HIDDEN_PATIENT_NIR = "266110105321158"   # Martine Garnier, pat-d07: 2 documents hidden from her
ADMIN_LOGIN = "admin"
CORPUS = Path(__file__).resolve().parents[1] / "src" / "dmp_library" / "demo" / "corpus"
ADMIN_PASSWORD = "admin-test-password"


def corpus(name):
    """One of the corpus' JSON files (documents, patients, professionals, queries)."""
    return json.loads((CORPUS / (name + ".json")).read_text(encoding="utf-8"))


def visible_by_flags(patient, login):
    """The corpus ids ``login`` may open in ``patient``'s dossier, from the corpus' flags
    (DESIGN §5), or None when ``login`` may not open the dossier at all."""
    documents = [d for d in corpus("documents") if d["patient_id"] == patient["id"]]
    if login == patient["nir"]:
        return {d["id"] for d in documents if not d["hidden_from_patient"]}
    if login == patient["medecin_traitant_rpps"]:
        return {d["id"] for d in documents}
    if login in {d["author_rpps"] for d in documents}:
        return {d["id"] for d in documents if not d["sensitive"] or d["author_rpps"] == login}
    return None


def corpus_documents(nir):
    """The corpus entries of the documents of the patient with this NIR."""
    patient_id = next(p["id"] for p in corpus("patients") if p["nir"] == nir)
    return [d for d in corpus("documents") if d["patient_id"] == patient_id]


def text(response):
    """A page's HTML with entities resolved, for asserting on the messages people read."""
    return html.unescape(response.text)


def log_in(browser, login, password=DEMO_PASSWORD):
    """Log ``browser`` in through the login form; returns the page it lands on."""
    form = browser.get("/login").forms["form"]
    form["login"] = login
    form["password"] = password
    response = form.submit("submit")
    assert response.status_int == 303, response.text
    return response.follow()


@pytest.fixture(scope="session")
def corpus_template(tmp_path_factory):
    """A database holding the whole corpus with demo passwords, built once per session."""
    path = tmp_path_factory.mktemp("corpus-template")
    site = Site(path)
    with site.root() as root:
        load_demo(root, site.registry, site.settings)
        # Same password, cheaper hash: bcrypt's cost is read from the hash, and 4 rounds keep
        # hundreds of test logins fast without changing what is checked.
        quick = bcrypt.hashpw(DEMO_PASSWORD.encode(), bcrypt.gensalt(4))
        for user in root["principals"]["users"].values():
            if getattr(user, "dmp_kind", None):
                user.password = quick
    site.close()
    return path


def copy_site(template, path):
    """A Site on a private copy of a template database."""
    shutil.copytree(template, path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.lock"))
    return Site(path)


@pytest.fixture
def site(corpus_template, tmp_path):
    """A private copy of the corpus site for one test."""
    site = copy_site(corpus_template, tmp_path / "site")
    yield site
    site.close()


@pytest.fixture
def empty_site(tmp_path):
    """A new site with no data but the host admin."""
    site = Site(tmp_path / "empty")
    yield site
    site.close()


@pytest.fixture
def as_patient(site):
    """A browser logged in as the corpus patient Jean-Marc Dubreuil."""
    browser = site.browser()
    log_in(browser, PATIENT_NIR)
    return browser


@pytest.fixture
def as_gp(site):
    """A browser logged in as Dr Vasseur, his médecin traitant."""
    browser = site.browser()
    log_in(browser, GP_RPPS)
    return browser


@pytest.fixture
def as_outsider(site):
    """A browser logged in as Dr Larbi, who has no access to his dossier."""
    browser = site.browser()
    log_in(browser, OUTSIDER_RPPS)
    return browser


@pytest.fixture
def as_admin(site):
    """A browser logged in as the host's administrator."""
    browser = site.browser()
    log_in(browser, ADMIN_LOGIN, ADMIN_PASSWORD)
    return browser
