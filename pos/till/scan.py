"""Where a scan becomes a cart line: the code resolved to a product, the line added, the warnings to show.

A keyboard-wedge scan, a camera scan, a code typed into the search box, a quick key and a search result all end
here (``TillSession.add_code`` / ``add_product``), and so do ``ocop-pos simulate``'s baskets. What a code means is
the catalogue's (``Catalogue.resolve``); how a line is priced is the cart's (``Cart.add``); this module joins the
two and says what the cashier should be told about the product.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pos.catalogue.lookup import Catalogue, ProductInfo, ScanResult
from pos.selling.cart import Cart

_QTY_PREFIX = re.compile(r"^\s*(\d{1,4}(?:[.,]\d{1,3})?)\s*[*xX×]\s*(.*)$")

#: What the sale screen warns about after adding a line (the product is still sold).
OCOP_EXPIRED = "ocop_expired"
OUT_OF_STOCK = "out_of_stock"


def split_qty_prefix(text: str) -> tuple[int | None, str]:
    """``"3*"`` → (3000, ""), ``"2,5*chả"`` → (2500, "chả"), anything else → (None, text)."""
    m = _QTY_PREFIX.match(text)
    if not m:
        return None, text
    whole, _, frac = m.group(1).replace(",", ".").partition(".")
    qty = int(whole) * 1000 + int((frac + "000")[:3])
    return (qty if qty > 0 else None), m.group(2).strip()


@dataclass(frozen=True, slots=True)
class AddedLine:
    """What the sale screen tells the cashier after a scan."""

    index: int
    product: ProductInfo
    warnings: tuple[str, ...]  # OCOP_EXPIRED, OUT_OF_STOCK


def line_warnings(product: ProductInfo, today: dt.date) -> tuple[str, ...]:
    """Why the cashier should look twice: the OCOP rating has lapsed, or the till's stock says none is left."""
    out = []
    if product.ocop_expired(today):
        out.append(OCOP_EXPIRED)
    if product.out_of_stock:
        out.append(OUT_OF_STOCK)
    return tuple(out)


def add_to_cart(cart: Cart, scan: ScanResult, qty_milli: int | None, today: dt.date) -> AddedLine:
    """Add a resolved scan to ``cart``; ``qty_milli`` is a quantity typed before it (``3*``), else None."""
    index = cart.add(scan, qty_milli)
    return AddedLine(index, scan.product, line_warnings(scan.product, today))


def scan_into(
    cart: Cart, catalogue: Catalogue, code: str, qty_milli: int | None, today: dt.date
) -> AddedLine:
    """Resolve ``code`` and add it; a bad or unknown code raises (``PosError``) and leaves the cart untouched."""
    return add_to_cart(cart, catalogue.resolve(code), qty_milli, today)
