"""Optical character recognition: tesseract (French) on images and on scanned PDF pages.

Needs the Debian packages tesseract-ocr, tesseract-ocr-fra and poppler-utils (pdftoppm).
"""
import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .extraction import IMAGE_TYPES, MIN_PAGE_CHARS, clean, pdf_pages

LANGUAGE = "fra"
RESOLUTION = 300  # dots per inch at which scanned PDF pages are rendered for tesseract
TIMEOUT = 300  # seconds per page
# Tesseract's OpenMP threads spin on a busy machine: one thread is about 4x faster here (and
# the job reads one page at a time).
_ENVIRONMENT = dict(os.environ, OMP_THREAD_LIMIT="1")


class OCRUnavailable(Exception):
    """tesseract with the French language, or pdftoppm, is not installed."""


@functools.lru_cache(maxsize=1)
def installed_programs():
    """{"tesseract": path, "pdftoppm": path} when both are installed with French, else None.

    Looked for once: ``installed_programs.cache_clear()`` after installing them."""
    programs = {name: shutil.which(name) for name in ("tesseract", "pdftoppm")}
    if not all(programs.values()):
        return None
    languages = _run([programs["tesseract"], "--list-langs"]).stdout.decode().split()
    return programs if LANGUAGE in languages else None


def available():
    return installed_programs() is not None


def recognise(data, mime_type):
    """The text of an image or of a PDF, its scanned pages read by OCR."""
    programs = installed_programs()
    if programs is None:
        raise OCRUnavailable()
    with tempfile.TemporaryDirectory(prefix="dmp-ocr-") as scratch:
        source = Path(scratch) / "source"
        source.write_bytes(data)
        if mime_type in IMAGE_TYPES:
            return clean(_tesseract(programs, source))
        if mime_type != "application/pdf":
            raise ValueError("no OCR for %s" % mime_type)
        pages = []
        for number, text in enumerate(pdf_pages(data), start=1):
            if len(text.strip()) < MIN_PAGE_CHARS:
                image = Path(scratch) / ("page-%d" % number)
                # PGM: encoding a PNG of a 300 dpi page costs seconds.
                _run([programs["pdftoppm"], "-r", str(RESOLUTION), "-gray", "-singlefile",
                      "-f", str(number), "-l", str(number), str(source), str(image)])
                text = _tesseract(programs, image.with_suffix(".pgm"))
            pages.append(text)
        return clean("\n\n".join(pages))


def _tesseract(programs, image):
    return _run([programs["tesseract"], str(image), "stdout", "-l", LANGUAGE]).stdout.decode(
        "utf-8", errors="replace")


def _run(command):
    # Installed programs found by shutil.which, given our own temporary files: no shell.
    return subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=True,  # noqa: S603
                          env=_ENVIRONMENT)
