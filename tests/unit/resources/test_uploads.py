"""Receiving files: the type is read from the content, bad files are refused with a reason."""
import io

import pytest
from PIL import Image

from dmp_library.resources.uploads import UploadError, receive_upload, safe_filename

from ...conftest import FIXTURES

LIMIT = 1024 * 1024
PDF = (FIXTURES / "files" / "report.pdf").read_bytes()


def image_bytes(fmt):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, fmt)
    return buffer.getvalue()


def receive(content, name="file.bin", limit=LIMIT):
    return receive_upload(io.BytesIO(content), name, limit)


@pytest.mark.parametrize("content, expected", [
    (PDF, "application/pdf"),
    ("Compte rendu: glycémie à jeun 1,48 g/L\n".encode(), "text/plain"),
    ("Compte rendu: glycémie\n".encode("latin-1"), "text/plain"),
    (b"<!DOCTYPE html><html><body><p>CR</p></body></html>", "text/html"),
    (b"{\\rtf1\\ansi Compte rendu}", "application/rtf"),
    (image_bytes("JPEG"), "image/jpeg"),
    (image_bytes("PNG"), "image/png"),
    (image_bytes("TIFF"), "image/tiff"),
])
def test_accepted_types_are_sniffed_from_the_content(content, expected):
    """Whatever the file is called, its type is what its bytes say."""
    upload = receive(content, name="misleading.exe")
    assert upload.mime_type == expected
    assert upload.size == len(content)
    assert upload.file.read() == content


def test_sha256_is_computed_while_receiving():
    import hashlib

    assert receive(PDF).sha256 == hashlib.sha256(PDF).hexdigest()


def test_text_encoding_is_detected():
    """A text in Latin-1 is served back with its charset, so accents survive."""
    assert receive("é".encode() * 20).charset == "utf-8"
    latin = "Le patient présente une fièvre élevée depuis trois jours.\n".encode("cp1252")
    assert receive(latin).charset.replace("_", "-").lower() in ("cp1252", "windows-1252",
                                                                 "iso8859-1", "latin-1",
                                                                 "iso-8859-1")


@pytest.mark.parametrize("content", [
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200),  # Windows executable
    b"PK\x03\x04" + bytes(100),  # zip archive
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
    bytes(range(256)) * 4,  # binary noise
])
def test_other_types_are_refused_with_415(content):
    with pytest.raises(UploadError) as error:
        receive(content, name="report.pdf")
    assert error.value.status == 415
    assert "not accepted" in error.value.message.interpolate()


def test_empty_file_is_refused():
    with pytest.raises(UploadError) as error:
        receive(b"")
    assert error.value.status == 400
    assert error.value.message.interpolate() == "The file is empty."


def test_oversized_file_is_refused_with_413_before_reading_it_all():
    stream = io.BytesIO(b"a" * (LIMIT + 1))
    with pytest.raises(UploadError) as error:
        receive_upload(stream, "big.txt", LIMIT)
    assert error.value.status == 413
    assert "1.0 MB" in error.value.message.interpolate()


@pytest.mark.parametrize("content, message", [
    (PDF[:300], "This PDF file is damaged and cannot be read."),
    (image_bytes("PNG")[:60], "This image file is damaged and cannot be read."),
])
def test_corrupt_files_are_refused(content, message):
    with pytest.raises(UploadError) as error:
        receive(content)
    assert error.value.status == 400
    assert error.value.message.interpolate() == message


@pytest.mark.parametrize("name, mime_type, expected", [
    ("compte-rendu.pdf", "application/pdf", "compte-rendu.pdf"),
    ("../../etc/passwd", "text/plain", "passwd.txt"),
    ("C:\\Users\\x\\Résultats.PDF", "application/pdf", "Résultats.pdf"),
    ('a"b;c<d>e|f?.pdf', "application/pdf", "ab;cdef.pdf"),
    ("rapport\x00\x1b[31m.pdf", "application/pdf", "rapport[31m.pdf"),
    ("virus.exe", "application/pdf", "virus.exe.pdf"),
    ("", "image/png", "document.png"),
    ("...", "text/html", "document.html"),
    ("x" * 300 + ".pdf", "application/pdf", "x" * 116 + ".pdf"),
])
def test_file_names_are_sanitised(name, mime_type, expected):
    """No path, no control characters, no characters a file system or header would choke on,
    and an extension that tells the truth."""
    assert safe_filename(name, mime_type) == expected
