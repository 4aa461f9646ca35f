"""Demo data: the development corpus (fictional) bundled in ``corpus/``, with demo passwords."""
import os

from substanced.principal import User
from substanced.util import find_service

from ..resources.corpus import import_corpus

DEMO_CORPUS = os.path.join(os.path.dirname(__file__), "corpus")
DEMO_PASSWORD = "demo-dmp-2026"  # noqa: S105 -- published demo password, fictional accounts


def load_demo(root, registry, settings):
    """Import the corpus and activate every demo account, once; None if already loaded."""
    if getattr(root, "demo_loaded", False):
        return None
    report = import_corpus(root, DEMO_CORPUS, registry, settings)
    shared_hash = User.hash_new_password(DEMO_PASSWORD)  # one bcrypt for all demo accounts
    for user in find_service(root, "principals")["users"].values():
        if getattr(user, "dmp_kind", None) is not None:
            user.password = shared_hash
            user.activation_hash = None
    root.demo_loaded = True
    return report
