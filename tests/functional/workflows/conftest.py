"""Fixtures for the workflow tests: the people of a dossier, each with an API token."""
import pytest

from dmp_library.demo import DEMO_PASSWORD
from dmp_library.resources.corpus import add_professional
from dmp_library.security.accounts import find_account

from ...conftest import ADMIN_LOGIN, GP_RPPS, PATIENT_NIR, SPECIALIST_RPPS

AUTHOR_RPPS = SPECIALIST_RPPS     # Dr Bensalem, authorised on the dossier, writes the documents
AUTHORISED_RPPS = "10021384952"   # Dr Mercier-Lagrange, ophthalmologist, authorised too
VALIDATOR_RPPS = "10000000009"    # a senior designated to validate, with no grant of his own
OTHER_RPPS = "10485771447"        # Dr Larbi: no access at all

ROLES = {
    "patient": PATIENT_NIR,
    "medecin_traitant": GP_RPPS,
    "authorised": AUTHORISED_RPPS,
    "author": AUTHOR_RPPS,
    "validator": VALIDATOR_RPPS,
    "other_professional": OTHER_RPPS,
    "host_admin": ADMIN_LOGIN,
    "anonymous": None,
}


@pytest.fixture
def tokens(site):
    """{role: "Bearer ..." header or None} for the people of Jean-Marc Dubreuil's dossier."""
    with site.root() as root:
        add_professional(root, site.registry, VALIDATOR_RPPS, password=DEMO_PASSWORD,
                         family_name="Aubert", given_names="Zoé", profession="Cardiologue")
        made = {}
        for role, login in ROLES.items():
            made[role] = None if login is None else \
                {"Authorization": "Bearer " + root.api_tokens.issue(find_account(root, login), 1)}
        return made
