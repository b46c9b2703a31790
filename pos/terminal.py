"""The terminal as the GUI and the command line use it: settings, the open database, catalogue and VAT rates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, text

from pos.barcodes import in_store_layouts
from pos.catalogue.lookup import Catalogue
from pos.db import open_database
from pos.integrity import IntegrityCheck
from pos.selling.cart import Cart
from pos.settings import Settings, load_settings
from pos.vat import VatSchedule


def load_vat_schedule(engine: Engine) -> VatSchedule:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT vat_class, valid_from, rate_pct FROM vat_rates")).all()
        conn.rollback()
    if not rows:
        return VatSchedule.default()
    return VatSchedule((str(c), dt.date.fromisoformat(str(d)), int(r)) for c, d, r in rows)


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

    def new_cart(self) -> Cart:
        return Cart(self.vat, dt.date.today())

    def reload_vat(self) -> None:
        """After a sync brought new rates."""
        self.vat = load_vat_schedule(self.engine)

    def close(self) -> None:
        self.engine.dispose()
