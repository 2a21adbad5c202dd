"""Peak resident memory of a block of code, sampled from /proc (no tracing overhead on the timed code)."""

from __future__ import annotations

import os
import resource
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _rss() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class Peak:
    baseline: int = 0
    peak: int = 0

    @property
    def extra_bytes(self) -> int:
        """How much the block added to the process at its peak."""
        return max(0, self.peak - self.baseline)


@contextmanager
def peak_memory(interval: float = 0.005) -> Iterator[Peak]:
    peak = Peak()
    peak.baseline = peak.peak = _rss()
    done = threading.Event()

    def sample() -> None:
        while not done.wait(interval):
            peak.peak = max(peak.peak, _rss())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield peak
    finally:
        done.set()
        sampler.join()
        peak.peak = max(peak.peak, _rss())
