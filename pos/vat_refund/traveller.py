"""The foreign traveller as the buyer on the sale's e-invoice: the VAT refund invoice *is* that e-invoice.

Circular 32/2025/TT-BTC Art. 7 makes the refund document the VAT e-invoice carrying the traveller's details
(docs/vat-refund.md). The tax authority's e-invoice data format (v2.1.0, Decision 1271/QĐ-CT, buyer group ``NMua``;
docs/einvoice.md) has a place for the passport number — ``SHChieu``, at most 20 characters, added by Decree
70/2025 Art. 1(7) — and for the buyer's name (``Ten``, ``HVTNMHang``), but none for nationality or the passport's
dates: those stay on the refund form, and with the sale in ``sale_travellers`` so the form needs no retyping.

Two ways the passport gets onto the invoice:

* **before the sale** (the payment screen's *Traveller (passport)*): the checkout's invoice is made with it
  (``traveller_buyer``) and the passport is kept with the sale (``write_traveller``);
* **with a refund form made after the sale** (``put_on_invoice``, in the form's own transaction): an invoice
  still waiting at this till (``pending``, never answered by the provider) has its document replaced by the same
  invoice naming the traveller — code, time, goods and amounts unchanged, as ``pos.einvoice.corrections.
  correct_buyer`` does for a rejected one; a rejected invoice is corrected the same way and offered again. An
  invoice the provider or the tax authority already has (``sent``, ``accepted``) or that head office relays
  cannot be changed here: the form is refused, naming the invoice (docs/einvoice.md: a replacing invoice,
  which the till does not make yet).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import sqlite3
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, text

from pos.einvoice.buyer import Buyer
from pos.errors import RefundError
from pos.staff.audit import AuditEvent, record
from pos.staff.member import StaffMember
from pos.vat_refund.rules import Passport, Reason, passport_problems


def traveller_problems(passport: Passport, on: dt.date) -> list[Reason]:
    """Why ``passport`` cannot name the buyer of a sale made ``on`` for a refund (empty: it can): the passport's
    own checks (number, nationality, name, dates: not expired) — the refund's rules are asked again by the form."""
    return passport_problems(passport, on)


def checked_traveller(passport: Passport, on: dt.date) -> Passport:
    """The passport as it goes on the invoice (normalised); ``RefundError`` naming every problem otherwise."""
    p = passport.normalised()
    problems = traveller_problems(p, on)
    if problems:
        raise RefundError(
            "Thông tin hộ chiếu chưa đúng: " + "; ".join(vi for vi, _ in problems),
            "The passport details are not right: " + "; ".join(en for _, en in problems),
            code="bad_passport",
            reasons=tuple(problems),
        )
    return p


def traveller_buyer(passport: Passport, base: Buyer | None = None) -> Buyer:
    """The buyer on the e-invoice: ``Ten`` and ``HVTNMHang`` the name as on the passport, ``SHChieu`` its number.
    ``base``: a person already named on the invoice, whose address, phone and email are kept."""
    p = passport.normalised()
    keep = base if base is not None and base.kind == "person" else Buyer(kind="person", name="")
    return dataclasses.replace(keep, name=p.full_name, contact=p.full_name, passport_no=p.number)


def write_traveller(cur: sqlite3.Cursor, sale_id: str, passport: Passport) -> None:
    """Keep the passport with the sale, on the checkout's own cursor (it exists exactly when the sale does)."""
    p = passport.normalised()
    cur.execute(
        "INSERT INTO sale_travellers (sale_id, passport_no, nationality, full_name, passport_issued_on, "
        "passport_expires_on) VALUES (?, ?, ?, ?, ?, ?)",
        (sale_id, p.number, p.nationality, p.full_name, p.issued_on.isoformat(), p.expires_on.isoformat()),
    )


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def traveller_of(engine: Engine, sale_id: str) -> Passport | None:
    """The traveller the sale was made to (its refund form starts from these), or None."""
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT passport_no, nationality, full_name, passport_issued_on, passport_expires_on "
                "FROM sale_travellers WHERE sale_id = :s"
            ),
            {"s": sale_id},
        ).first()
        conn.rollback()
    if row is None:
        return None
    return Passport(str(row[0]), str(row[1]), str(row[2]), _day(row[3]), _day(row[4]))


@dataclass(frozen=True, slots=True)
class InvoiceState:
    """The sale's e-invoice as it stands now: its document (as corrected, if it was) and its sending state."""

    code: str
    xml: str
    state: str
    via: str

    @property
    def passport_no(self) -> str:
        from pos.einvoice.xml import read_document

        return read_document(self.xml).buyer.get("SHChieu", "")


def invoice_state(conn: Connection, sale_id: str) -> InvoiceState | None:
    row = conn.execute(
        text(
            "SELECT e.code, COALESCE(NULLIF(s.corrected_xml, ''), e.xml), COALESCE(s.state, ''), "
            "COALESCE(s.via, '') FROM einvoices e LEFT JOIN einvoice_status s ON s.sale_id = e.sale_id "
            "WHERE e.sale_id = :s"
        ),
        {"s": sale_id},
    ).first()
    return None if row is None else InvoiceState(str(row[0]), str(row[1]), str(row[2]), str(row[3]))


def _can_change(inv: InvoiceState) -> bool:
    return inv.state == "rejected" or (inv.state == "pending" and inv.via == "till")


def invoice_problem(inv: InvoiceState | None, passport: Passport) -> Reason | None:
    """Why the sale's e-invoice cannot carry ``passport`` (None: it does, or it can be made to)."""
    if inv is None or inv.passport_no == passport.normalised().number or _can_change(inv):
        return None
    cite = "Thông tư 32/2025/TT-BTC, Điều 7", "Circular 32/2025/TT-BTC, Art. 7"
    if inv.via == "relay" and inv.state == "pending":
        where = "văn phòng chính đang gửi hoá đơn này", "head office is sending this invoice"
    else:
        where = "hoá đơn đã gửi cơ quan thuế", "the invoice was already sent to the tax authority"
    return (
        f"Hoá đơn điện tử {inv.code} không ghi số hộ chiếu {passport.normalised().number} và không sửa được ở "
        f"quầy ({where[0]}): hoá đơn hoàn thuế phải là hoá đơn GTGT ghi thông tin hộ chiếu ({cite[0]}) — cần "
        "lập hoá đơn thay thế, quầy chưa làm được; lần sau hãy nhập hộ chiếu trước khi thanh toán (F12)",
        f"E-invoice {inv.code} does not carry passport {passport.normalised().number} and cannot be changed at "
        f"the till ({where[1]}): the refund invoice must be the VAT invoice with the passport ({cite[1]}) — a "
        "replacing invoice is needed, which the till does not make yet; next time set the traveller before F12",
    )


def put_on_invoice(
    conn: Connection,
    sale_id: str,
    passport: Passport,
    *,
    actor: StaffMember | None,
    terminal_code: str = "",
    now: dt.datetime,
) -> str:
    """Make the sale's e-invoice carry ``passport`` (inside the refund form's transaction); returns how:
    ``on_invoice`` (it already did), ``added`` (a pending invoice's document replaced) or ``offered_again`` (a
    rejected one corrected and offered again). ``RefundError`` naming the invoice when it cannot."""
    from pos.einvoice.corrections import _offer_again
    from pos.einvoice.errors import EInvoiceError
    from pos.einvoice.issue import buyer_from_xml
    from pos.einvoice.xml import check_structure, with_buyer

    p = passport.normalised()
    inv = invoice_state(conn, sale_id)
    if inv is None:  # the rules already refused: no VAT e-invoice
        raise RefundError(
            "Giao dịch này không có hoá đơn điện tử", "This sale has no e-invoice", code="no_einvoice"
        )
    if inv.passport_no == p.number:
        return "on_invoice"
    problem = invoice_problem(inv, p)
    if problem is not None:
        raise RefundError(
            "Không lập được tờ khai hoàn thuế: " + problem[0],
            "No refund form: " + problem[1],
            code="passport_not_on_invoice",
            reasons=(problem,),
        )
    before = buyer_from_xml(inv.xml)
    if before is not None and before.kind == "company":
        reason = (
            f"Hoá đơn điện tử {inv.code} ghi người mua là đơn vị {before.name}, không phải người du lịch",
            f"E-invoice {inv.code} names the company {before.name} as buyer, not the traveller",
        )
        raise RefundError(
            "Không lập được tờ khai hoàn thuế: " + reason[0],
            "No refund form: " + reason[1],
            code="passport_not_on_invoice",
            reasons=(reason,),
        )
    buyer = traveller_buyer(p, before)
    try:
        document = with_buyer(inv.xml, buyer)
    except EInvoiceError as exc:
        raise RefundError(exc.vi, exc.en, code="einvoice_format") from exc
    problems = check_structure(document)
    if problems:
        raise RefundError(
            f"Hoá đơn sau khi ghi hộ chiếu không đúng định dạng: {problems[0]}",
            f"The invoice with the passport does not conform to the format: {problems[0]}",
            code="einvoice_format",
        )
    how = "added" if inv.state == "pending" else "offered_again"
    if how == "added":
        conn.execute(
            text(
                "UPDATE einvoice_status SET corrected_xml = :xml, corrected_buyer_name = :name, "
                "corrected_buyer_tax_code = :tax, updated_at = :at WHERE sale_id = :id AND state = 'pending'"
            ),
            {"xml": document, "name": buyer.name, "tax": buyer.tax_code, "at": now, "id": sale_id},
        )
    else:
        _offer_again(conn, sale_id, inv.via, now, corrected=(document, buyer))
    record(
        conn,
        AuditEvent(
            "einvoice_buyer",
            actor,
            None,
            "einvoice",
            sale_id,
            reason="traveller's passport for the VAT refund form",
            terminal_code=terminal_code,
            detail={
                "code": inv.code,
                "via": inv.via,
                "state": inv.state,
                "how": how,
                "before": dataclasses.asdict(before) if before else None,
                "after": dataclasses.asdict(buyer),
                "xml_sha256": hashlib.sha256(document.encode("utf-8")).hexdigest(),
            },
        ),
        now=now,
    )
    return how
