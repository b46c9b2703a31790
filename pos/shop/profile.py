"""The shop's profile (the one ``store_profile`` row): what receipts print and where VietQR transfers go.

``load_profile`` reads it (an empty profile if none was ever saved); ``check_profile`` names every problem of a
proposed profile as ``(field, vi, en)``; ``save_profile`` normalises, checks, writes and audits it in one
transaction, for someone holding ``EDIT_SHOP_PROFILE`` (a manager) or with their approval.

Rules: a name is required; the tax code (MST) is 10 digits, or 13 as ``0101234567-001`` (the dash may be left
out); the bank is one of the shipped VietQR banks (given by BIN, code or short name, stored as the BIN); the
account number is digits only (spaces dropped); the account holder is stored the way banks print it — upper-case
ASCII without diacritics (``Nguyễn Văn Đức`` → ``NGUYEN VAN DUC``); bank, account and holder come together or
not at all.

The profile belongs to the till: the central server's catalogue pages carry products, producers, categories,
VAT rates and promotions but never a store profile (``pos/sync/catalogue_apply.py``), so a profile saved here is
never overwritten by a sync. If head office ever sends one, the rule is that the locally saved profile wins
(the server's would only fill an empty one).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import Engine, insert, text

from pos.db import write_tx
from pos.errors import FieldErrors
from pos.models import StoreProfile
from pos.payments.banks import account_holder, bank_by_bin, find_bank
from pos.staff.audit import AuditEvent, record
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission, require
from pos.text import is_tax_code

__all__ = [
    "FIELDS",
    "ShopProfile",
    "ShopProfileError",
    "check_profile",
    "load_profile",
    "normalise",
    "save_profile",
]

_ACCOUNT = re.compile(r"[0-9]{4,19}")
_HOLDER = re.compile(r"[A-Z0-9 .,&()/'-]+")
_PHONE = re.compile(r"\+?[0-9 .()-]+")
_LIMITS = {
    "name": 200,
    "address": 300,
    "phone": 40,
    "footer_vi": 300,
    "footer_en": 300,
    "bank_account_name": 120,
}


@dataclass(frozen=True, slots=True)
class ShopProfile:
    """The shop as receipts print it and as transfers reach it (empty strings where nothing is set)."""

    name: str = ""
    address: str = ""
    tax_code: str = ""
    phone: str = ""
    footer_vi: str = ""
    footer_en: str = ""
    bank_bin: str = ""
    bank_account: str = ""
    bank_account_name: str = ""

    @property
    def takes_transfers(self) -> bool:
        return bool(self.bank_bin and self.bank_account)

    def footer(self, lang: str) -> str:
        """The receipt's closing words for a customer reading ``lang``: the English footer where the shop wrote
        one and the customer reads English, the Vietnamese one otherwise."""
        return (self.footer_en if lang == "en" and self.footer_en else self.footer_vi).strip()


#: The profile's fields, in the order forms and ``shop show`` list them.
FIELDS = tuple(f.name for f in dataclasses.fields(ShopProfile))


class ShopProfileError(FieldErrors):
    """A profile that cannot be saved; ``issues`` holds every problem as ``(field, vi, en)``."""

    code = "shop_profile"


def load_profile(engine: Engine) -> ShopProfile:
    """The saved profile, or an empty one if the till has none yet."""
    cols = ", ".join(FIELDS)
    with engine.connect() as conn:
        row = conn.execute(text(f"SELECT {cols} FROM store_profile WHERE id = 1")).first()
        conn.rollback()
    if row is None:
        return ShopProfile()
    return ShopProfile(*(str(v or "") for v in row))


def normalise(data: ShopProfile) -> ShopProfile:
    """The profile as it would be stored: trimmed, the bank as its BIN, the account without spaces, the holder's
    name in bank form. Values that cannot be normalised are left for ``check_profile`` to name."""
    bank = data.bank_bin.strip()
    found = find_bank(bank) if bank else None
    return ShopProfile(
        name=" ".join(data.name.split()),
        address=" ".join(data.address.split()),
        tax_code=data.tax_code.replace(" ", "").strip(),
        phone=data.phone.strip(),
        footer_vi=data.footer_vi.strip(),
        footer_en=data.footer_en.strip(),
        bank_bin=found.bin if found else bank,
        bank_account=re.sub(r"[\s.-]", "", data.bank_account),
        bank_account_name=account_holder(data.bank_account_name),
    )


def check_profile(data: ShopProfile) -> list[tuple[str, str, str]]:
    """Every problem of a (normalised) profile as ``(field, vi, en)``; empty when it can be saved."""
    issues: list[tuple[str, str, str]] = []
    if not data.name:
        issues.append(("name", "Cần tên cửa hàng", "The shop's name is needed"))
    for field, limit in _LIMITS.items():
        if len(getattr(data, field)) > limit:
            issues.append((field, f"Dài quá {limit} ký tự", f"Longer than {limit} characters"))
    if data.tax_code and not is_tax_code(data.tax_code):
        issues.append(
            (
                "tax_code",
                "Mã số thuế gồm 10 chữ số, hoặc 13 chữ số dạng 0101234567-001",
                "The tax code (MST) is 10 digits, or 13 digits as 0101234567-001",
            )
        )
    if data.phone and not (_PHONE.fullmatch(data.phone) and 8 <= sum(c.isdigit() for c in data.phone) <= 15):
        issues.append(("phone", "Số điện thoại không hợp lệ", "Invalid phone number"))
    bank_parts = (data.bank_bin, data.bank_account, data.bank_account_name)
    if any(bank_parts):
        if not data.bank_bin:
            issues.append(("bank_bin", "Chọn ngân hàng", "Choose the bank"))
        elif bank_by_bin(data.bank_bin) is None:
            issues.append(
                (
                    "bank_bin",
                    f"Không có ngân hàng {data.bank_bin} trong danh sách VietQR",
                    f"{data.bank_bin} is not a bank on the VietQR list",
                )
            )
        if not data.bank_account:
            issues.append(("bank_account", "Cần số tài khoản", "The account number is needed"))
        elif not _ACCOUNT.fullmatch(data.bank_account):
            issues.append(
                (
                    "bank_account",
                    "Số tài khoản chỉ gồm chữ số (4–19 số)",
                    "The account number is digits only (4–19)",
                )
            )
        if not data.bank_account_name:
            issues.append(
                ("bank_account_name", "Cần tên chủ tài khoản", "The account holder's name is needed")
            )
        elif not _HOLDER.fullmatch(data.bank_account_name):
            issues.append(
                (
                    "bank_account_name",
                    "Tên chủ tài khoản chỉ gồm chữ in hoa không dấu và chữ số, như ngân hàng in",
                    "The account holder is upper-case letters without marks and digits, as the bank prints it",
                )
            )
    return issues


def save_profile(
    engine: Engine,
    actor: StaffMember,
    data: ShopProfile,
    *,
    approval: Approval | None = None,
    terminal_code: str = "",
    now: dt.datetime | None = None,
) -> ShopProfile:
    """Normalise, check and save the shop's profile; returns it as stored.

    Raises ``PermissionDenied`` without the right (or an approval) and ``ShopProfileError`` naming every problem;
    either way nothing changes. The audit entry lists the fields that changed (the bank account among them).
    """
    data = normalise(data)
    with write_tx(engine) as conn:
        approver = require(actor, Permission.EDIT_SHOP_PROFILE, approval)
        issues = check_profile(data)
        if issues:
            raise ShopProfileError(issues)
        cols = ", ".join(FIELDS)
        row = conn.execute(text(f"SELECT {cols} FROM store_profile WHERE id = 1")).first()
        before = ShopProfile(*(str(v or "") for v in row)) if row is not None else None
        values = dataclasses.asdict(data)
        if before is None:
            conn.execute(insert(StoreProfile), [{"id": 1, **values}])
        else:
            sets = ", ".join(f"{f} = :{f}" for f in FIELDS)
            conn.execute(text(f"UPDATE store_profile SET {sets} WHERE id = 1"), values)
        changed = {f: values[f] for f in FIELDS if before is None or getattr(before, f) != values[f]}
        record(
            conn,
            AuditEvent(
                "shop_profile",
                actor,
                approver,
                "store_profile",
                "1",
                terminal_code=terminal_code,
                detail={"changed": changed, "created": before is None},
            ),
            now=now,
        )
    if approval is not None:
        approval.spend()
    return data
