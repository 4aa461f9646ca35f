"""Receiving a file: size limit, content sniffing, corruption checks and a safe file name.

The browser's Content-Type and the file name's extension are never trusted: the type is what
libmagic reads in the content, and only the types below are accepted.
"""
import hashlib
import os
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass

import charset_normalizer
import magic
from pathvalidate import sanitize_filename

from ..i18n import _

CHUNK = 256 * 1024
SNIFF_BYTES = 64 * 1024

# Accepted type -> the extensions a file of that type may keep (the first is the canonical one).
ACCEPTED_TYPES = {
    "application/pdf": (".pdf",),
    "text/plain": (".txt", ".text", ".asc"),
    "text/html": (".html", ".htm"),
    "application/rtf": (".rtf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/tiff": (".tif", ".tiff"),
    # Word processors' own formats (without macros), whose text the search reads too.
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
}
_ZIPPED = {"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "application/vnd.oasis.opendocument.text"}
# What libmagic may say for an accepted type.
_SNIFFED_ALIASES = {"text/rtf": "application/rtf"}
# Text libmagic recognises as something else that we would serve as plain text anyway.
_TEXT_REFUSED = {"text/xml", "image/svg+xml", "text/x-php"}


class UploadError(Exception):
    """A refused upload: ``message`` for the user, ``status`` for HTTP (400, 413 or 415)."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class Upload:
    """A received file, spooled to a temporary file, with what we learnt about it."""

    file: object
    size: int
    sha256: str
    mime_type: str
    filename: str
    charset: str = None  # for text types: the encoding the content is written in

    def close(self):
        self.file.close()


def receive_upload(stream, filename, max_bytes):
    """Read ``stream`` into a temporary file and validate it; raise UploadError if refused."""
    spool = tempfile.SpooledTemporaryFile(max_size=2 * 1024 * 1024)
    digest = hashlib.sha256()
    size = 0
    try:
        while True:
            chunk = stream.read(CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise UploadError(too_large_message(max_bytes), status=413)
            digest.update(chunk)
            spool.write(chunk)
        if size == 0:
            raise UploadError(_("The file is empty."))
        spool.seek(0)
        mime_type = sniff_type(spool.read(SNIFF_BYTES))
        spool.seek(0)
        check_not_corrupt(spool, mime_type)
        spool.seek(0)
        charset = detect_charset(spool) if mime_type.startswith("text/") else None
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    return Upload(spool, size, digest.hexdigest(), mime_type, safe_filename(filename, mime_type),
                  charset)


# Documents are French: among the legacy encodings that decode a text, these come first
# (otherwise "fièvre" in cp1252 may pass for Central European cp1250 "fičvre").
_LIKELY_ENCODINGS = ["utf_16", "cp1252", "iso8859_15", "cp850", "mac_roman"]


def detect_charset(fp):
    """The encoding of a text file: UTF-8 when it decodes as such, else the best guess."""
    content = fp.read()
    try:
        content.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = (charset_normalizer.from_bytes(content, cp_isolation=_LIKELY_ENCODINGS).best()
            or charset_normalizer.from_bytes(content).best())
    return best.encoding.replace("_", "-") if best is not None else "cp1252"


def too_large_message(max_bytes):
    return _("The file is larger than the limit of ${size} MB.",
             mapping={"size": round(max_bytes / (1024 * 1024), 1)})


def sniff_type(head):
    """The accepted MIME type of content starting with ``head``, or UploadError(415)."""
    sniffed = magic.from_buffer(head, mime=True)
    sniffed = _SNIFFED_ALIASES.get(sniffed, sniffed)
    if sniffed.startswith("text/") and sniffed not in ACCEPTED_TYPES.keys() | _TEXT_REFUSED:
        sniffed = "text/plain"
    if sniffed not in ACCEPTED_TYPES:
        raise UploadError(
            _("This type of file (${type}) is not accepted: send a PDF, a text, HTML, RTF, "
              "Word (DOCX) or OpenDocument (ODT) document, or a JPEG, PNG or TIFF image.",
              mapping={"type": sniffed}),
            status=415,
        )
    return sniffed


def check_not_corrupt(fp, mime_type):
    """Open PDFs and images with their parsers: a file they cannot read is refused."""
    if mime_type == "application/pdf":
        import pypdf

        try:
            reader = pypdf.PdfReader(fp, strict=False)
            if len(reader.pages) == 0:
                raise ValueError("no page")
        except Exception:
            raise UploadError(_("This PDF file is damaged and cannot be read.")) from None
    elif mime_type in _ZIPPED:
        try:
            with zipfile.ZipFile(fp) as archive:
                if archive.testzip() is not None:
                    raise ValueError("damaged member")
        except Exception:
            raise UploadError(_("This document is damaged and cannot be read.")) from None
    elif mime_type.startswith("image/"):
        from PIL import Image

        try:
            with Image.open(fp) as image:
                image.verify()
        except Exception:
            raise UploadError(_("This image file is damaged and cannot be read.")) from None


def safe_filename(filename, mime_type):
    """A file name safe on every platform and in a header, with an extension matching the type."""
    name = unicodedata.normalize("NFC", filename or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]  # drop any path, Windows' included
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    name = sanitize_filename(name, platform="universal", max_len=120).strip(" .")
    stem, extension = os.path.splitext(name)
    allowed = ACCEPTED_TYPES[mime_type]
    if extension.lower() not in allowed:
        stem, extension = name, allowed[0]
    return (stem or "document")[: 120 - len(extension)] + extension.lower()
