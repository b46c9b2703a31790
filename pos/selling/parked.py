"""Parked sales: a cart put aside so the till can serve the next customer, recalled later.

A tour group queues while one customer fetches another item: the cashier parks that cart, sells to the others
and recalls it when the customer is back. Several carts can be parked at once. They are kept in the terminal's
own database (table ``terminal_state``), so a crash or a restart of the till does not lose a waiting basket.

A parked cart keeps the product snapshots, prices and promotions it was built with, like an open cart does;
recalling it puts the very same lines back. Parking is not a sale: nothing is committed, no stock moves, no receipt number.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, Engine, text

from pos.catalogue.lookup import ProductInfo
from pos.db import write_tx
from pos.errors import CartError
from pos.ids import new_id
from pos.selling.cart import Cart, CartLine, Discount
from pos.selling.promotions import Promotion, parse_promotions
from pos.vat import VatSchedule

KEY_PREFIX = "parked:"
MAX_PARKED = 30
FORMAT_VERSION = 1
PREVIEW_NAMES = 3


@dataclass(frozen=True, slots=True)
class ParkedSale:
    """One parked cart as the recall list shows it. ``number`` is the short number the cashier calls out."""

    id: str
    number: int
    label: str
    parked_at: dt.datetime
    cashier_name: str
    line_count: int
    item_count: int
    total: int
    names_vi: tuple[str, ...] = ()  # the first few products, so the cashier recognises the basket
    names_en: tuple[str, ...] = ()

    def names(self, lang: str) -> tuple[str, ...]:
        return self.names_en if lang == "en" and self.names_en else self.names_vi


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _product_to_dict(p: ProductInfo) -> dict[str, Any]:
    data = asdict(p)
    data["ocop_expires_on"] = p.ocop_expires_on.isoformat() if p.ocop_expires_on else None
    return data


def _product_from_dict(data: dict[str, Any]) -> ProductInfo:
    values = dict(data)
    expires = values.get("ocop_expires_on")
    values["ocop_expires_on"] = dt.date.fromisoformat(expires) if expires else None
    return ProductInfo(**values)


def _discount_to_dict(d: Discount) -> dict[str, int]:
    return {"amount": d.amount, "percent": d.percent}


def _promotion(data: Any) -> Promotion | None:
    """A parked line's promotion (none if it cannot be read: the line then sells at its plain price)."""
    found = parse_promotions([data]) if isinstance(data, dict) else []
    return found[0] if found else None


def encode_cart(cart: Cart) -> dict[str, Any]:
    """The cart as plain JSON-able data (product snapshots included)."""
    return {
        "v": FORMAT_VERSION,
        "on": cart.on.isoformat(),
        "note": cart.note,
        "sale_discount": _discount_to_dict(cart.sale_discount),
        "lines": [
            {
                "product": _product_to_dict(line.product),
                "qty_milli": line.qty_milli,
                "unit_price": line.unit_price,
                "code": line.code,
                "fixed_amount": line.fixed_amount,
                "discount": _discount_to_dict(line.discount),
                "batch": line.batch,
                "expiry": line.expiry.isoformat() if line.expiry else None,
                "promotion": line.promotion.to_dict() if line.promotion else None,
                "original_line_id": line.original_line_id,
            }
            for line in cart.lines
        ],
    }


def decode_cart(data: dict[str, Any], vat_schedule: VatSchedule, on: dt.date | None = None) -> Cart:
    """Rebuild a cart from :func:`encode_cart` data. ``on`` (the sale date for VAT) defaults to the stored one."""
    if data.get("v") != FORMAT_VERSION:
        raise CartError(
            "Không đọc được đơn chờ (định dạng lạ)", "Cannot read the parked sale (unknown format)"
        )
    cart = Cart(vat_schedule, on or dt.date.fromisoformat(data["on"]))
    cart.note = str(data.get("note", ""))
    cart.sale_discount = Discount(**data.get("sale_discount", {}))
    for raw in data["lines"]:
        expiry = raw.get("expiry")
        cart.lines.append(
            CartLine(
                product=_product_from_dict(raw["product"]),
                qty_milli=int(raw["qty_milli"]),
                unit_price=int(raw["unit_price"]),
                code=str(raw.get("code", "")),
                fixed_amount=None if raw.get("fixed_amount") is None else int(raw["fixed_amount"]),
                discount=Discount(**raw.get("discount", {})),
                batch=raw.get("batch"),
                expiry=dt.date.fromisoformat(expiry) if expiry else None,
                promotion=_promotion(raw.get("promotion")),
                original_line_id=raw.get("original_line_id"),
            )
        )
    return cart


def _summary(parked_id: str, doc: dict[str, Any]) -> ParkedSale:
    return ParkedSale(
        id=parked_id,
        number=int(doc["number"]),
        label=str(doc.get("label", "")),
        parked_at=dt.datetime.fromisoformat(doc["parked_at"]),
        cashier_name=str(doc.get("cashier_name", "")),
        line_count=int(doc["line_count"]),
        item_count=int(doc["item_count"]),
        total=int(doc["total"]),
        names_vi=tuple(str(n) for n in doc.get("names_vi", ())),
        names_en=tuple(str(n) for n in doc.get("names_en", ())),
    )


class ParkedSales:
    """The parked carts of one terminal database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _rows(self) -> list[tuple[str, dict[str, Any]]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                text("SELECT key, value FROM terminal_state WHERE key LIKE :p"), {"p": KEY_PREFIX + "%"}
            ).all()
            conn.rollback()
        out = []
        for key, value in rows:
            try:
                out.append((str(key)[len(KEY_PREFIX) :], json.loads(str(value))))
            except ValueError:
                continue  # a damaged entry is skipped, never allowed to block the till
        return out

    def list(self) -> list[ParkedSale]:
        """Parked carts, oldest first."""
        items = [_summary(pid, doc) for pid, doc in self._rows()]
        return sorted(items, key=lambda p: (p.parked_at, p.number))

    def count(self) -> int:
        return len(self._rows())

    def park(
        self,
        cart: Cart,
        *,
        label: str = "",
        cashier_name: str = "",
        now: dt.datetime | None = None,
        also: Callable[[Connection], None] | None = None,
    ) -> ParkedSale:
        """Store ``cart`` and return its summary. The caller clears its cart afterwards.

        ``also(conn)`` writes in the same transaction (the till drops its saved open cart there: a crash never
        leaves the basket both parked and open).
        """
        if cart.is_empty:
            raise CartError("Giỏ hàng trống — không có gì để giữ", "The cart is empty — nothing to park")
        now = now or _utcnow()
        parked_id = new_id()
        totals = cart.totals()
        with write_tx(self.engine) as conn:
            rows = conn.execute(
                text("SELECT value FROM terminal_state WHERE key LIKE :p"), {"p": KEY_PREFIX + "%"}
            ).all()
            used = set()
            for (value,) in rows:
                try:
                    used.add(int(json.loads(str(value))["number"]))
                except (ValueError, KeyError, TypeError):
                    continue
            if len(rows) >= MAX_PARKED:
                raise CartError(
                    f"Đã có {MAX_PARKED} đơn chờ — hãy thanh toán hoặc huỷ bớt",
                    f"{MAX_PARKED} sales are already parked — finish or discard some first",
                    code="too_many_parked",
                )
            number = next(n for n in range(1, MAX_PARKED + 2) if n not in used)
            doc = {
                "number": number,
                "label": label.strip()[:60],
                "parked_at": now.isoformat(),
                "cashier_name": cashier_name,
                "line_count": len(cart.lines),
                "item_count": cart.item_count(),
                "total": totals.total,
                "names_vi": [line.product.name_vi for line in cart.lines[:PREVIEW_NAMES]],
                "names_en": [line.product.name("en") for line in cart.lines[:PREVIEW_NAMES]],
                "cart": encode_cart(cart),
            }
            conn.execute(
                text("INSERT INTO terminal_state (key, value) VALUES (:k, :v)"),
                {"k": KEY_PREFIX + parked_id, "v": json.dumps(doc, ensure_ascii=False)},
            )
            if also is not None:
                also(conn)
        return _summary(parked_id, doc)

    def recall(
        self,
        parked_id: str,
        vat_schedule: VatSchedule,
        on: dt.date | None = None,
        also: Callable[[Connection, Cart], None] | None = None,
    ) -> Cart:
        """Take a parked cart back (it leaves the parked list). ``on`` is today's date for VAT.

        ``also(conn, cart)`` writes in the same transaction (the till saves the recalled cart as its open cart
        there: a crash never loses a basket between the two). A parked cart that cannot be read stays parked.
        """
        with write_tx(self.engine) as conn:
            value = conn.execute(
                text("SELECT value FROM terminal_state WHERE key = :k"), {"k": KEY_PREFIX + parked_id}
            ).scalar()
            if value is None:
                raise CartError(
                    "Đơn chờ này không còn (đã được gọi lại hoặc huỷ)",
                    "This parked sale is gone (already recalled or discarded)",
                    code="no_parked",
                )
            cart = decode_cart(json.loads(str(value))["cart"], vat_schedule, on or dt.date.today())
            conn.execute(text("DELETE FROM terminal_state WHERE key = :k"), {"k": KEY_PREFIX + parked_id})
            if also is not None:
                also(conn, cart)
        return cart

    def discard(self, parked_id: str) -> None:
        """Drop a parked cart (the customer left)."""
        with write_tx(self.engine) as conn:
            conn.execute(text("DELETE FROM terminal_state WHERE key = :k"), {"k": KEY_PREFIX + parked_id})
