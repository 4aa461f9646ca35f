"""Reading the text of each accepted format; failures become a status, never an error."""
import io
import zipfile

import pypdf
import pytest

from dmp_library.search.extraction import (
    DOCX,
    ODT,
    TEXT_EXTRACTED,
    TEXT_FAILED,
    TEXT_NONE,
    TEXT_PENDING_OCR,
    extract,
    extract_document,
)

from ...conftest import CORPUS

TEXT_PDF = CORPUS / "documents" / "doc-d01-07.pdf"
SCANNED_PDF = CORPUS / "documents" / "doc-d01-12.pdf"
FRENCH = "Fièvre à 39 °C, œdème des chevilles. Électrocardiogramme normal.\n"


class StoredFile:
    """A document's file as extraction sees it: content, sniffed type and charset."""

    def __init__(self, data, mime_type, charset=None):
        self.data, self.mime_type, self.charset = data, mime_type, charset
        self.text, self.text_status = None, TEXT_NONE

    def open(self):
        return io.BytesIO(self.data)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "mac_roman"])
def test_plain_text_in_any_encoding_is_detected(encoding):
    assert extract(FRENCH.encode(encoding), "text/plain").text == FRENCH.strip()


@pytest.mark.parametrize("encoding", ["utf-16-le", "iso8859-15", "cp850", "latin-1"])
def test_plain_text_is_read_in_the_encoding_detected_at_upload(encoding):
    """The charset recorded at upload wins (iso8859-15 and cp1252 differ only in a few
    letters, such as œ, that no detection can tell apart)."""
    text = FRENCH.replace("œ", "oe") if encoding in ("cp850", "latin-1") else FRENCH
    assert extract(text.encode(encoding), "text/plain", encoding).text == text.strip()


def test_html_text_without_markup_scripts_or_styles():
    page = ("<html><head><title>x</title><style>p{color:red}</style></head><body>"
            "<h1>Compte rendu</h1><p>Glyc&eacute;mie &lt; 1&nbsp;g/L</p><script>alert(1)"
            "</script><table><tr><td>Kaliémie</td><td>4,2</td></tr></table></body></html>")
    text = extract(page.encode("utf-8"), "text/html", "utf-8").text
    assert text.splitlines()[:2] == ["Compte rendu", "Glycémie < 1\xa0g/L"]
    assert "Kaliémie" in text and "4,2" in text
    assert "color" not in text and "alert" not in text and "x" not in text.split()


def test_rtf_text_with_code_page_and_unicode_characters():
    rtf = (rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Times New Roman;}}"
           rb"{\colortbl;\red0\green0\blue0;}{\*\generator Riched20;}"
           rb"\f0\fs24 Glyc\'e9mie \'e0 jeun\par H\u233?moglobine glyqu\u233\'65e\par}")
    assert extract(rtf, "application/rtf").text == "Glycémie à jeun\nHémoglobine glyquée"


def _zipped(name, xml):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, xml)
    return buffer.getvalue()


def test_docx_paragraphs_and_tabs():
    xml = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           "<w:body><w:p><w:r><w:t>Compte rendu</w:t></w:r></w:p><w:p><w:r><w:t>Glycémie"
           "</w:t><w:tab/><w:t>1,2 g/L</w:t></w:r></w:p></w:body></w:document>")
    text = extract(_zipped("word/document.xml", xml.encode("utf-8")), DOCX).text
    assert text.splitlines() == ["Compte rendu", "Glycémie\t1,2 g/L"]


def test_odt_paragraphs_spaces_and_spans():
    xml = ('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
           'office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
           "<office:body><office:text><text:h>Compte rendu</text:h><text:p>Glycémie"
           '<text:s text:c="2"/>à <text:span>jeun</text:span><text:tab/>1,2</text:p>'
           "</office:text></office:body></office:document-content>")
    text = extract(_zipped("content.xml", xml.encode("utf-8")), ODT).text
    assert text.splitlines() == ["Compte rendu", "Glycémie  à jeun\t1,2"]


def test_pdf_text_layer():
    extracted = extract(TEXT_PDF.read_bytes(), "application/pdf")
    assert "HbA1c" in extracted.text and "Glycémie" in extracted.text
    assert not extracted.needs_ocr


def test_a_scanned_pdf_needs_ocr():
    extracted = extract(SCANNED_PDF.read_bytes(), "application/pdf")
    assert extracted.needs_ocr and extracted.text == ""


def test_a_partly_scanned_pdf_keeps_its_text_layer_and_needs_ocr():
    writer = pypdf.PdfWriter()
    writer.append(str(TEXT_PDF))
    writer.append(str(SCANNED_PDF))
    buffer = io.BytesIO()
    writer.write(buffer)
    extracted = extract(buffer.getvalue(), "application/pdf")
    assert extracted.needs_ocr and "HbA1c" in extracted.text


@pytest.mark.parametrize("mime_type", ["image/jpeg", "image/png", "image/tiff"])
def test_images_need_ocr(mime_type):
    assert extract(b"...", mime_type).needs_ocr


def test_extract_document_stores_text_and_status():
    document = StoredFile(FRENCH.encode("cp1252"), "text/plain", "cp1252")
    assert extract_document(document) is False
    assert (document.text, document.text_status) == (FRENCH.strip(), TEXT_EXTRACTED)
    scan = StoredFile(SCANNED_PDF.read_bytes(), "application/pdf")
    assert extract_document(scan) is True
    assert scan.text_status == TEXT_PENDING_OCR


def test_an_unreadable_file_becomes_a_failed_status_not_an_error(caplog):
    document = StoredFile(b"%PDF-1.4 not really a pdf" + FRENCH.encode(), "application/pdf")
    assert extract_document(document) is False
    assert (document.text, document.text_status) == ("", TEXT_FAILED)
    assert "Fièvre" not in caplog.text  # never any content in the log


def test_a_file_without_text_has_no_text():
    document = StoredFile(b"   \n", "text/plain", "utf-8")
    extract_document(document)
    assert (document.text, document.text_status) == ("", TEXT_NONE)
