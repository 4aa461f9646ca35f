"""The OCR job: documents waiting for text recognition, read in the background (DESIGN §7).

An upload never waits for OCR: the document is filed, indexed with what can be read at once
(its title, the text layer of a partly scanned PDF), marked ``pending_ocr`` and its oid put in
a site-wide queue kept in the database, so that the work survives a restart. A worker thread
that each server starts with its first request (``dmp.ocr_worker``) then claims each queued
document in a transaction of its own, recognises its text outside any transaction, and stores
the text and re-indexes the document in a later transaction, retried on conflicts.

Several application servers on one database each run a worker: a claim moves the oid from the
queue to the claims, so two workers claiming the same document conflict and one of them takes
the next instead; each document is read once. A claim left by a worker that stopped (a killed
server, an unexpected error) is taken over after CLAIM_SECONDS.
"""
import contextlib
import logging
import random
import threading
import time
import uuid
import weakref

import transaction
from BTrees.LLBTree import LLTreeSet
from BTrees.LOBTree import LOBTree
from pyramid.events import NewRequest
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
CLAIMS_ATTRIBUTE = "dmp_ocr_claims"  # on the site root: oid -> (worker, time claimed)
SETTING = "dmp.ocr_worker"  # true: start the worker with the application
STORE_ATTEMPTS = 5
CLAIM_ATTEMPTS = 20
CLAIM_SECONDS = 15 * 60  # longer than any recognition takes
POLL_SECONDS = 60.0  # also picks up work queued by other application servers

_workers = weakref.WeakSet()


def _on_root(root, attribute, factory, create):
    tree = getattr(root, attribute, None)
    if tree is None and create:
        tree = factory()
        setattr(root, attribute, tree)
    return tree


def ocr_queue(root, create=False):
    """The oids of the documents waiting for OCR (a tree set on the site root)."""
    return _on_root(root, QUEUE_ATTRIBUTE, LLTreeSet, create)


def ocr_claims(root, create=False):
    """The documents a worker is reading: oid -> (worker, time.time() of the claim)."""
    return _on_root(root, CLAIMS_ATTRIBUTE, LOBTree, create)


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
    """The oids waiting for OCR, or being read."""
    with _site(db) as root:
        return sorted(set(ocr_queue(root) or ()) | set(ocr_claims(root) or ()))


def claim(db, worker):
    """The oid of the next document for ``worker`` to read, claimed for it in a committed
    transaction; None when nothing waits."""
    for attempt in range(CLAIM_ATTEMPTS):
        try:
            with _site(db) as root:
                return _claim(root, worker)
        except ConflictError:  # another worker claimed it first: take the next one
            time.sleep(random.uniform(0, 0.05 * (attempt + 1)))  # noqa: S311 -- jitter
    return None


def _claim(root, worker):
    queue, now = ocr_queue(root), time.time()
    oid = next(iter(queue), None) if queue else None
    if oid is None:  # nothing queued: a claim abandoned by a stopped worker, if any
        claims = ocr_claims(root) or {}
        oid = next((o for o, (_w, at) in claims.items() if now - at > CLAIM_SECONDS), None)
    else:
        queue.remove(oid)
    if oid is not None:
        ocr_claims(root, create=True)[oid] = (worker, now)
    return oid


def release(db, oid, worker):
    """Give a claimed document back to the queue (the worker cannot read it now)."""
    with _site(db) as root:
        claims = ocr_claims(root)
        if claims is not None and claims.get(oid, (None,))[0] == worker:
            del claims[oid]
            ocr_queue(root, create=True).add(oid)


def process_pending(db, registry=None, stop=None, worker=None):
    """Recognise the text of every queued document now (``registry``: the application's);
    returns how many were done. Stops, leaving the work queued, when OCR is not installed
    or when the ``stop`` event is set; a document that fails stays claimed, and is tried again
    once its claim runs out.
    """
    worker = worker or uuid.uuid4().hex
    done = 0
    while not (stop is not None and stop.is_set()):
        oid = claim(db, worker)
        if oid is None:
            break
        try:
            process_document(db, oid, registry, worker)
        except OCRUnavailable:
            release(db, oid, worker)
            log.warning("OCR is not installed (tesseract-ocr, tesseract-ocr-fra, "
                        "poppler-utils): %d documents wait for it", len(pending(db)))
            break
        except Exception:
            log.exception("OCR of document %s failed; it will be tried again", oid)
            continue
        done += 1
    return done


def process_document(db, oid, registry=None, worker=None):
    """Recognise one queued document's text, store it and re-index the document (unless
    ``worker`` lost its claim on it meanwhile)."""
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
                stored = _store(root, oid, worker, sha256, text, status)
            if stored:
                log.info("OCR of document %s done by %s", oid, worker or "a command")
            return
        except ConflictError:
            if attempt == STORE_ATTEMPTS:
                raise
            time.sleep(0.1 * attempt)


def _store(root, oid, worker, sha256, text, status):
    """Store the recognised text and re-index; False when there was nothing to do."""
    claims = ocr_claims(root)
    if worker is not None and (claims is None or claims.get(oid, (None,))[0] != worker):
        return False  # the claim ran out and another worker took the document over
    if claims is not None and oid in claims:
        del claims[oid]
    queue = ocr_queue(root)
    if queue is not None and oid in queue:
        queue.remove(oid)
    document = root.__objectmap__.object_for(oid)
    if (sha256 is None or document is None or document.text_status != TEXT_PENDING_OCR
            or document.sha256 != sha256):
        return False  # removed, replaced or done meanwhile
    if text is not None:
        document.text = text
    document.text_status = status
    catalog_of(find_dossier(document), create=True).index(oid, document)
    return True


class OCRWorker(threading.Thread):
    """Processes the queue whenever a transaction queues work, and every POLL_SECONDS."""

    def __init__(self, db, registry, poll_seconds=POLL_SECONDS):
        super().__init__(name="dmp-ocr-" + uuid.uuid4().hex[:12], daemon=True)
        self.db = db
        self.registry = registry
        self.poll_seconds = poll_seconds
        self.wakeup = threading.Event()
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            self.wakeup.clear()
            try:
                process_pending(self.db, self.registry, stop=self.stopping, worker=self.name)
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
    return worker


def stop_ocr_worker(registry, timeout=30):
    """Stop the application's OCR worker, if it started one, for good."""
    worker = getattr(registry, "dmp_ocr_worker", None)
    registry.dmp_ocr_worker = False
    if worker:
        worker.stop(timeout)


_starting = threading.Lock()


def _start_with_first_request(event):
    """A server's worker starts with the first request it answers: a ``dmp`` command, which
    opens the application without serving it, never competes with the servers for the work."""
    registry = event.request.registry
    if getattr(registry, "dmp_ocr_worker", None) is None:
        with _starting:
            if getattr(registry, "dmp_ocr_worker", None) is None:
                registry.dmp_ocr_worker = start_ocr_worker(registry) or False


def includeme(config):
    if asbool(config.registry.settings.get(SETTING, False)):
        config.add_subscriber(_start_with_first_request, NewRequest)
