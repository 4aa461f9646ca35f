"""Helpers shared by the benchmarks: a real site in var/bench, timings, figures."""
import statistics
import tempfile
import time
from pathlib import Path

from dmp_library.testing import Site

REPO = Path(__file__).resolve().parents[1]


class BenchSite(Site):
    """A site in a new temporary folder unless one is given."""

    def __init__(self, data_dir=None):
        super().__init__(data_dir or tempfile.mkdtemp(prefix="dmp-bench-"))


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
