"""The buyer's details a customer may ask to have on the invoice ("xuất hóa đơn công ty").

A company gives its tax code (checked, ``pos.einvoice.taxcode``), name and address, and an email for the invoice;
a person gives a name and their citizen ID number (CCCD, 12 digits), optionally an address, a phone and an email
— what Decree 123 Art. 11(3)(b) as amended by Decree 70/2025 lets a buyer ask for (docs/einvoice.md). A foreign
traveller is a person named by their passport (``passport_no``: the format's ``NMua/SHChieu``, passport or
entry-exit document number, at most 20 characters, added by Decree 70/2025 Art. 1(7)); the VAT refund invoice
is that e-invoice (``pos.vat_refund.traveller``).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Literal

from pos.einvoice.errors import BuyerError
from pos.einvoice.taxcode import normalise_tax_code, tax_code_problem

BuyerKind = Literal["company", "person"]
#: Longest values the data format allows (Ten/DChi 400, DCTDTu 50, CCCDan 12, SDThoai 20, HVTNMHang 100, SHChieu 20).
LIMITS = {"name": 400, "address": 400, "email": 50, "phone": 20, "contact": 100}
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"\+?[0-9]{8,15}")
#: A passport (or entry-exit document) number as the format takes it: 1–20 letters A–Z and digits.
PASSPORT_NO = re.compile(r"[A-Z0-9]{1,20}")


@dataclass(frozen=True, slots=True)
class Buyer:
    kind: BuyerKind
    name: str
    tax_code: str = ""
    address: str = ""
    email: str = ""
    id_number: str = ""
    phone: str = ""
    contact: str = ""  # the person buying for the company (HVTNMHang); a traveller's own full name
    passport_no: str = ""  # a traveller's passport or entry-exit document number (SHChieu)

    def as_row(self) -> dict[str, str]:
        return {f"buyer_{k}": v for k, v in dataclasses.asdict(self).items()}

    @classmethod
    def from_row(cls, row: dict[str, object]) -> Buyer | None:
        kind = str(row.get("buyer_kind") or "")
        if kind not in ("company", "person"):
            return None
        values = {f.name: str(row.get(f"buyer_{f.name}") or "") for f in dataclasses.fields(cls)}
        return cls(**values)  # type: ignore[arg-type]


def normalise_buyer(b: Buyer) -> Buyer:
    """Trimmed, spaces collapsed, the tax code and phone without separators."""
    tax = b.tax_code.strip()
    return Buyer(
        kind=b.kind,
        name=" ".join(b.name.split()),
        tax_code=normalise_tax_code(tax) if tax and tax_code_problem(tax) is None else tax,
        address=" ".join(b.address.split()),
        email=b.email.strip(),
        id_number=re.sub(r"\s", "", b.id_number),
        phone=re.sub(r"[\s.()-]", "", b.phone),
        contact=" ".join(b.contact.split()),
        passport_no=re.sub(r"\s", "", b.passport_no).upper(),
    )


def buyer_issues(b: Buyer) -> list[tuple[str, str, str]]:
    """Every problem of a (normalised) buyer as ``(field, vi, en)``; empty when it can go on an invoice."""
    issues: list[tuple[str, str, str]] = []
    if b.kind == "company":
        problem = tax_code_problem(b.tax_code) if b.tax_code else ("Cần mã số thuế", "The tax code is needed")
        if problem:
            issues.append(("tax_code", *problem))
        if not b.name:
            issues.append(("name", "Cần tên đơn vị", "The company's name is needed"))
        if not b.address:
            issues.append(("address", "Cần địa chỉ đơn vị", "The company's address is needed"))
    else:
        if not b.name:
            issues.append(("name", "Cần họ tên người mua", "The buyer's name is needed"))
        if b.id_number and not re.fullmatch(r"[0-9]{12}", b.id_number):
            issues.append(("id_number", "Số CCCD gồm 12 chữ số", "A citizen ID (CCCD) is 12 digits"))
        if b.tax_code and tax_code_problem(b.tax_code):
            issues.append(("tax_code", *(tax_code_problem(b.tax_code) or ("", ""))))
        if b.passport_no and not PASSPORT_NO.fullmatch(b.passport_no):
            issues.append(
                (
                    "passport_no",
                    "Số hộ chiếu gồm 1–20 chữ cái A–Z và chữ số",
                    "A passport number is 1–20 letters A–Z and digits",
                )
            )
        if not (b.id_number or b.tax_code or b.phone or b.passport_no):
            issues.append(
                (
                    "id_number",
                    "Cần số CCCD, mã số thuế hoặc số điện thoại của người mua",
                    "The buyer's citizen ID, tax code or phone is needed",
                )
            )
    if b.email and not _EMAIL.fullmatch(b.email):
        issues.append(("email", "Địa chỉ email không hợp lệ", "Invalid email address"))
    if b.phone and not _PHONE.fullmatch(b.phone):
        issues.append(("phone", "Số điện thoại không hợp lệ", "Invalid phone number"))
    for field, limit in LIMITS.items():
        if len(getattr(b, field)) > limit:
            issues.append((field, f"Dài quá {limit} ký tự", f"Longer than {limit} characters"))
    return issues


def checked_buyer(b: Buyer) -> Buyer:
    """The buyer as it goes on the invoice; ``BuyerError`` naming every problem otherwise."""
    b = normalise_buyer(b)
    issues = buyer_issues(b)
    if issues:
        raise BuyerError(issues)
    return b
