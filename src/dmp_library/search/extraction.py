"""The text of a document's file, for the catalog and the snippets (DESIGN §7).

Formats with text in them are read at once: PDF (text layer), HTML, plain text in any
encoding, RTF, DOCX and ODT. Images, and PDF pages without a text layer, need OCR, which the
background job does later (``jobs``); their text status says so meanwhile.
"""
import io
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.etree import ElementTree

from substanced.util import get_oid

from ..resources.uploads import detect_charset

log = logging.getLogger(__name__)

# document.text_status
TEXT_NONE = "none"  # not read yet, or a format without text
TEXT_EXTRACTED = "extracted"
TEXT_PENDING_OCR = "pending_ocr"  # text being recognised: what is read so far is indexed
TEXT_OCR = "ocr"
TEXT_FAILED = "failed"

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
IMAGE_TYPES = {"image/jpeg", "image/png", "image/tiff"}
# A PDF page with fewer characters than this in its text layer is a scanned page.
MIN_PAGE_CHARS = 20
# Office files are zip archives: never inflate more of them than this.
MAX_XML_BYTES = 50 * 1024 * 1024


@dataclass
class Extracted:
    text: str
    needs_ocr: bool = False


def extract_document(document):
    """Read ``document``'s text, store it and its status on it; never raises.

    Returns True when the document now waits for OCR.
    """
    try:
        with document.open() as stream:
            extracted = extract(stream.read(), document.mime_type, document.charset)
    except Exception:
        # Nothing about the content in the log: only which document it was.
        log.warning("text extraction failed for document %s", get_oid(document, None),
                    exc_info=True)
        document.text, document.text_status = "", TEXT_FAILED
        return False
    document.text = extracted.text
    if extracted.needs_ocr:
        document.text_status = TEXT_PENDING_OCR
    else:
        document.text_status = TEXT_EXTRACTED if extracted.text.strip() else TEXT_NONE
    return extracted.needs_ocr


def extract(data, mime_type, charset=None):
    """The text of a file of ``mime_type``; raises on a file its reader cannot read."""
    if mime_type in IMAGE_TYPES:
        return Extracted("", needs_ocr=True)
    if mime_type == "application/pdf":
        pages = pdf_pages(data)
        needs_ocr = any(len(page.strip()) < MIN_PAGE_CHARS for page in pages)
        return Extracted(clean("\n\n".join(pages)), needs_ocr)
    reader = READERS.get(mime_type)
    return Extracted(clean(reader(data, charset)) if reader else "")


def clean(text):
    """Composed accents, no control characters but line breaks and tabs."""
    text = unicodedata.normalize("NFC", text)
    return "".join(char for char in text
                   if char in "\n\t" or unicodedata.category(char)[0] != "C").strip()


def decode(data, charset=None):
    """Text in any encoding: the one detected at upload, else detected now."""
    if charset is None:
        charset = detect_charset(io.BytesIO(data))
    return data.decode(charset, errors="replace").lstrip("\ufeff")


def pdf_pages(data):
    """The text layer of each page of a PDF ('' for a page without one)."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    return [page.extract_text() or "" for page in reader.pages]


# -- HTML ------------------------------------------------------------------------------------

class _HTMLText(HTMLParser):
    SKIPPED = {"head", "script", "style", "template", "noscript"}
    BLOCKS = {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
              "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
              "nav", "ol", "p", "pre", "section", "table", "tr", "ul"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_text(data, charset=None):
    parser = _HTMLText()
    parser.feed(decode(data, charset))
    parser.close()
    text = re.sub(r"[ \t\r\f\v]+", " ", "".join(parser.parts))
    return re.sub(r"\s*\n\s*", "\n", text)


# -- RTF -------------------------------------------------------------------------------------

_RTF_TOKEN = re.compile(
    rb"\\([a-z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-f]{2})|\\([^a-z])|([{}])|[\r\n]+|(.)",
    re.IGNORECASE | re.DOTALL)
# Groups whose text is not the document's (fonts, colours, styles, metadata, pictures).
_RTF_SKIPPED = {b"fonttbl", b"colortbl", b"stylesheet", b"info", b"pict", b"header",
                b"footer", b"object", b"themedata", b"datastore", b"listtable",
                b"listoverridetable", b"rsidtbl", b"generator", b"xmlnstbl"}
_RTF_CHARACTERS = {b"par": "\n", b"line": "\n", b"sect": "\n", b"page": "\n", b"tab": "\t",
                   b"cell": "\t", b"row": "\n", b"emdash": "\u2014", b"endash": "\u2013",
                   b"lquote": "\u2018", b"rquote": "\u2019", b"ldblquote": "\u201c",
                   b"rdblquote": "\u201d", b"bullet": "\u2022", b"~": "\u00a0"}


def rtf_text(data, charset=None):
    """The text of an RTF document: control words out, \\'hh and \\uN characters decoded."""
    encoding = "cp1252"
    stack, skipping, unicode_skip, to_skip = [], False, 1, 0
    out, pending = [], bytearray()  # pending: \'hh bytes, decoded together (multi-byte pages)

    def flush():
        if pending:
            out.append(pending.decode(encoding, errors="replace"))
            pending.clear()

    for match in _RTF_TOKEN.finditer(data):
        word, argument, hexcode, symbol, brace, char = match.groups()
        if hexcode is None:
            flush()
        if brace is not None:
            to_skip = 0
            if brace == b"{":
                stack.append((skipping, unicode_skip))
            elif stack:
                skipping, unicode_skip = stack.pop()
        elif to_skip and (hexcode or char):
            to_skip -= 1  # the \uN fallback characters
        elif symbol is not None:
            if symbol == b"*":
                skipping = True  # {\* ...}: a destination readers may ignore
            elif not skipping and symbol in _RTF_CHARACTERS:
                out.append(_RTF_CHARACTERS[symbol])
            elif not skipping and symbol in (b"\\", b"{", b"}"):
                out.append(symbol.decode())
        elif word is not None:
            word = word.lower()
            if word == b"ansicpg" and argument:
                encoding = "cp%d" % int(argument)
            elif word == b"uc" and argument:
                unicode_skip = int(argument)
            elif word in _RTF_SKIPPED:
                skipping = True
            elif skipping:
                pass
            elif word == b"u" and argument:
                out.append(chr(int(argument) % 65536))
                to_skip = unicode_skip
            elif word in _RTF_CHARACTERS:
                out.append(_RTF_CHARACTERS[word])
        elif skipping:
            pass
        elif hexcode is not None:
            pending.append(int(hexcode, 16))
        elif char is not None:
            out.append(char.decode("latin-1"))
    flush()
    return "".join(out)


# -- DOCX and ODT ----------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_DOCX_CHARACTERS = {_W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n"}
_ODT_CHARACTERS = {_TEXT + "tab": "\t", _TEXT + "line-break": "\n"}


def _zipped_xml(data, name):
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(name) as member:
        content = member.read(MAX_XML_BYTES + 1)
    if len(content) > MAX_XML_BYTES:
        raise ValueError("%s is too large" % name)
    # Expat >= 2.4 bounds entity expansion and ElementTree resolves no external entity.
    return ElementTree.fromstring(content)  # noqa: S314 -- see the line above


def docx_text(data, charset=None):
    out = []
    for element in _zipped_xml(data, "word/document.xml").iter():
        if element.tag == _W + "t":
            out.append(element.text or "")
        elif element.tag in _DOCX_CHARACTERS:
            out.append(_DOCX_CHARACTERS[element.tag])
        elif element.tag == _W + "p":
            out.append("\n")
    return "".join(out)


def odt_text(data, charset=None):
    out = []

    def walk(element):
        if element.tag == _TEXT + "s":
            out.append(" " * min(int(element.get(_TEXT + "c", "1")), 100))
        elif element.tag in _ODT_CHARACTERS:
            out.append(_ODT_CHARACTERS[element.tag])
        out.append(element.text or "")
        for child in element:
            walk(child)
            out.append(child.tail or "")
        if element.tag in (_TEXT + "p", _TEXT + "h"):
            out.append("\n")

    walk(_zipped_xml(data, "content.xml"))
    return "".join(out)


READERS = {
    "text/plain": decode,
    "text/html": html_text,
    "application/rtf": rtf_text,
    "text/rtf": rtf_text,
    DOCX: docx_text,
    ODT: odt_text,
}
