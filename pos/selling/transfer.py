"""Asking for a VietQR bank transfer for one sale: the shop's account, the amount and a matchable reference.

The reference is the receipt label (``T01-000123``: terminal code and the number the sale will get), so the
shop can find the sale from the bank's notification or statement. The number is peeked before the sale commits;
one terminal commits one sale at a time, so the number the customer sees is the one the receipt gets.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, text

from pos.errors import ConfigError, PaymentError
from pos.payments import vietqr
from pos.payments.banks import bank_by_bin
from pos.selling.checkout import peek_next_receipt_no, receipt_label


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
