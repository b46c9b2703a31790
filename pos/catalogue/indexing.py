"""What the search index holds for a product: folded names in both languages, SKU and barcodes."""

from __future__ import annotations

from collections.abc import Iterable

from pos.text import fold


def search_text(name_vi: str, name_en: str, sku: str, codes: Iterable[str]) -> str:
    """Folded, space-separated text indexed by FTS5 (``đ``→``d``, no marks, lower case)."""
    parts = [fold(name_vi), fold(name_en), fold(sku), sku.lower().replace("-", ""), *codes]
    return " ".join(p for p in parts if p)
