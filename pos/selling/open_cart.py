"""The sale in progress, kept on disk at every change: a crash never costs the cashier the customer in front of them.

The till saves its open cart after every change (a scan, a quantity, a discount, a price) as one small write
transaction in its own database — the same table and the same encoding as parked carts
(``pos.selling.parked``: ``terminal_state``, ``encode_cart``/``decode_cart``), under one key: one till is one
SQLite file, so there is exactly one open cart per database. An empty cart removes the row. The sale's checkout
removes it inside its own transaction (``drop`` as the checkout's ``also``), parking inside the parking
transaction and a recall writes the recalled cart inside the recall's: a crash at any moment leaves the basket in
exactly one place — sold, parked or open — never in two and never in none.

At the next start the till restores it exactly: lines, quantities, unit prices and price overrides, line and sale
discounts, promotions, batch and expiry, the note, the customer's language. Rules, as for a recalled parked cart:

* the lines keep the prices and promotions they were scanned with; the VAT is that of the day the sale is paid
  (the cart's date becomes the restoring day), and lines added after get that day's promotions;
* a manager's approval is not saved: a restored cart whose discounts or prices are above the signed-in person's
  limit asks for a manager's PIN again at payment;
* the cart belongs to the till, not to a cashier: whoever signs in next finds it, and is told who started it and
  when.

Saving is split into a pure :meth:`OpenCart.document` (the JSON, deflated) and :meth:`OpenCart.write` (the one
write transaction). The document is stored zlib-compressed (a BLOB): a 30-line cart is ~20 KB of JSON — five
database pages to write and sync at every scan — and ~3 KB deflated, one page, so saving costs about what the
smallest durable write costs (``bench/open_cart_bench.py``). A row holding plain JSON text (written by an older
version, or by hand) is read as before; :func:`stored_document` reads either. :class:`CoalescedSaves` runs both on a database thread (the till's executor, ``ui/executor.py``):
the cart is copied where it changes (its lines are frozen: a copy is a list of pointers), and the thread writes
the newest copy only — a burst of scans is one write, never a queue of stale ones.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError

from pos.db import write_tx
from pos.errors import CartError
from pos.open_cart_store import KEY, LEVEL, stored_document
from pos.selling.cart import Cart
from pos.selling.parked import decode_cart, encode_cart
from pos.selling.promotions import NO_PROMOTIONS, PromotionsInForce
from pos.vat import VatSchedule

#: Where an open cart that cannot be read is moved (with the time), so it is kept for a person to look at.
UNREADABLE_PREFIX = "open_cart.unreadable:"
FORMAT_VERSION = 1

log = logging.getLogger(__name__)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class RestoredCart:
    """The cart in progress found at start, with who started it and when (naive UTC, like the till's times)."""

    cart: Cart
    started_at: dt.datetime
    started_by: str  # the cashier's name ("" if nobody was signed in)
    started_by_id: str | None
    saved_at: dt.datetime
    started_on: dt.date  # the cart's own sale date when it was saved
    customer_lang: str

    def from_another_day(self) -> bool:
        """Started on an earlier day than it is restored on (its prices are that day's)."""
        return self.started_on != self.cart.on


class OpenCart:
    """The open cart of one terminal database (key ``open_cart`` of ``terminal_state``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # Who started the cart in progress and when: set by its first non-empty save (or by a restore).
        self._started: tuple[dt.datetime, str, str | None] | None = None
        self._stored = True  # a row may exist until known otherwise: the first empty save removes it
        self._failing = False

    # --- saving -------------------------------------------------------------------------------------------------
    def document(
        self,
        cart: Cart,
        *,
        cashier_name: str = "",
        cashier_id: str | None = None,
        customer_lang: str = "vi",
        now: dt.datetime | None = None,
    ) -> bytes | None:
        """The deflated JSON stored for ``cart`` now (None for an empty cart: nothing to keep). Pure but for
        noting who started a new cart."""
        if cart.is_empty:
            self._started = None
            return None
        now = now or _utcnow()
        if self._started is None:
            self._started = (now, cashier_name, cashier_id)
        started_at, started_by, started_by_id = self._started
        doc = {
            "v": FORMAT_VERSION,
            "cart": encode_cart(cart),
            "started_at": started_at.isoformat(),
            "started_by": started_by,
            "started_by_id": started_by_id,
            "saved_at": now.isoformat(),
            "customer_lang": customer_lang,
        }
        return zlib.compress(
            json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), LEVEL
        )

    def write(self, doc: bytes | None) -> bool:
        """One small write transaction storing ``doc`` (None: the row goes). Never raises: selling goes on if the
        disk refuses (the checkout then says so); the failure is logged once until a write works again."""
        if doc is None and not self._stored:
            return True
        try:
            with write_tx(self.engine) as conn:
                self._put(conn, doc)
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            if not self._failing:
                log.error("the open cart could not be saved: %s", exc)
            self._failing = True
            return False
        if self._failing:
            log.warning("the open cart is saved again")
        self._failing = False
        self._stored = doc is not None
        return True

    def save(
        self,
        cart: Cart,
        *,
        cashier_name: str = "",
        cashier_id: str | None = None,
        customer_lang: str = "vi",
        now: dt.datetime | None = None,
    ) -> bool:
        """``cart`` as it is now, on disk (an empty cart removes the row): :meth:`document` then :meth:`write`."""
        return self.write(
            self.document(
                cart, cashier_name=cashier_name, cashier_id=cashier_id, customer_lang=customer_lang, now=now
            )
        )

    def _put(self, conn: Connection, doc: bytes | None) -> None:
        if doc is None:
            conn.execute(text("DELETE FROM terminal_state WHERE key = :k"), {"k": KEY})
            return
        conn.execute(
            text(
                "INSERT INTO terminal_state (key, value) VALUES (:k, :v) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
            ),
            {"k": KEY, "v": doc},
        )

    # --- inside other transactions ------------------------------------------------------------------------------
    def put(
        self,
        conn: Connection,
        cart: Cart,
        *,
        cashier_name: str = "",
        cashier_id: str | None = None,
        customer_lang: str = "vi",
    ) -> None:
        """Store ``cart`` as the open cart on ``conn``, in the caller's transaction (a recall)."""
        self._started = None  # a recalled basket starts again here
        self._put(
            conn,
            self.document(
                cart, cashier_name=cashier_name, cashier_id=cashier_id, customer_lang=customer_lang
            ),
        )
        self._stored = True

    def drop(self, conn: Connection, *_context: object) -> None:
        """Remove the open cart on ``conn``, in the caller's transaction (the checkout's ``also``, parking)."""
        self._started = None
        self._put(conn, None)

    def drop_raw(self, cur: sqlite3.Cursor, *_context: object) -> None:
        """:meth:`drop` on the driver's cursor (the checkout's ``also_raw``: its transaction stays off SQLAlchemy)."""
        self._started = None
        cur.execute("DELETE FROM terminal_state WHERE key = ?", (KEY,))

    def dropped(self) -> None:
        """The transaction that dropped the row has committed: the empty cart that follows needs no write."""
        self._stored = False

    # --- at start -------------------------------------------------------------------------------------------------
    def restore(
        self, vat_schedule: VatSchedule, on: dt.date, promotions: PromotionsInForce = NO_PROMOTIONS
    ) -> RestoredCart | None:
        """The open cart left by the last run, as it was, dated ``on`` (today: the VAT of the day it is paid);
        ``promotions`` are today's, for lines added from now on. None when there is none.

        One that cannot be read or priced (a newer format, damaged, a VAT class no longer known) is moved aside under ``open_cart.unreadable:<time>``
        and logged, never deleted, and the till starts with an empty cart.
        """
        with self.engine.connect() as conn:
            raw = conn.execute(text("SELECT value FROM terminal_state WHERE key = :k"), {"k": KEY}).scalar()
            conn.rollback()
        self._stored = raw is not None
        if raw is None:
            return None
        try:
            restored = self._decode(raw if isinstance(raw, bytes) else str(raw), vat_schedule, on)
            totals = (
                restored.cart.totals()
            )  # a cart the till cannot price (a VAT class gone) must not stop it
        except (CartError, ValueError, KeyError, TypeError, zlib.error) as exc:
            self._set_aside(raw if isinstance(raw, bytes) else str(raw), exc)
            return None
        restored.cart.promotions = promotions
        self._started = (restored.started_at, restored.started_by, restored.started_by_id)
        log.warning(
            "the sale in progress was restored: %d lines, total %d đ, started by %s at %s UTC",
            len(restored.cart.lines),
            totals.total,
            restored.started_by or "nobody signed in",
            restored.started_at.isoformat(timespec="seconds"),
        )
        return restored

    @staticmethod
    def _decode(raw: str | bytes, vat_schedule: VatSchedule, on: dt.date) -> RestoredCart:
        doc = stored_document(raw)
        if doc.get("v") != FORMAT_VERSION:
            raise ValueError(f"unknown open cart format {doc.get('v')!r}")
        cart_doc = doc["cart"]
        cart = decode_cart(cart_doc, vat_schedule, on)
        started_by_id = doc.get("started_by_id")
        return RestoredCart(
            cart=cart,
            started_at=dt.datetime.fromisoformat(doc["started_at"]),
            started_by=str(doc.get("started_by") or ""),
            started_by_id=str(started_by_id) if started_by_id else None,
            saved_at=dt.datetime.fromisoformat(doc["saved_at"]),
            started_on=dt.date.fromisoformat(cart_doc["on"]),
            customer_lang=str(doc.get("customer_lang") or "vi"),
        )

    def _set_aside(self, raw: str | bytes, exc: Exception) -> None:
        key = UNREADABLE_PREFIX + _utcnow().isoformat(timespec="microseconds")
        log.error(
            "the saved open cart cannot be read (%s): kept as %s, the till starts with an empty cart",
            exc,
            key,
        )
        with write_tx(self.engine) as conn:
            conn.execute(
                text("INSERT INTO terminal_state (key, value) VALUES (:k, :v)"), {"k": key, "v": raw}
            )
            conn.execute(text("DELETE FROM terminal_state WHERE key = :k"), {"k": KEY})
        self._stored = False


@dataclass(frozen=True, slots=True)
class _Snapshot:
    cart: Cart
    cashier_name: str
    cashier_id: str | None
    customer_lang: str
    at: dt.datetime


class CoalescedSaves:
    """The open cart saved on a database thread, the newest state only.

    ``save`` (on the thread that changes the cart) copies the cart and asks ``submit`` to run one write job
    unless one is already waiting; the job (on the database thread) writes whatever copy is newest when it runs.
    So the disk is at most one write behind the screen, and a write never carries an older cart than the one
    queued before it. ``submit`` must run jobs in order with the till's other database work, on one thread:
    a checkout's ``drop`` queued after a save then always runs after it (the paid cart never comes back).
    """

    def __init__(self, open_cart: OpenCart, submit: Callable[[Callable[[], None]], None]) -> None:
        self.open_cart = open_cart
        self.submit = submit
        self._lock = threading.Lock()
        self._newest: _Snapshot | None = None
        self._queued = False
        self.writes = 0  # writes done (a burst of saves is one write)

    def save(
        self, cart: Cart, *, cashier_name: str = "", cashier_id: str | None = None, customer_lang: str = "vi"
    ) -> None:
        snapshot = _Snapshot(
            replace(cart, lines=list(cart.lines)), cashier_name, cashier_id, customer_lang, _utcnow()
        )
        with self._lock:
            self._newest = snapshot
            if self._queued:
                return
            self._queued = True
        self.submit(self.write_newest)

    def write_newest(self) -> None:
        """Write the newest copy (on the database thread); nothing if an earlier job already wrote it."""
        with self._lock:
            snapshot, self._newest = self._newest, None
            self._queued = False
        if snapshot is None:
            return
        doc = self.open_cart.document(
            snapshot.cart,
            cashier_name=snapshot.cashier_name,
            cashier_id=snapshot.cashier_id,
            customer_lang=snapshot.customer_lang,
            now=snapshot.at,
        )
        self.open_cart.write(doc)
        self.writes += 1
