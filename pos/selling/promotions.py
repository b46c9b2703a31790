"""Head-office promotions at the till: which are in force, which one a line gets, and how much it takes off.

Pure: no database, no Qt. Head office sends promotions as ``PromotionDoc`` (``pos.sync.wire``); the till keeps
them as JSON (``pos.sync.state.stored_promotions``) and ``pos.till.terminal.load_promotions`` reads them once per
sale start into a :class:`PromotionsInForce`, which the cart consults when a line is added or changed.

Rules, all in integer đồng:

- **In force**: ``active``, ``starts_on <= day <= ends_on`` (both inclusive, either may be open), and the till's
  store in ``store_codes`` (empty: every store). A stored promotion that cannot be read is left out, never fatal.
- **Target**, in head office's own vocabulary (``pos.server.schemas``: products are keyed by SKU, categories and
  producers by code): ``all`` — every product; ``product`` — the product's SKU (its id is accepted too);
  ``category`` — the product's category code; ``producer`` — the producer's code (the till's products hold the
  producer's id, so the loader resolves the code to the ids the till knows; the id itself is accepted too).
- **Discount**: ``percent`` (1–100) of the line amount, rounded half up; ``amount`` đồng off per unit of sale,
  times the quantity — for weighed goods the unit is the kilogram (quantities are thousandths: 1 250 = 1.25 kg,
  so 10 000 đ/kg off 1.25 kg is 12 500 đ), rounded half up. Never more than the line.
- **Several apply**: the one that gives the customer the biggest discount on that line; a tie goes to the
  smallest code, so the choice is deterministic.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pos.catalogue.lookup import ProductInfo
from pos.money import div_round_half_up

Kind = Literal["percent", "amount"]
Scope = Literal["all", "product", "category", "producer"]
_KINDS = ("percent", "amount")
_SCOPES = ("all", "product", "category", "producer")
log = logging.getLogger(__name__)
#: Longest sale note the server stores (``SaleDoc.note``).
MAX_NOTE = 300


@dataclass(frozen=True, slots=True)
class Promotion:
    """One head-office promotion, as the till applies it."""

    id: str
    code: str
    name_vi: str
    name_en: str
    kind: Kind
    value: int
    scope: Scope
    target: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    store_codes: frozenset[str] = frozenset()
    active: bool = True
    #: For ``producer`` scope: the till's ids of the producer ``target`` names (filled by the loader).
    producer_ids: frozenset[str] = frozenset()

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_vi

    def in_force(self, day: dt.date, store_code: str) -> bool:
        return (
            self.active
            and (self.starts_on is None or self.starts_on <= day)
            and (self.ends_on is None or day <= self.ends_on)
            and (not self.store_codes or store_code in self.store_codes)
        )

    def covers(self, product: ProductInfo) -> bool:
        if self.scope == "all":
            return True
        if self.scope == "product":
            return self.target in (product.sku, product.id)
        if self.scope == "category":
            return product.category_code is not None and product.category_code == self.target
        return product.producer_id is not None and (
            product.producer_id in self.producer_ids or product.producer_id == self.target
        )

    def discount_on(self, gross: int, qty_milli: int) -> int:
        """What this promotion takes off a line of ``gross`` đồng and ``qty_milli`` thousandths of a unit."""
        if gross <= 0 or qty_milli <= 0:
            return 0
        if self.kind == "percent":
            off = div_round_half_up(gross * self.value, 100)
        else:
            off = div_round_half_up(self.value * qty_milli, 1000)
        return min(gross, off)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able (a parked cart keeps the promotion its lines had)."""
        return {
            "id": self.id,
            "code": self.code,
            "name_vi": self.name_vi,
            "name_en": self.name_en,
            "kind": self.kind,
            "value": self.value,
            "scope": self.scope,
            "target": self.target,
            "starts_on": self.starts_on.isoformat() if self.starts_on else None,
            "ends_on": self.ends_on.isoformat() if self.ends_on else None,
            "store_codes": sorted(self.store_codes),
            "active": self.active,
            "producer_ids": sorted(self.producer_ids),
        }


def _date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def parse_promotion(
    doc: Mapping[str, Any], producer_ids_by_code: Mapping[str, str] | None = None
) -> Promotion:
    """A promotion from its stored JSON (``PromotionDoc`` fields); raises ``ValueError`` if it cannot be applied.

    ``producer_ids_by_code``: the till's producers (code → id), to resolve a ``producer`` target.
    """
    kind, scope, value = doc.get("kind"), doc.get("scope", "all"), doc.get("value")
    if kind not in _KINDS or scope not in _SCOPES:
        raise ValueError(f"unknown kind or scope: {kind!r}, {scope!r}")
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"bad value: {value!r}")
    if kind == "percent" and value > 100:
        raise ValueError(f"percent above 100: {value}")
    code, target = str(doc.get("code") or ""), str(doc.get("target") or "")
    if not code or (scope != "all" and not target):
        raise ValueError("a promotion needs a code, and a target unless it covers everything")
    stores = doc.get("store_codes") or []
    if isinstance(stores, str):
        stores = stores.split()
    producer_ids = set(doc.get("producer_ids") or ())
    if scope == "producer" and producer_ids_by_code and target in producer_ids_by_code:
        producer_ids.add(producer_ids_by_code[target])
    return Promotion(
        id=str(doc.get("id") or code),
        code=code,
        name_vi=str(doc.get("name_vi") or code),
        name_en=str(doc.get("name_en") or ""),
        kind=kind,
        value=value,
        scope=scope,
        target=target,
        starts_on=_date(doc.get("starts_on")),
        ends_on=_date(doc.get("ends_on")),
        store_codes=frozenset(str(s) for s in stores),
        active=bool(doc.get("active", True)),
        producer_ids=frozenset(str(p) for p in producer_ids),
    )


def parse_promotions(
    docs: Iterable[Mapping[str, Any]], producer_ids_by_code: Mapping[str, str] | None = None
) -> list[Promotion]:
    """Every promotion that can be read; one that cannot (a newer server's kind, damaged JSON) is left out."""
    out = []
    for doc in docs:
        try:
            out.append(parse_promotion(doc, producer_ids_by_code))
        except (ValueError, TypeError, AttributeError) as exc:
            log.warning("promotion %r left out: %s", getattr(doc, "get", lambda _k: None)("code"), exc)
    return out


@dataclass(frozen=True, slots=True)
class PromotionsInForce:
    """The promotions running on one day in one store (what the cart is given at the start of a sale)."""

    promotions: tuple[Promotion, ...] = ()

    @classmethod
    def select(cls, promotions: Iterable[Promotion], day: dt.date, store_code: str) -> PromotionsInForce:
        return cls(
            tuple(sorted((p for p in promotions if p.in_force(day, store_code)), key=lambda p: p.code))
        )

    def __bool__(self) -> bool:
        return bool(self.promotions)

    def for_product(self, product: ProductInfo) -> tuple[Promotion, ...]:
        return tuple(p for p in self.promotions if p.covers(product))

    def best_for(self, product: ProductInfo, gross: int, qty_milli: int) -> Promotion | None:
        """The promotion giving the biggest discount on this line (ties: smallest code); None if none gives any."""
        best: Promotion | None = None
        best_off = 0
        for p in self.promotions:  # sorted by code: a tie keeps the first
            if p.covers(product):
                off = p.discount_on(gross, qty_milli)
                if off > best_off:
                    best, best_off = p, off
        return best


NO_PROMOTIONS = PromotionsInForce()


def promotion_note(applied: Iterable[tuple[int, Promotion]], lang: str = "vi") -> str:
    """The sale's record of its promotions: one row per promotion with the (1-based) lines it discounted.

    ``KM TET (Khuyến mãi Tết): dòng 1, 3`` / ``Promo TET (Tet sale): lines 1, 3``. Kept within the server's
    300 characters: names are dropped first, then the list is cut with "…".
    """
    lines: dict[str, list[int]] = {}
    by_code: dict[str, Promotion] = {}
    for line_no, promo in applied:
        lines.setdefault(promo.code, []).append(line_no)
        by_code[promo.code] = promo
    if not lines:
        return ""
    label, word = ("Promo", "lines") if lang == "en" else ("KM", "dòng")

    def row(code: str, named: bool) -> str:
        name = f" ({by_code[code].name(lang)})" if named else ""
        return f"{label} {code}{name}: {word} {', '.join(str(n) for n in lines[code])}"

    for named in (True, False):
        note = "\n".join(row(code, named) for code in sorted(lines))
        if len(note) <= MAX_NOTE:
            return note
    return note[: MAX_NOTE - 1] + "…"


def join_note(*parts: str) -> str:
    """The sale note from its parts (the cashier's note, the promotions), within the server's 300 characters."""
    note = "\n".join(p for p in (part.strip() for part in parts) if p)
    return note if len(note) <= MAX_NOTE else note[: MAX_NOTE - 1] + "…"
