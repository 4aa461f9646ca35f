"""Helpers shared by the benchmarks: a real site in var/bench, timings, figures."""
import contextlib
import statistics
import tempfile
import time
from pathlib import Path

import transaction
import webtest
from pyramid.paster import get_app
from pyramid.threadlocal import manager

REPO = Path(__file__).resolve().parents[1]
TESTING_INI = REPO / "config" / "testing.ini"


class BenchSite:
    """The application on its own FileStorage (a temporary folder unless one is given)."""

    def __init__(self, data_dir=None):
        self.data_dir = Path(data_dir or tempfile.mkdtemp(prefix="dmp-bench-"))
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.app = get_app(str(TESTING_INI), options={"data_dir": str(self.data_dir)})
        self.registry = self.app.registry
        self.db = self.registry._zodb_databases[""]
        webtest.TestApp(self.app).get("/")

    @contextlib.contextmanager
    def root(self):
        connection = self.db.open()
        manager.push({"registry": self.registry, "request": None})
        try:
            yield connection.root()["app_root"]
            transaction.commit()
        except BaseException:
            transaction.abort()
            raise
        finally:
            manager.pop()
            connection.close()

    def close(self):
        self.db.close()


def percentiles(samples):
    """(p50, p95) in milliseconds of durations in seconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000


def time_calls(call, repeat, warmup=5):
    for _i in range(warmup):
        call()
    samples = []
    for _i in range(repeat):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return percentiles(samples)
