"""The OCR job: documents waiting for text recognition, read in the background (DESIGN §7).

An upload never waits for OCR: the document is filed, indexed with what can be read at once
(its title, the text layer of a partly scanned PDF), marked ``pending_ocr`` and its oid put in
a site-wide queue kept in the database, so that the work survives a restart. A worker thread
started with the application (``start_ocr_worker``) then reads each queued document in its
own ZODB connection, recognises its text outside any transaction, and stores the text and
re-indexes the document in a later transaction, retried on conflicts.
"""
import contextlib
import logging
import threading
import time
import weakref

import transaction
from BTrees.LLBTree import LLTreeSet
from pyramid.events import ApplicationCreated
from pyramid.settings import asbool
from pyramid.threadlocal import manager as threadlocal
from pyramid.traversal import find_root
from substanced.util import get_oid
from ZODB.POSException import ConflictError

from ..resources.dossier import find_dossier
from .catalog import catalog_of
from .extraction import TEXT_FAILED, TEXT_OCR, TEXT_PENDING_OCR
from .indexing import transaction_of
from .ocr import OCRUnavailable, available, recognise

log = logging.getLogger(__name__)

QUEUE_ATTRIBUTE = "dmp_ocr_pending"  # on the site root
SETTING = "dmp.ocr_worker"  # true: start the worker with the application
STORE_ATTEMPTS = 5
POLL_SECONDS = 60.0  # also picks up work queued by other application servers

_workers = weakref.WeakSet()


def ocr_queue(root, create=False):
    """The oids of the documents waiting for OCR (a tree set on the site root)."""
    queue = getattr(root, QUEUE_ATTRIBUTE, None)
    if queue is None and create:
        queue = LLTreeSet()
        setattr(root, QUEUE_ATTRIBUTE, queue)
    return queue


def enqueue_ocr(document):
    """Queue ``document`` (in a dossier, text status pending_ocr) for the OCR job."""
    root = find_root(document)
    ocr_queue(root, create=True).add(get_oid(document))
    transaction_of(root).addAfterCommitHook(_wake_workers)


def _wake_workers(committed):
    if committed:
        for worker in list(_workers):
            worker.wakeup.set()


@contextlib.contextmanager
def _site(db, registry=None):
    """The site root in a connection and transaction of their own, committed at the end;
    ``registry`` is the current one meanwhile (a job's thread has none of its own)."""
    manager = transaction.TransactionManager()
    connection = db.open(transaction_manager=manager)
    if registry is not None:
        threadlocal.push({"registry": registry, "request": None})
    try:
        manager.begin()
        yield connection.root()["app_root"]
        manager.commit()
    except BaseException:
        manager.abort()
        raise
    finally:
        if registry is not None:
            threadlocal.pop()
        connection.close()


def pending(db):
    """The oids waiting for OCR."""
    with _site(db) as root:
        return list(ocr_queue(root) or ())


def process_pending(db, registry=None, stop=None):
    """Recognise the text of every queued document now (``registry``: the application's);
    returns how many were done. Stops, leaving the work queued, when OCR is not installed
    or when the ``stop`` event is set; a document that fails stays queued for the next time.
    """
    done = 0
    for oid in pending(db):
        if stop is not None and stop.is_set():
            break
        try:
            process_document(db, oid, registry)
        except OCRUnavailable:
            log.warning("OCR is not installed (tesseract-ocr, tesseract-ocr-fra, "
                        "poppler-utils): %d documents wait for it", len(pending(db)))
            break
        except Exception:
            log.exception("OCR of document %s failed; it stays queued", oid)
            continue
        done += 1
    return done


def process_document(db, oid, registry=None):
    """Recognise one queued document's text, store it and re-index the document."""
    with _site(db, registry) as root:
        document = root.__objectmap__.object_for(oid)
        if document is not None and document.text_status == TEXT_PENDING_OCR:
            with document.open() as stream:
                data = stream.read()
            mime_type, sha256 = document.mime_type, document.sha256
        else:
            data = mime_type = sha256 = None
    text, status = None, TEXT_OCR
    if data is not None:
        try:
            text = recognise(data, mime_type)
        except OCRUnavailable:
            raise
        except Exception:
            log.warning("OCR failed for document %s", oid, exc_info=True)  # no content logged
            status = TEXT_FAILED
    for attempt in range(1, STORE_ATTEMPTS + 1):
        try:
            with _site(db, registry) as root:
                _store(root, oid, sha256, text, status)
            return
        except ConflictError:
            if attempt == STORE_ATTEMPTS:
                raise
            time.sleep(0.1 * attempt)


def _store(root, oid, sha256, text, status):
    queue = ocr_queue(root)
    if queue is not None and oid in queue:
        queue.remove(oid)
    document = root.__objectmap__.object_for(oid)
    if (sha256 is None or document is None or document.text_status != TEXT_PENDING_OCR
            or document.sha256 != sha256):
        return  # removed, replaced or done meanwhile
    if text is not None:
        document.text = text
    document.text_status = status
    catalog_of(find_dossier(document), create=True).index(oid, document)


class OCRWorker(threading.Thread):
    """Processes the queue whenever a transaction queues work, and every POLL_SECONDS."""

    def __init__(self, db, registry, poll_seconds=POLL_SECONDS):
        super().__init__(name="dmp-ocr", daemon=True)
        self.db = db
        self.registry = registry
        self.poll_seconds = poll_seconds
        self.wakeup = threading.Event()
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            self.wakeup.clear()
            try:
                process_pending(self.db, self.registry, stop=self.stopping)
            except Exception:  # the database is unreachable: try again later
                log.exception("the OCR job failed; it will try again")
            self.wakeup.wait(self.poll_seconds)

    def stop(self, timeout=None):
        """Stop after the document being read, if any."""
        self.stopping.set()
        self.wakeup.set()
        self.join(timeout)


def start_ocr_worker(registry):
    """Start the OCR worker on the application's database; None when OCR is not installed."""
    if not available():
        log.warning("OCR is not installed (tesseract-ocr, tesseract-ocr-fra, poppler-utils): "
                    "scanned documents will wait for it")
        return None
    worker = OCRWorker(registry._zodb_databases[""], registry)
    _workers.add(worker)
    worker.start()
    registry.dmp_ocr_worker = worker
    return worker


def stop_ocr_worker(registry, timeout=30):
    """Stop the application's OCR worker, if it started one (``dmp`` commands do)."""
    worker = getattr(registry, "dmp_ocr_worker", None)
    if worker is not None:
        worker.stop(timeout)
        registry.dmp_ocr_worker = None


def _on_application_created(event):
    start_ocr_worker(event.app.registry)


def includeme(config):
    if asbool(config.registry.settings.get(SETTING, False)):
        config.add_subscriber(_on_application_created, ApplicationCreated)
