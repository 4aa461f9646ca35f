"""The cast of the access tests: one person per role towards Jean-Marc Dubreuil's dossier."""
import datetime
import io

import pytest

from dmp_library.demo import DEMO_PASSWORD
from dmp_library.resources.corpus import add_professional
from dmp_library.resources.services import add_professional_document
from dmp_library.resources.uploads import receive_upload
from dmp_library.security.access import block, grant_access, open_emergency
from dmp_library.security.accounts import find_account
from dmp_library.workflows.services import force_state

from ...conftest import ADMIN_LOGIN, GP_RPPS, LAB_RPPS, OUTSIDER_RPPS, PATIENT_NIR, SPECIALIST_RPPS

AUTHOR = SPECIALIST_RPPS       # Dr Bensalem writes the documents of the matrix
AUTHORISED = "10021384952"     # Dr Mercier-Lagrange, authorised by the import
SCOPED = "10000000017"         # authorised for imaging only
EXPIRED = "10000000025"        # authorised until yesterday
BLOCKED = LAB_RPPS             # Dr Carré: authorised, then blocked by the patient
EMERGENCY = OUTSIDER_RPPS      # Dr Larbi, emergency physician, in emergency mode
OTHER = "10000000033"          # a professional with nothing to do with the dossier

ROLES = {
    "patient": PATIENT_NIR, "medecin_traitant": GP_RPPS, "authorised": AUTHORISED,
    "authorised_with_scope": SCOPED, "expired_grant": EXPIRED, "blocked": BLOCKED,
    "emergency": EMERGENCY, "author": AUTHOR, "other_professional": OTHER,
    "host_admin": ADMIN_LOGIN, "anonymous": None,
}
CODES = {"normal": (), "masked": ("masked",), "hidden_from_patient": ("hidden_from_patient",)}


@pytest.fixture
def cast(site):
    """Sets the roles up; returns ({role: auth headers}, {code: document id})."""
    registry = site.registry
    with site.root() as root:
        dossier = root["dossiers"].for_nir(PATIENT_NIR)
        for rpps, name in ((SCOPED, "Scope"), (EXPIRED, "Expire"), (OTHER, "Autre")):
            add_professional(root, registry, rpps, password=DEMO_PASSWORD, family_name=name,
                             given_names="Test", profession="Cardiologue")
        grant_access(dossier, find_account(root, SCOPED), None, "test",
                     categories=("imagerie",), registry=registry)
        yesterday = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1)
        grant_access(dossier, find_account(root, EXPIRED), None, "test", expires=yesterday,
                     registry=registry)
        block(dossier, find_account(root, BLOCKED), registry)
        open_emergency(dossier, find_account(root, EMERGENCY), "samu", "Malaise au domicile",
                       4, registry)
        documents = {}
        for code, visibility in CODES.items():
            text = "ECG %s sous zorglubine\n" % code  # a word no corpus document has
            upload = receive_upload(io.BytesIO(text.encode()), "ecg.txt", 10 ** 6)
            document = add_professional_document(
                dossier, upload, find_account(root, AUTHOR), registry, category="biologie",
                type_code="11502-2", title="Résultat %s" % code,
                care_date=datetime.date(2025, 5, 1), visibility=visibility)
            force_state(document, "validated", "test")
            documents[code] = str(document.__oid__)
        headers = {role: None if login is None else {"Authorization": "Bearer " +
                   root.api_tokens.issue(find_account(root, login), 1)}
                   for role, login in ROLES.items()}
    return headers, documents
