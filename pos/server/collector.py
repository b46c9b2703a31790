"""The cyclic garbage collector held off while an upload is parsed and stored.

A batch of 200 sales becomes tens of thousands of short-lived objects (the parsed documents, then the rows);
none of them form reference cycles, so reference counting frees every one, yet their allocation alone sets the
collector off every 700 objects, and every few batches it walks the whole server heap: 10–15 % of a batch's
time on the durable benchmark (``bench/sync_bench.py``, ``server_ingest_durable_vs_raw``). So the collector is
paused while a batch is parsed and while it is written, and runs again as soon as no batch is in progress.

Uploads from many tills can overlap without a gap for a long time: then a batch that ends while another is in
progress runs a full collection once ``CATCH_UP`` more tracked objects are alive than at the last collection, so
cyclic garbage that other work leaves meanwhile is still collected and memory stays bounded.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: Tracked objects allocated (net) since the last collection after which a batch ends with a full collection.
CATCH_UP = 200_000

_lock = threading.Lock()
_depth = 0
_resume = False  # whether the collector was on when the first pause began


@contextmanager
def paused() -> Iterator[None]:
    """Hold the collector off for the block (nestable, from any thread); it resumes when the last block ends."""
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            last = _depth == 0
            if last and _resume:
                gc.enable()
        if not last and _resume and gc.get_count()[0] > CATCH_UP:
            gc.collect()
