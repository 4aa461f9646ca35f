"""Every message has its French translation, and the language follows the user."""
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

import dmp_library

from ..conftest import REPO

LOCALE = Path(dmp_library.__file__).parent / "locale"


def extracted_messages(tmp_path):
    """Run lingua on the sources, as ``make i18n`` does, and return the message ids."""
    pot = tmp_path / "messages.pot"
    pot_create = Path(sys.executable).parent / "pot-create"
    subprocess.run([str(pot_create), "-c", str(REPO / "lingua.cfg"), "-d", "dmp_library",  # noqa: S603
                    "-o", str(pot), "src/dmp_library"], cwd=REPO, check=True,
                   capture_output=True)
    with pot.open("rb") as fp:
        return {message.id for message in read_po(fp) if message.id}


def test_every_message_is_translated_to_french(tmp_path):
    with (LOCALE / "fr" / "LC_MESSAGES" / "dmp_library.po").open("rb") as fp:
        french = {m.id: m.string for m in read_po(fp) if m.id}
    missing = sorted(m for m in extracted_messages(tmp_path) if not french.get(m))
    assert not missing, "run `make i18n` and translate: %s" % missing


def test_catalogs_are_compiled():
    for language in ("fr", "en"):
        assert (LOCALE / language / "LC_MESSAGES" / "dmp_library.mo").is_file()
