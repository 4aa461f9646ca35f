"""MedicalDocument: a file in a ZODB blob with XDS / FHIR DocumentReference-like metadata."""
import hashlib
import shutil

from persistent import Persistent
from substanced.content import content
from ZODB.blob import Blob
from ZODB.POSException import POSKeyError
from zope.interface import implementer

from ..clock import utcnow
from ..workflows import document_lifecycle
from .interfaces import IMedicalDocument
from .vocabulary import VISIBILITY_CODES


@content("Medical Document", icon="glyphicon glyphicon-file")
@implementer(IMedicalDocument)
class MedicalDocument(Persistent):
    """One document of a dossier.

    ``author_oid`` is the account of the professional or patient who authored it and
    ``author_name`` a snapshot of their name at the time, as XDS records it.
    """

    mime_type = None
    charset = None
    size = 0
    sha256 = None
    text_status = "none"  # none, extracted, pending_ocr, ocr or failed: search.extraction
    extracted = None  # DocumentText: see ``text``

    def __init__(self, *, title, category, type_code, care_date, author_oid, author_kind,
                 author_name, author_sort_name, filename, external_id=None, visibility=()):
        self.title = title
        self.category = category
        self.type_code = type_code
        self.care_date = care_date
        self.created = utcnow()
        self.author_oid = author_oid
        self.author_kind = author_kind  # "professional" or "patient"
        self.author_name = author_name
        self.author_sort_name = author_sort_name  # "Family Given", for sorting by author
        self.filename = filename
        self.external_id = external_id
        self.visibility = normalise_visibility(visibility)
        self.blob = Blob()

    validator_oid = None  # a professional designated to validate it (else its author does)
    replaces = None  # oid of the version this one replaces
    replaced_by = None  # oid of the version that replaced this one
    history = ()  # the review history: workflows.base.record
    release_reminder_on = None  # when a document hidden from the patient should be released
    release_reminded = False

    @property
    def state(self):
        return document_lifecycle.state_of(self)

    @property
    def text(self):
        """The extracted (or recognised) text (search.extraction), or None."""
        return None if self.extracted is None else self.extracted.value

    @text.setter
    def text(self, value):
        if self.extracted is None:
            self.extracted = DocumentText(value)
        else:
            self.extracted.value = value

    @property
    def patient_authored(self):
        return self.author_kind == "patient"

    def store(self, upload):
        """Copy a validated upload (see ``resources.uploads``) into the blob."""
        upload.file.seek(0)
        with self.blob.open("w") as target:
            shutil.copyfileobj(upload.file, target, 1024 * 1024)
        self.mime_type = upload.mime_type
        self.charset = upload.charset
        self.size = upload.size
        self.sha256 = upload.sha256

    def open(self):
        return self.blob.open("r")

    def file_problem(self):
        """None when the file reads back whole, with its size and SHA-256; else what is wrong."""
        digest, size = hashlib.sha256(), 0
        try:
            with self.open() as stream:
                while chunk := stream.read(1024 * 1024):
                    digest.update(chunk)
                    size += len(chunk)
        except (POSKeyError, OSError):
            return "file missing"
        if size != self.size or digest.hexdigest() != self.sha256:
            return "file differs from its SHA-256"
        return None


class DocumentText(Persistent):
    """A document's text, in a record of its own: listings and access checks load every
    document of a folder into each connection's cache, and need none of it."""

    def __init__(self, value):
        self.value = value


def normalise_visibility(codes):
    """A sorted tuple of known visibility codes (empty means "normal")."""
    unknown = set(codes) - set(VISIBILITY_CODES)
    if unknown:
        raise ValueError("unknown visibility codes: %s" % ", ".join(sorted(unknown)))
    return tuple(sorted(set(codes)))
