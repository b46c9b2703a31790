"""Bank transfer notifications: one module per source (``sepay``, ``casso``), one common shape (``base.Notice``).

``SOURCES`` is the registry the webhook route looks a source up in; adding a source is one module and one entry.
"""

from __future__ import annotations

from pos.server.bank import casso, sepay
from pos.server.bank.base import Source

SOURCES: dict[str, Source] = {sepay.SOURCE.name: sepay.SOURCE, casso.SOURCE.name: casso.SOURCE}

__all__ = ["SOURCES", "Source"]
