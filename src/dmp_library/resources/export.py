"""The patient's copy of the whole dossier: a ZIP with the documents in their folders, an
index.html readable offline, the GP summaries and the journal as CSV."""
import tempfile
import zipfile

from pyramid.renderers import render

from ..clock import utcnow
from ..journal.log import journal_of
from ..journal.services import as_csv
from ..security.acl import dossier_items, patient_may_read
from ..text import folded
from .dossier import SUMMARY_FOLDER
from .interfaces import IMedicalDocument
from .summary import SECTIONS
from .uploads import safe_filename


def _path(folder, document, taken):
    """A unique path in the ZIP: the folder, then date and title."""
    name = safe_filename("%s %s" % (document.care_date.isoformat(), document.title),
                         document.mime_type)
    path = "%s/%s" % (folded(folder).replace(" ", "-") or "documents", name)
    stem, dot, extension = path.rpartition(".")
    number = 2
    while path in taken:
        path = "%s-%d.%s" % (stem, number, extension)
        number += 1
    taken.add(path)
    return path


def export_zip(dossier, request):
    """A temporary file holding the ZIP (closed when the response has been sent)."""
    documents, summaries, taken = [], [], set()
    for item in dossier_items(dossier):
        if not patient_may_read(item, dossier):
            continue
        if IMedicalDocument.providedBy(item):
            folder = item.__parent__
            label = folder.title if folder.personal else folder.__name__
            documents.append((item, _path(label, item, taken)))
        elif item.__parent__.__name__ == SUMMARY_FOLDER:
            summaries.append(item)
    documents.sort(key=lambda pair: pair[0].care_date, reverse=True)
    summaries.sort(key=lambda summary: summary.modified, reverse=True)
    archive = tempfile.TemporaryFile()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for document, path in documents:
            with document.open() as blob, zipped.open(path, "w") as target:
                while chunk := blob.read(1024 * 1024):
                    target.write(chunk)
        zipped.writestr("index.html", render(
            "dmp_library:templates/export/index.pt",
            {"dossier": dossier, "documents": documents, "summaries": summaries,
             "sections": SECTIONS, "now": utcnow()}, request=request))
        zipped.writestr("journal.csv", as_csv(list(journal_of(dossier))))
    archive.seek(0)
    return archive
