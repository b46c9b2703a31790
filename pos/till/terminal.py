"""The terminal as the GUI and the command line use it: settings, the open database, catalogue and VAT rates."""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, text

from pos.barcodes import in_store_layouts
from pos.catalogue.lookup import Catalogue
from pos.db import driver_rows, open_database
from pos.integrity import IntegrityCheck
from pos.selling.cart import Cart
from pos.selling.promotions import Promotion, PromotionsInForce, parse_promotions
from pos.settings import Settings, load_settings
from pos.sync import state
from pos.vat import VatSchedule


def load_vat_schedule(engine: Engine) -> VatSchedule:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT vat_class, valid_from, rate_pct FROM vat_rates")).all()
        conn.rollback()
    if not rows:
        return VatSchedule.default()
    return VatSchedule((str(c), dt.date.fromisoformat(str(d)), int(r)) for c, d, r in rows)


_STORED_PROMOTIONS = "SELECT value FROM terminal_state WHERE key LIKE ? ORDER BY key"
_STATE = "SELECT value FROM terminal_state WHERE key = ?"


@functools.lru_cache(maxsize=4)
def _promotion_docs(raws: tuple[str, ...]) -> tuple[dict[str, Any], ...]:
    """The stored promotions' JSON, parsed once per stored text (``pos.sync.state.stored_promotions``)."""
    return tuple(json.loads(r) for r in raws)


@functools.lru_cache(maxsize=4)
def _promotions(raws: tuple[str, ...], producers: tuple[tuple[str, str], ...]) -> tuple[Promotion, ...]:
    return tuple(parse_promotions(_promotion_docs(raws), dict(producers)))


def load_promotions(engine: Engine, store_code: str, on: dt.date) -> PromotionsInForce:
    """The head-office promotions in force in ``store_code`` on ``on`` (read once when a sale starts; parsed
    again only when what is stored changed)."""
    raws = tuple(str(r[0]) for r in driver_rows(engine, _STORED_PROMOTIONS, (state.PROMOTION_PREFIX + "%",)))
    docs = _promotion_docs(raws)
    codes = {str(d.get("target")) for d in docs if d.get("scope") == "producer" and d.get("target")}
    producers: tuple[tuple[str, str], ...] = ()
    if codes:
        rows = driver_rows(engine, "SELECT code, id FROM producers")
        producers = tuple(sorted((str(c), str(i)) for c, i in rows if str(c) in codes))
    return PromotionsInForce.select(_promotions(raws, producers), on, store_code)


@dataclass
class Terminal:
    settings: Settings
    engine: Engine
    catalogue: Catalogue
    vat: VatSchedule

    @classmethod
    def open(cls, settings: Settings | None = None, *, integrity: IntegrityCheck | None = None) -> Terminal:
        """``integrity``: the database's check, if it was started ahead (see ``pos.integrity``)."""
        settings = settings or load_settings()
        in_store = in_store_layouts(
            settings.device("barcodes")
        )  # a bad [barcodes] section: before the database
        engine = open_database(settings.db_path, integrity=integrity)
        return cls(settings, engine, Catalogue(engine, in_store), load_vat_schedule(engine))

    @property
    def code(self) -> str:
        return self.settings.terminal.code

    @property
    def store_code(self) -> str:
        """The store this till sells for: the one head office registered it to, else its settings'."""
        rows = driver_rows(self.engine, _STATE, (state.STORE_CODE,))
        registered = str(rows[0][0]) if rows and rows[0][0] is not None else None
        return registered or self.settings.terminal.store_code

    def promotions(self, on: dt.date) -> PromotionsInForce:
        return load_promotions(self.engine, self.store_code, on)

    def new_cart(self, on: dt.date | None = None) -> Cart:
        """A cart for the next sale, with the promotions in force today."""
        on = on or dt.date.today()
        return Cart(self.vat, on, promotions=self.promotions(on))

    def reload_vat(self) -> None:
        """After a sync brought new rates."""
        self.vat = load_vat_schedule(self.engine)

    def close(self) -> None:
        self.engine.dispose()
