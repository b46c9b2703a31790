"""Producers (OCOP companies, co-operatives, households): where they are, whom to call, where to pay them.

The bank details are what a settlement statement prints and what a VietQR transfer to the producer needs
(``bank_bin`` is the bank's 6-digit NAPAS BIN). ``save_producer`` stores them normalised: the bank given by BIN,
code or short name becomes its BIN (it must be on the VietQR list), the account loses its spaces, the holder's
name is put in the bank's capitals (``account_holder``).

On a till that syncs, head office is authoritative for the columns it sends (``pos/sync/catalogue_apply.py``
upserts code, name, kind, place, phone and bank by producer id): a local edit of those lasts until head office
next sends that producer. The details kept in ``producer_details`` (contact, email, tax code, account holder,
note) are the till's own and a sync never touches them. A producer added here keeps its own id; if head office
later gives its code to another producer, the local one is renamed ``CODE~xxxxxxxx``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, insert, text

from pos.db import write_tx
from pos.errors import FieldErrors
from pos.ids import new_id
from pos.inventory.prices import CatalogueEditError
from pos.ledger.canonical import sql_value
from pos.models import Producer, ProducerDetail
from pos.models.catalogue import PRODUCER_KINDS
from pos.models.values import utcnow
from pos.payments.banks import account_holder, bank_by_bin, find_bank
from pos.staff.audit import AuditEvent, record
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission, require
from pos.text import fold, is_tax_code

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class ProducerInput:
    code: str
    name: str
    kind: str = "cooperative"
    commune: str = ""
    district: str = ""
    province: str = "Quảng Ninh"
    address: str = ""
    phone: str = ""
    contact_name: str = ""
    email: str = ""
    tax_code: str = ""
    bank_bin: str = ""
    bank_account: str = ""
    bank_account_name: str = ""
    note: str = ""


class ProducerError(FieldErrors, CatalogueEditError):
    """A producer that cannot be saved; ``issues`` holds every problem as ``(field, vi, en)``."""


@dataclass(frozen=True, slots=True)
class ProducerInfo:
    id: str
    data: ProducerInput

    @property
    def locality(self) -> str:
        return ", ".join(p for p in (self.data.commune, self.data.district) if p)


def normalise_producer(data: ProducerInput) -> ProducerInput:
    """The producer as it would be stored: trimmed, the bank as its BIN, the account without spaces, the holder
    in bank capitals. What cannot be normalised is left for ``check_producer`` to name."""
    bank = data.bank_bin.strip()
    found = find_bank(bank) if bank else None
    return dataclasses.replace(
        data,
        code=data.code.strip(),
        name=" ".join(data.name.split()),
        kind=data.kind.strip(),
        phone=data.phone.strip(),
        email=data.email.strip(),
        tax_code=data.tax_code.replace(" ", "").strip(),
        bank_bin=found.bin if found else bank,
        bank_account=re.sub(r"[\s.-]", "", data.bank_account),
        bank_account_name=account_holder(data.bank_account_name),
    )


def matching(producers: Iterable[ProducerInfo], query: str) -> list[ProducerInfo]:
    """The producers whose code, name, place, contact or phone contain every word of ``query`` (without marks)."""
    words = fold(query).split()
    out = []
    for p in producers:
        d = p.data
        hay = fold(" ".join((d.code, d.name, d.commune, d.district, d.province, d.contact_name, d.phone)))
        if all(w in hay for w in words):
            out.append(p)
    return out


def check_producer(
    conn: Connection, data: ProducerInput, producer_id: str | None = None
) -> list[tuple[str, str, str]]:
    """Every problem as ``(field, vi, en)``."""
    issues = []
    if not data.code.strip() or len(data.code) > 40:
        issues.append(("code", "Mã nhà sản xuất trống hoặc quá dài", "Producer code is empty or too long"))
    else:
        row = conn.execute(text("SELECT id FROM producers WHERE code = :c"), {"c": data.code.strip()}).first()
        if row is not None and str(row[0]) != producer_id:
            issues.append(("code", f"Mã {data.code} đã có", f"Code {data.code} is already used"))
    if not data.name.strip() or len(data.name) > 200:
        issues.append(("name", "Tên nhà sản xuất trống hoặc quá dài", "Producer name is empty or too long"))
    if data.kind not in PRODUCER_KINDS:
        issues.append(
            (
                "kind",
                f"Loại hình phải là {' / '.join(PRODUCER_KINDS)}",
                f"Kind must be {' / '.join(PRODUCER_KINDS)}",
            )
        )
    if data.bank_bin and not (data.bank_bin.isdigit() and len(data.bank_bin) == 6):
        issues.append(("bank_bin", "Mã BIN ngân hàng phải có 6 chữ số", "The bank BIN must be 6 digits"))
    elif data.bank_bin and bank_by_bin(data.bank_bin) is None:
        issues.append(
            (
                "bank_bin",
                f"Không có ngân hàng {data.bank_bin} trong danh sách VietQR",
                f"{data.bank_bin} is not a bank on the VietQR list",
            )
        )
    if data.bank_account and not (data.bank_account.isalnum() and len(data.bank_account) <= 19):
        issues.append(
            (
                "bank_account",
                "Số tài khoản chỉ gồm chữ/số, tối đa 19 ký tự",
                "The account number is letters/digits, at most 19",
            )
        )
    if bool(data.bank_bin) != bool(data.bank_account):
        issues.append(
            ("bank_account", "Cần cả ngân hàng và số tài khoản", "Both the bank and the account are needed")
        )
    if data.email and not _EMAIL.match(data.email):
        issues.append(("email", "Email không hợp lệ", "Invalid email"))
    if data.tax_code and not is_tax_code(data.tax_code):
        issues.append(
            (
                "tax_code",
                "Mã số thuế gồm 10 chữ số, hoặc 13 chữ số dạng 0101234567-001",
                "The tax code (MST) is 10 digits, or 13 digits as 0101234567-001",
            )
        )
    return issues


def _save(conn: Connection, data: ProducerInput, producer_id: str | None, now: dt.datetime) -> str:
    base = {
        "code": data.code.strip(),
        "name": data.name.strip(),
        "kind": data.kind,
        "commune": data.commune,
        "district": data.district,
        "province": data.province,
        "address": data.address,
        "phone": data.phone,
        "bank_bin": data.bank_bin,
        "bank_account": data.bank_account,
        "updated_at": now,
    }
    details = {
        "contact_name": data.contact_name,
        "email": data.email,
        "tax_code": data.tax_code,
        "bank_account_name": data.bank_account_name,
        "note": data.note,
    }
    if producer_id is None:
        producer_id = new_id()
        conn.execute(insert(Producer), [{"id": producer_id, **base}])
    else:
        sets = ", ".join(f"{k} = :{k}" for k in base)
        if (
            conn.execute(
                text(f"UPDATE producers SET {sets} WHERE id = :id"),
                {**{k: sql_value(v) for k, v in base.items()}, "id": producer_id},
            ).rowcount
            == 0
        ):
            raise CatalogueEditError("Không có nhà sản xuất này", "No such producer", code="no_producer")
        conn.execute(text("DELETE FROM producer_details WHERE producer_id = :p"), {"p": producer_id})
    conn.execute(insert(ProducerDetail), [{"producer_id": producer_id, **details}])
    return producer_id


def save_producer(
    engine: Engine,
    actor: StaffMember,
    data: ProducerInput,
    producer_id: str | None = None,
    *,
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> str:
    """Add (``producer_id`` None) or edit a producer; raises ``CatalogueEditError`` listing every problem."""
    now = now or utcnow()
    data = normalise_producer(data)
    with write_tx(engine) as conn:
        approver = require(actor, Permission.EDIT_PRODUCERS, approval)
        issues = check_producer(conn, data, producer_id)
        if issues:
            raise ProducerError(issues)
        created = producer_id is None
        before = None
        if producer_id is not None:
            row = conn.execute(text(_SELECT + " WHERE p.id = :id"), {"id": producer_id}).first()
            before = _info(tuple(row)).data if row is not None else None
        producer_id = _save(conn, data, producer_id, now)
        changed = [
            f.name
            for f in dataclasses.fields(ProducerInput)
            if before is None or getattr(before, f.name) != getattr(data, f.name)
        ]
        record(
            conn,
            AuditEvent(
                "producer_edit",
                actor,
                approver,
                "producer",
                producer_id,
                detail={"code": data.code, "created": created, "changed": changed},
            ),
            now=now,
        )
    if approval is not None:
        approval.spend()
    return producer_id


_SELECT = (
    "SELECT p.id, p.code, p.name, p.kind, p.commune, p.district, p.province, p.address, p.phone, "
    "COALESCE(d.contact_name, ''), COALESCE(d.email, ''), COALESCE(d.tax_code, ''), p.bank_bin, p.bank_account, "
    "COALESCE(d.bank_account_name, ''), COALESCE(d.note, '') "
    "FROM producers p LEFT JOIN producer_details d ON d.producer_id = p.id"
)


def _info(r: tuple[object, ...]) -> ProducerInfo:
    return ProducerInfo(str(r[0]), ProducerInput(*(str(v or "") for v in r[1:])))


def list_producers(engine: Engine) -> list[ProducerInfo]:
    with engine.connect() as conn:
        rows = conn.execute(text(_SELECT + " ORDER BY p.code")).all()
        conn.rollback()
    return [_info(tuple(r)) for r in rows]


def get_producer(engine: Engine, producer_id: str) -> ProducerInfo:
    with engine.connect() as conn:
        row = conn.execute(text(_SELECT + " WHERE p.id = :id"), {"id": producer_id}).first()
        conn.rollback()
    if row is None:
        raise CatalogueEditError("Không có nhà sản xuất này", "No such producer", code="no_producer")
    return _info(tuple(row))


def producer_id_by_code(conn: Connection, code: str) -> str | None:
    pid = conn.execute(text("SELECT id FROM producers WHERE code = :c"), {"c": code.strip()}).scalar()
    return None if pid is None else str(pid)
