"""Time-ordered UUIDs (version 7, RFC 9562) for sales and every row that syncs.

Python 3.11 has no ``uuid.uuid7``; this is the RFC layout: 48-bit Unix milliseconds, version, 74 random bits.
A per-process monotonic counter keeps ids ordered within one millisecond.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_seq = 0


def uuid7(now_ms: int | None = None) -> uuid.UUID:
    """A new UUIDv7; ids made by one process are strictly increasing."""
    global _last_ms, _seq
    with _lock:
        ms = int(time.time() * 1000) if now_ms is None else now_ms
        if ms <= _last_ms:
            ms = _last_ms
            _seq += 1
            if _seq > 0xFFF:  # 4096 ids in one millisecond: borrow the next millisecond
                ms += 1
                _seq = 0
        else:
            _seq = int.from_bytes(os.urandom(2), "big") & 0x3FF
        _last_ms = ms
        rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
        value = (ms & ((1 << 48) - 1)) << 80
        value |= 0x7 << 76
        value |= (_seq & 0xFFF) << 64
        value |= 0b10 << 62
        value |= rand_b
        return uuid.UUID(int=value)


def new_id() -> str:
    """A new UUIDv7 as the canonical 36-character string used as a primary key."""
    return str(uuid7())
