"""Each dossier's catalog follows its documents in the transaction that changes them."""
from substanced.event import subscribe_added, subscribe_modified, subscribe_removed

from ..resources.dossier import find_dossier
from ..resources.interfaces import ICategoryFolder, IMedicalDocument
from .services import index_document, unindex_documents


@subscribe_added(IMedicalDocument)
def document_added(event):
    """A new document, or one moved here (from another folder, maybe another dossier)."""
    if find_dossier(event.object) is not None:
        index_document(event.object)


@subscribe_modified(IMedicalDocument)
def document_modified(event):
    if find_dossier(event.object) is not None:
        index_document(event.object)


@subscribe_removed(IMedicalDocument)
@subscribe_removed(ICategoryFolder)
def removed(event):
    """A document, or a folder with its documents, removed (or moved: its add re-indexes)."""
    dossier = find_dossier(event.parent)
    if dossier is not None:
        unindex_documents(dossier, event.removed_oids)
