"""Asking for a VietQR bank transfer for one sale: the shop's account, the amount and a matchable reference.

The reference is the receipt label (``T01-000123``: terminal code and the number the sale will get), so the
shop can find the sale from the bank's notification or statement. The number is peeked before the sale commits;
one terminal commits one sale at a time, so the number the customer sees is the one the receipt gets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, insert, text

from pos import models
from pos.errors import ConfigError, PaymentError
from pos.payments import vietqr
from pos.payments.banks import bank_by_bin
from pos.selling.checkout import peek_next_receipt_no, receipt_label

if TYPE_CHECKING:
    from pos.sync.transfer_wire import TransferQuestion


@dataclass(frozen=True, slots=True)
class ShopAccount:
    """Where transfers go: the shop's bank (NAPAS BIN), account number and account holder's name."""

    bank_bin: str
    account: str
    account_name: str
    shop_name: str

    @property
    def bank_name(self) -> str:
        """The bank's short name (``Vietcombank``), or the BIN when the bank list does not know it."""
        try:
            bank = bank_by_bin(self.bank_bin)
        except (
            ConfigError
        ):  # the bank list is a convenience; a missing or broken file must not stop a payment
            return self.bank_bin
        return bank.short_name if bank is not None else self.bank_bin


@dataclass(frozen=True, slots=True)
class TransferRequest:
    """One dynamic VietQR: what the customer's banking app will fill in."""

    account: ShopAccount
    amount: int
    reference: str
    payload: str

    def question(self) -> TransferQuestion:
        """What the till asks head office about this transfer (``pos.sync.transfer_watch``; pydantic is loaded
        with the first transfer, not when the till starts)."""
        from pos.sync.transfer_wire import TransferQuestion

        return TransferQuestion(
            reference=self.reference, amount=self.amount, account_number=self.account.account
        )


def load_shop_account(engine: Engine) -> ShopAccount | None:
    """The shop's transfer account from its profile, or None if none is set up (transfers are then off)."""
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT bank_bin, bank_account, bank_account_name, name FROM store_profile WHERE id = 1")
        ).first()
        conn.rollback()
    if row is None or not row[0] or not row[1]:
        return None
    return ShopAccount(str(row[0]), str(row[1]), str(row[2] or ""), str(row[3] or ""))


def transfer_reference(terminal_code: str, receipt_no: int) -> str:
    """The transfer message: the receipt label, ASCII as banks carry it."""
    return vietqr.ascii_reference(receipt_label(terminal_code, receipt_no))


def request_transfer(engine: Engine, terminal_code: str, amount: int) -> TransferRequest:
    """A dynamic VietQR for ``amount`` đồng to the shop's account, referenced with the next receipt number."""
    account = load_shop_account(engine)
    if account is None:
        raise PaymentError(
            "Chưa cài đặt tài khoản ngân hàng của cửa hàng — không nhận chuyển khoản được",
            "The shop's bank account is not set up — transfers cannot be taken",
            code="no_bank_account",
        )
    reference = transfer_reference(terminal_code, peek_next_receipt_no(engine, terminal_code))
    payload = vietqr.build(account.bank_bin, account.account, amount, reference)
    return TransferRequest(account, amount, reference, payload)


@dataclass(frozen=True, slots=True)
class Confirmation:
    """How one transfer was confirmed: ``bank`` (the bank's notification, matched at head office) or ``manual``.

    A bank confirmation carries what the bank said: the source, its transaction id, its time and the amount.
    """

    reference: str
    amount: int
    confirmed_by: str  # "bank" | "manual"
    source: str = ""
    transaction_id: str = ""
    bank_time: dt.datetime | None = None

    @staticmethod
    def manual(reference: str, amount: int) -> Confirmation:
        return Confirmation(reference, amount, "manual")


def record_confirmations(conn: Connection, sale_id: str, confirmations: Sequence[Confirmation]) -> None:
    """Write how the sale's transfers were confirmed, in the sale's own transaction (the checkout's ``also``)."""
    rows = [
        {
            "sale_id": sale_id,
            "reference": c.reference,
            "amount": c.amount,
            "confirmed_by": c.confirmed_by,
            "source": c.source,
            "transaction_id": c.transaction_id,
            "bank_time": c.bank_time,
        }
        for c in {c.reference: c for c in confirmations}.values()
    ]
    if rows:
        conn.execute(insert(models.TransferConfirmation), rows)


def confirmations_of(engine: Engine, sale_id: str) -> list[Confirmation]:
    """How a sale's transfers were confirmed (none: paid before confirmations were recorded, or no transfer)."""
    t = models.TransferConfirmation
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT reference, amount, confirmed_by, source, transaction_id, bank_time "
                f"FROM {t.__tablename__} WHERE sale_id = :s ORDER BY reference"
            ),
            {"s": sale_id},
        ).all()
        conn.rollback()
    return [
        Confirmation(
            str(r[0]),
            int(r[1]),
            str(r[2]),
            str(r[3]),
            str(r[4]),
            r[5] if isinstance(r[5], dt.datetime) or r[5] is None else dt.datetime.fromisoformat(str(r[5])),
        )
        for r in rows
    ]
