"""Writes that cost little, and a served application under mixed load (issue "no acknowledged
document is ever lost", points 3 and 6).

1. Database growth: Data.fs bytes per read request (a view, a listing, a search, a download:
   each is journaled), against ~28 KB before (target <= 1 KB), and per upload of the corpus'
   own documents by kind (text or HTML, PDF with text, scan), against the documents' own bytes
   (target <= 2x), and what one text upload writes, by owner.
2. Soak: BENCH_SOAK_S seconds (default 300) of 8 client threads on the demo site served by
   waitress in a process of its own: searches, listings, document views and downloads,
   uploads (one in ten requests), each as the patient's médecin traitant, over the API.
   Throughput, p50/p95 per endpoint, errors (0 expected), the server's memory (RSS) through
   the run, Data.fs growth. Baseline (issue): Data.fs 1.5 MB -> 550 MB in 5 minutes at 64
   requests/s, memory 96 -> 211 MB rising.
"""
import json
import os
import random
import shutil
import statistics
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

from ZODB.FileStorage import FileStorage
from ZODB.serialize import referencesf

from dmp_library.demo import DEMO_CORPUS, load_demo
from dmp_library.security.accounts import find_account
from dmp_library.testing import ApiClient, ServerProcess, Site

from ._support import percentiles

THREADS = 8  # clients
UPLOADS = 20  # of each kind of file, to measure what an upload adds to Data.fs
SERVER_THREADS = 4  # waitress' default, as in development.ini and production.ini
BASELINE_READ_BYTES = 28 * 1024
QUERIES = ["HbA1c", "échographie", "hypertension", "compte rendu", "cardio*", "vaccin",
           "glycémie", "ordonnance", "IRM", "bilan lipidique"]
# Share of each kind of request in the soak; uploads are one in ten.
MIX = ["search"] * 3 + ["listing"] * 3 + ["view"] * 2 + ["download"] + ["upload"]


def corpus(name):
    return json.loads((Path(DEMO_CORPUS) / (name + ".json")).read_text(encoding="utf-8"))


def demo_site(directory):
    """The demo data in ``directory``; per dossier: (id, a médecin traitant's token)."""
    site = Site(directory)
    with site.root() as root:
        load_demo(root, site.registry, site.settings)
        readers = []
        for patient in corpus("patients"):
            dossier = root["dossiers"].for_nir(patient["nir"])
            gp = find_account(root, patient["medecin_traitant_rpps"])
            readers.append((dossier.__name__, root.api_tokens.issue(gp, 24)))
    site.close()
    return readers


def uploads():
    """The corpus' files by kind: {kind: [(file name, bytes)]}; text (and HTML) last."""
    kinds = {"scanned PDF": [], "PDF with text": [], "text or HTML": []}
    for entry in corpus("documents"):
        kind = ("scanned PDF" if entry["image_only_scan"] else "PDF with text"
                if entry["mime_type"] == "application/pdf" else "text or HTML")
        kinds[kind].append((Path(entry["file_name"]).name,
                            (Path(DEMO_CORPUS) / entry["file_name"]).read_bytes()))
    return kinds


class Load:
    """One client's requests, timed by endpoint."""

    def __init__(self, url, readers, files, seed):
        self.clients = {name: ApiClient(url, token) for name, token in readers}
        self.files = files
        self.rng = random.Random(seed)  # noqa: S311 -- benchmark load, not secrets
        self.documents = {}

    def request(self, kind):
        """Make one request of ``kind``; returns (status, bytes uploaded)."""
        name = self.rng.choice(list(self.clients))
        client = self.clients[name]
        if kind in ("view", "download"):
            if name not in self.documents:
                listed = client.get("/api/v1/dossiers/%s/documents" % name).json()
                self.documents[name] = [d["id"] for d in listed["documents"]]
            document = self.rng.choice(self.documents[name])
            path = "/api/v1/documents/%s" % document + ("/file" if kind == "download" else "")
            return client.get(path).status_code, 0
        if kind == "search":
            return client.get("/api/v1/dossiers/%s/search" % name,
                              q=self.rng.choice(QUERIES)).status_code, 0
        if kind == "listing":
            return client.get("/api/v1/dossiers/%s/documents" % name).status_code, 0
        filename, content = self.rng.choice(self.files)
        response = client.upload(name, content, "Envoi de charge", filename=filename)
        return response.status_code, len(content)


def rss_mb(pid):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def growth(data_dir, action, count):
    """Data.fs bytes written per call of ``action`` (each one request)."""
    before = os.path.getsize(data_dir / "Data.fs")
    uploaded = sum(action() for _i in range(count))
    return (os.path.getsize(data_dir / "Data.fs") - before) / count, uploaded / count


def database_growth(server, readers, files):
    """Data.fs bytes per read request by kind; per upload by kind of file, with the
    documents' own bytes."""
    load = Load(server.url, readers, [], 0)
    reads = {}
    for kind in ("view", "listing", "search", "download"):
        load.request(kind)  # warm: the dossier's document list, its index
        reads[kind], _uploaded = growth(server.data_dir, lambda kind=kind: load.request(kind)[1],
                                        100)
    uploaded = {}
    for kind, kind_files in files.items():  # text last: the breakdown is of its uploads
        load.files = kind_files
        uploaded[kind] = growth(server.data_dir, lambda: load.request("upload")[1], UPLOADS)
    return reads, uploaded


# What a record belongs to: the first of these classes among it and its referrers.
OWNERS = (("MedicalDocument", "the document (metadata, extracted text)"),
          ("JournalRecord", "its journal"), ("Journal", "its journal"),
          ("FullTextCatalog", "the dossier's search index"),
          ("CatalogsService", "Substance D's catalogs (SDI, worklists)"),
          ("ObjectMap", "Substance D's object map (paths, references)"),
          ("CategoryFolder", "its folder"), ("Dossier", "the dossier"))


def upload_breakdown(data_fs, uploads):
    """Bytes per upload of the last ``uploads`` by what they belong to (each upload commits
    twice: the document, then its journal entry chained)."""
    storage = FileStorage(str(data_fs), read_only=True)
    try:
        latest, kinds, written = {}, {}, []  # written: [(oid, bytes)] per transaction
        for record_set in storage.iterator():
            written.append([(record.oid, len(record.data)) for record in record_set
                            if record.data])
            for record in record_set:
                if record.data:
                    latest[record.oid] = record.data
        referrers = defaultdict(set)
        for oid, data in latest.items():
            kinds[oid] = data.split(b"\n", 2)[1].decode("ascii", "replace")
            for referred in referencesf(data):
                referrers[referred].add(oid)

        def owner(oid):
            seen, frontier = set(), [oid]
            while frontier:
                current = frontier.pop(0)
                for name, label in OWNERS:
                    if kinds.get(current) == name:
                        return label
                seen.add(current)
                frontier += sorted(referrers[current] - seen)
            return "other"

        totals = defaultdict(int)
        for records in written[-2 * uploads:]:
            for oid, size in records:
                totals[owner(oid)] += size
        return {label: size / uploads for label, size in totals.items()}
    finally:
        storage.close()


def soak(server, readers, files, seconds):
    timings, errors, lock = defaultdict(list), defaultdict(int), threading.Lock()
    stop = threading.Event()

    def client(number):
        load = Load(server.url, readers, files, number)
        while not stop.is_set():
            kind = load.rng.choice(MIX)
            started = time.perf_counter()
            try:
                status = load.request(kind)[0]
            except Exception:  # noqa: BLE001 -- any failure is an error of the run
                status = "exception"
            elapsed = time.perf_counter() - started
            with lock:
                timings[kind].append(elapsed)
                if status not in (200, 201):
                    errors[(kind, status)] += 1

    pid = server.process.pid
    size_before = os.path.getsize(server.data_dir / "Data.fs")
    memory = [(0, rss_mb(pid))]
    threads = [threading.Thread(target=client, args=(n,)) for n in range(THREADS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    while time.monotonic() - started < seconds:
        time.sleep(min(10, seconds / 10))
        memory.append((time.monotonic() - started, rss_mb(pid)))
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    memory.append((elapsed, rss_mb(pid)))
    grown = os.path.getsize(server.data_dir / "Data.fs") - size_before
    return timings, errors, memory, elapsed, grown


def rate(memory, start, end):
    """RSS growth in MB per minute between two moments of the run (nearest samples)."""
    first = min(memory, key=lambda sample: abs(sample[0] - max(start, 0)))
    last = min(memory, key=lambda sample: abs(sample[0] - end))
    return (last[1] - first[1]) * 60 / max(last[0] - first[0], 1)


def run():
    seconds = float(os.environ.get("BENCH_SOAK_S", 300))
    directory = Path(tempfile.mkdtemp(prefix="dmp-bench-soak-"))
    try:
        readers = demo_site(directory)
        files = uploads()
        every_file = [file for kind_files in files.values() for file in kind_files]
        # The object caches and server threads of development.ini and production.ini.
        settings = {"zodbconn.uri": "filestorage://%s/Data.fs?blob_dir=%s/blobs"
                    "&connection_cache_size=20000&connection_cache_size_bytes=4194304"
                    "&connection_pool_size=8" % (directory, directory)}
        with ServerProcess(directory, settings=settings, threads=SERVER_THREADS) as server:
            reads, uploaded = database_growth(server, readers, files)
            print("Data.fs bytes per read request: %s  (before: ~28 KB, ratio %.3f; target "
                  "<= 1 KB: %s)" % (", ".join("%s %.0f" % item for item in reads.items()),
                                    max(reads.values()) / BASELINE_READ_BYTES,
                                    "met" if max(reads.values()) <= 1024 else "MISSED"))
            print("Data.fs bytes per upload (target <= 2x the document's bytes):")
            for kind, (per_upload, document_bytes) in uploaded.items():
                print("  %-14s %6.0f for documents of %6.0f bytes on average: %5.2fx  %s"
                      % (kind, per_upload, document_bytes, per_upload / document_bytes,
                         "met" if per_upload <= 2 * document_bytes else "MISSED"))
            counts = {kind: len(kind_files) for kind, kind_files in files.items()}
            mix = (sum(counts[k] * uploaded[k][0] for k in counts)
                   / sum(counts[k] * uploaded[k][1] for k in counts))
            print("  the corpus' mix of %d documents: %.2fx; what one text upload writes:"
                  % (sum(counts.values()), mix))
            for label, size in sorted(upload_breakdown(directory / "Data.fs", UPLOADS).items(),
                                      key=lambda item: -item[1]):
                print("  %6.0f  %s" % (size, label))
            timings, errors, memory, elapsed, grown = soak(server, readers, every_file, seconds)
        total = sum(len(samples) for samples in timings.values())
        print("soak: %d client threads, %d server threads, %.0f s, %d requests, %.1f requests/s, "
              "errors: %s" % (THREADS, SERVER_THREADS, elapsed, total, total / elapsed,
                 dict(errors) if errors else "none"))
        for kind in sorted(timings):
            p50, p95 = percentiles(timings[kind])
            print("  %-9s %6d requests  p50 %7.1f ms  p95 %7.1f ms"
                  % (kind, len(timings[kind]), p50, p95))
        print("  server RSS (MB) over time: %s" % ", ".join(
            "%.0fs %.0f" % sample for sample in memory))
        print("  RSS start %.0f MB, end %.0f MB; it grew %.1f MB/min in the first minute, "
              "%.1f MB/min in the last (baseline: 96 -> 211 MB, still rising)"
              % (memory[0][1], memory[-1][1], rate(memory, 0, 60),
                 rate(memory, elapsed - 60, elapsed)))
        print("  Data.fs grew %.1f MB, %.0f bytes per request (baseline: 549 MB in 5 minutes)"
              % (grown / 1e6, grown / total))
        print("  (median request: %.1f ms)" % (statistics.median(
            s for samples in timings.values() for s in samples) * 1000))
    finally:
        shutil.rmtree(directory, ignore_errors=True)
