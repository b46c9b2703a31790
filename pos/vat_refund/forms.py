"""The refund shop's side of the VAT refund for foreigners: its enrolment, the refund form issued with a sale and
kept with it, the form on the till's paper, and the list of forms (CSV) for the refunding bank at the airport or
seaport.

The rules are ``pos.vat_refund.rules``; here is only what reads and writes the database. A form is written once,
in one transaction, after the rules said yes; a refused one changes nothing and says every reason.

What Circular 32/2025/TT-BTC Art. 7 asks the refund invoice to show is kept so the paper and the export can be
made again at any time, without a schema of its own: each line's unit, quantity, amount before VAT, rate, VAT,
brand (the OCOP producer) and origin (the producer's locality) are written into the form's ``lines_json`` when it
is issued (the catalogue may change afterwards); the sale's e-invoice (form, series, code) and its payments are
read from the sale's own rows, which are written once with the sale and never edited.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, text

from pos.db import write_tx
from pos.errors import RefundError
from pos.models.values import utcnow
from pos.payments.card_slip import CardSlip
from pos.receipts.document import ReceiptDoc
from pos.receipts.from_sale import qty_text
from pos.selling.checkout import receipt_label
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission, require
from pos.vat_refund import paper
from pos.vat_refund.records import Paid as Paid
from pos.vat_refund.records import RefundForm as RefundForm  # re-exported: callers import it from here
from pos.vat_refund.rules import (
    Decision,
    Passport,
    RefundLine,
    SaleInvoice,
    decide,
    line_vats,
)
from pos.vat_refund.traveller import invoice_problem, invoice_state, put_on_invoice


@dataclass(frozen=True, slots=True)
class RefundShop:
    """The store's enrolment as a refund shop."""

    enrolled: bool = False
    registration: str = ""
    excluded_categories: frozenset[str] = frozenset()


def load_shop(engine: Engine) -> RefundShop:
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT enrolled, registration, excluded_categories FROM vat_refund_config WHERE id = 1")
        ).first()
        conn.rollback()
    if row is None:
        return RefundShop()
    return RefundShop(bool(row[0]), str(row[1]), frozenset(str(row[2]).split()))


def save_shop(
    engine: Engine, actor: StaffMember, shop: RefundShop, approval: Approval | None = None
) -> RefundShop:
    """Enrol (or withdraw) the store; a manager's right, as for the shop's own details."""
    require(actor, Permission.EDIT_SHOP_PROFILE, approval)
    if shop.enrolled and not shop.registration.strip():
        raise RefundError(
            "Cần số văn bản xác nhận cửa hàng bán hàng hoàn thuế của cơ quan thuế",
            "The tax department's confirmation of the shop as a refund shop is required",
            code="no_registration",
        )
    with write_tx(engine) as conn:
        conn.execute(
            text(
                "INSERT INTO vat_refund_config (id, enrolled, registration, excluded_categories, updated_at) "
                "VALUES (1, :e, :r, :x, :t) ON CONFLICT(id) DO UPDATE SET enrolled = excluded.enrolled, "
                "registration = excluded.registration, excluded_categories = excluded.excluded_categories, "
                "updated_at = excluded.updated_at"
            ),
            {
                "e": shop.enrolled,
                "r": shop.registration.strip()[:100],
                "x": " ".join(sorted(shop.excluded_categories)),
                "t": utcnow(),
            },
        )
    if approval is not None:
        approval.spend()
    return load_shop(engine)


def _local(moment: Any) -> dt.datetime:
    """A stored UTC time as the shop's local time (the day of a purchase is the shop's day)."""
    value = moment if isinstance(moment, dt.datetime) else dt.datetime.fromisoformat(str(moment))
    return value.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def _sale_lines(conn: Connection, sale_id: str) -> tuple[Any, list[RefundLine]]:
    sale = conn.execute(
        text("SELECT terminal_code, receipt_no, kind, created_at FROM sales WHERE id = :id"), {"id": sale_id}
    ).first()
    if sale is None:
        raise RefundError("Không tìm thấy hoá đơn", "Receipt not found", code="no_receipt")
    rows = conn.execute(
        text(
            "SELECT l.name_vi, l.qty_milli, l.unit, l.amount, l.vat_rate, p.category_code, "
            "COALESCE(r.name, ''), COALESCE(r.district, ''), COALESCE(r.province, ''), r.id FROM sale_lines l "
            "LEFT JOIN products p ON p.id = l.product_id LEFT JOIN producers r ON r.id = p.producer_id "
            "WHERE l.sale_id = :id ORDER BY l.line_no"
        ),
        {"id": sale_id},
    ).all()
    # What was already taken back on a return is not carried out of the country.
    returned: dict[int, tuple[int, int]] = {
        int(line_no): (int(amount), int(qty))
        for line_no, amount, qty in conn.execute(
            text(
                "SELECT o.line_no, -SUM(r.amount), -SUM(r.qty_milli) FROM sale_lines r "
                "JOIN sale_lines o ON o.id = r.original_line_id "
                "WHERE o.sale_id = :id GROUP BY o.line_no"
            ),
            {"id": sale_id},
        )
    }
    lines = []
    for i, (name, qty, unit, amount, rate, category, brand, district, province, producer) in enumerate(
        rows, start=1
    ):
        back_amount, back_qty = returned.get(i, (0, 0))
        left, left_qty = int(amount) - back_amount, int(qty) - back_qty
        # An OCOP product's brand is its producer, made where the producer is; without a producer the till
        # does not know where the goods were made, and says nothing rather than guess.
        place = ", ".join(str(part) for part in (district, province) if str(part).strip())
        origin = place if producer is not None else ""
        lines.append(
            RefundLine(
                str(name),
                qty_text(left_qty, str(unit), "vi"),
                left,
                int(rate),
                category,
                unit=str(unit),
                qty_milli=left_qty,
                brand=str(brand),
                origin=origin,
            )
        )
    return sale, lines


def _invoice_of(conn: Connection, sale_id: str) -> SaleInvoice | None:
    row = conn.execute(
        text("SELECT form, series, code FROM einvoices WHERE sale_id = :s"), {"s": sale_id}
    ).first()
    if row is None:
        return None
    state = invoice_state(conn, sale_id)
    return SaleInvoice(str(row[0]), str(row[1]), str(row[2]), state.passport_no if state else "")


def _einvoice_setup(conn: Connection) -> tuple[bool, str]:
    row = conn.execute(text("SELECT enrolled, form FROM einvoice_config WHERE id = 1")).first()
    return (False, "1") if row is None else (bool(row[0]), str(row[1] or "1"))


def _paid(conn: Connection, sale_id: str) -> tuple[Paid, ...]:
    """The sale's payments by method, as paid: a cash row already has its change taken off; change given in đồng
    for foreign notes alone (a row of its own, ``pos.payments.tenders``) is taken off the foreign cash."""
    out: dict[str, Paid] = {}
    change = 0
    for method, amount, reference, currency, foreign, brand, last4 in conn.execute(
        text(
            "SELECT p.method, p.amount, p.reference, p.currency, p.foreign_amount, c.brand, c.last4 "
            "FROM payments p LEFT JOIN card_slips c ON c.sale_id = p.sale_id AND c.payment_seq = p.seq "
            "WHERE p.sale_id = :s ORDER BY p.seq"
        ),
        {"s": sale_id},
    ):
        key, ref = str(method), str(reference or "")
        if key == "cash" and ref == "change" and int(amount) < 0:
            change += int(amount)
            continue
        card = CardSlip(str(brand), str(last4)).masked() if brand is not None else ""
        seen = out.get(key) or Paid(key, 0, "", str(currency or "VND"))
        out[key] = Paid(
            key,
            seen.amount + int(amount),
            ", ".join(r for r in (seen.reference, ref) if r),
            seen.currency,
            seen.foreign_amount + int(foreign or 0),
            cards=(*seen.cards, card) if key == "card" else (),
        )
    if change:
        into = out.get("fx_cash") or out.get("cash") or Paid("cash", 0)
        out[into.method] = dataclasses.replace(into, amount=into.amount + change)
    return tuple(p for p in out.values() if p.amount)


def check_sale(engine: Engine, sale_id: str, passport: Passport, now: dt.datetime | None = None) -> Decision:
    """What the rules say of ``sale_id`` for ``passport`` now (nothing is written)."""
    now = now or utcnow()
    with engine.connect() as conn:
        decision = _decide(conn, sale_id, passport, now)
        conn.rollback()
    return decision


def _decide(conn: Connection, sale_id: str, passport: Passport, now: dt.datetime) -> Decision:
    shop = _shop_in(conn)
    sale, lines = _sale_lines(conn, sale_id)
    einvoice_enrolled, einvoice_form = _einvoice_setup(conn)
    today = _local(now).date()
    earlier = sum(
        int(value)
        for value, issued in conn.execute(
            text(
                "SELECT goods_value, issued_at FROM vat_refund_forms WHERE passport_no = :p AND sale_id != :s "
                "AND voided_at IS NULL"
            ),
            {"p": passport.normalised().number, "s": sale_id},
        )
        if _local(issued).date() == today
    )
    decision = decide(
        lines,
        passport,
        on=today,
        enrolled=shop.enrolled,
        einvoice_enrolled=einvoice_enrolled,
        einvoice_form=einvoice_form,
        invoice=_invoice_of(conn, sale_id),
        excluded_categories=shop.excluded_categories,
        earlier_today=earlier,
        is_sale=str(sale[2]) == "sale",  # a voided sale is returned whole: no line is left to qualify
        sold_on=_local(sale[3]).date(),
    )
    if decision.qualifies:  # the refund invoice is the e-invoice: it must carry this passport, or be made to
        on_invoice = invoice_problem(invoice_state(conn, sale_id), passport)
        if on_invoice is not None:
            decision = dataclasses.replace(decision, reasons=(*decision.reasons, on_invoice))
    taken = conn.execute(
        text("SELECT form_no, voided_at FROM vat_refund_forms WHERE sale_id = :s"), {"s": sale_id}
    ).first()
    if taken is not None:
        reason = (
            (
                f"Tờ khai hoàn thuế {taken[0]} của hoá đơn này đã bị huỷ do trả hàng",
                f"This sale's refund form {taken[0]} was voided by a return",
            )
            if taken[1] is not None
            else (
                f"Hoá đơn này đã có tờ khai hoàn thuế {taken[0]}",
                f"This sale already has refund form {taken[0]}",
            )
        )
        return Decision(
            decision.lines, decision.goods_value, decision.vat_amount, 0, 0, (*decision.reasons, reason)
        )
    return decision


def _shop_in(conn: Connection) -> RefundShop:
    row = conn.execute(
        text("SELECT enrolled, registration, excluded_categories FROM vat_refund_config WHERE id = 1")
    ).first()
    return RefundShop(bool(row[0]), str(row[1]), frozenset(str(row[2]).split())) if row else RefundShop()


def issue_form(
    engine: Engine,
    sale_id: str,
    passport: Passport,
    issued_by: str,
    now: dt.datetime | None = None,
    *,
    actor: StaffMember | None = None,
    terminal_code: str = "",
) -> RefundForm:
    """Issue and keep the refund form of ``sale_id``; ``RefundError`` with every reason when it does not qualify.

    The form is the sale's VAT e-invoice with the traveller's passport (Circular 32/2025 Art. 7): in the same
    transaction the invoice is made to carry ``passport`` if it does not yet (``traveller.put_on_invoice``: a
    pending or rejected invoice's document names the traveller, audited under ``actor``); an invoice already
    sent or relayed refuses the form, naming it."""
    now = now or utcnow()
    passport = passport.normalised()
    with write_tx(engine) as conn:
        decision = _decide(conn, sale_id, passport, now)
        if not decision.qualifies:
            raise RefundError(
                "Không lập được tờ khai hoàn thuế: " + "; ".join(vi for vi, _ in decision.reasons),
                "No refund form: " + "; ".join(en for _, en in decision.reasons),
                code="not_qualified",
                reasons=decision.reasons,
            )
        put_on_invoice(conn, sale_id, passport, actor=actor, terminal_code=terminal_code, now=now)
        terminal, receipt_no = conn.execute(
            text("SELECT terminal_code, receipt_no FROM sales WHERE id = :id"), {"id": sale_id}
        ).one()
        prefix = f"HT-{terminal}-"
        last = conn.execute(
            text("SELECT MAX(form_no) FROM vat_refund_forms WHERE form_no LIKE :p"), {"p": prefix + "%"}
        ).scalar()
        form_no = f"{prefix}{int(str(last).rsplit('-', 1)[1]) + 1 if last else 1:06d}"
        lines = tuple(
            {
                "name": line.name,
                "qty": line.qty_text,
                "amount": line.amount,
                "rate_pct": line.rate_pct,
                "unit": line.unit,
                "qty_milli": line.qty_milli,
                "net": line.amount - vat,
                "vat": vat,
                "brand": line.brand,
                "origin": line.origin,
            }
            for line, vat in zip(decision.lines, line_vats(decision.lines), strict=True)
        )
        invoice, paid = _invoice_of(conn, sale_id), _paid(conn, sale_id)
        conn.execute(
            text(
                "INSERT INTO vat_refund_forms (sale_id, form_no, issued_at, issued_by, passport_no, nationality, "
                "full_name, passport_issued_on, passport_expires_on, goods_value, vat_amount, bank_fee, "
                "refund_amount, lines_json) VALUES (:s, :f, :t, :by, :pn, :nat, :name, :iss, :exp, :g, :v, :fee, "
                ":r, :lines)"
            ),
            {
                "s": sale_id,
                "f": form_no,
                "t": now,
                "by": issued_by,
                "pn": passport.number,
                "nat": passport.nationality,
                "name": passport.full_name,
                "iss": passport.issued_on,
                "exp": passport.expires_on,
                "g": decision.goods_value,
                "v": decision.vat_amount,
                "fee": decision.bank_fee,
                "r": decision.refund_amount,
                "lines": json.dumps(lines, ensure_ascii=False),
            },
        )
    return RefundForm(
        form_no,
        sale_id,
        receipt_label(str(terminal), int(receipt_no)),
        now,
        issued_by,
        passport,
        decision.goods_value,
        decision.vat_amount,
        decision.bank_fee,
        decision.refund_amount,
        lines,
        invoice=invoice,
        paid=paid,
    )


_FORM_SELECT = (
    "SELECT f.form_no, f.sale_id, s.terminal_code, s.receipt_no, f.issued_at, f.issued_by, f.passport_no, "
    "f.nationality, f.full_name, f.passport_issued_on, f.passport_expires_on, f.goods_value, f.vat_amount, "
    "f.bank_fee, f.refund_amount, f.lines_json, f.voided_at, f.void_reason "
    "FROM vat_refund_forms f JOIN sales s ON s.id = f.sale_id"
)


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _form(conn: Connection, row: Any) -> RefundForm:
    issued = row[4] if isinstance(row[4], dt.datetime) else dt.datetime.fromisoformat(str(row[4]))
    return RefundForm(
        form_no=str(row[0]),
        sale_id=str(row[1]),
        receipt_no=receipt_label(str(row[2]), int(row[3])),
        issued_at=issued,
        issued_by=str(row[5]),
        passport=Passport(str(row[6]), str(row[7]), str(row[8]), _date(row[9]), _date(row[10])),
        goods_value=int(row[11]),
        vat_amount=int(row[12]),
        bank_fee=int(row[13]),
        refund_amount=int(row[14]),
        lines=tuple(json.loads(str(row[15]))),
        voided_at=None if row[16] is None else _moment(row[16]),
        void_reason=str(row[17] or ""),
        invoice=_invoice_of(conn, str(row[1])),
        paid=_paid(conn, str(row[1])),
    )


def _moment(value: Any) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def void_for_return(
    conn: Connection, original_sale_id: str, return_sale_id: str, reason: str, now: dt.datetime
) -> str | None:
    """Void the refund form of ``original_sale_id`` because goods of it came back (a return or a void): the goods
    are no longer carried out of the country, so the form cannot be honoured at the border. Runs inside the
    return's own transaction, so the return and the void exist together. Returns the form's number, or None when
    the sale had no form still in force."""
    form_no = conn.execute(
        text("SELECT form_no FROM vat_refund_forms WHERE sale_id = :s AND voided_at IS NULL"),
        {"s": original_sale_id},
    ).scalar()
    if form_no is None:
        return None
    conn.execute(
        text(
            "UPDATE vat_refund_forms SET voided_at = :t, voided_by_sale_id = :r, void_reason = :why "
            "WHERE sale_id = :s AND voided_at IS NULL"
        ),
        {"t": now, "r": return_sale_id, "why": reason.strip()[:200], "s": original_sale_id},
    )
    return str(form_no)


def form_of(engine: Engine, sale_id: str) -> RefundForm | None:
    with engine.connect() as conn:
        row = conn.execute(text(_FORM_SELECT + " WHERE f.sale_id = :s"), {"s": sale_id}).first()
        form = _form(conn, row) if row is not None else None
        conn.rollback()
    return form


def list_forms(engine: Engine, start: dt.date | None = None, end: dt.date | None = None) -> list[RefundForm]:
    """The forms issued from ``start`` to ``end`` (shop's days, both included), oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(text(_FORM_SELECT + " ORDER BY f.issued_at, f.form_no")).all()
        out = [_form(conn, r) for r in rows]
        conn.rollback()
    return [
        f
        for f in out
        if (start is None or _local(f.issued_at).date() >= start)
        and (end is None or _local(f.issued_at).date() <= end)
    ]


#: The export's columns, as the refunding bank reads them (one row per form): the form, the sale's VAT e-invoice
#: it is (form, series, code), the traveller, the money before and with VAT, how the sale was paid, the goods.
CSV_COLUMNS = (
    "form_no", "issued_at", "receipt_no", "einvoice_form", "einvoice_series", "einvoice_code", "passport_no",
    "nationality", "full_name", "passport_issued_on", "passport_expires_on", "goods_net", "goods_value",
    "vat_amount", "bank_fee", "refund_amount", "paid_cash", "paid_card", "card_approval", "card_numbers",
    "paid_other", "goods", "status", "voided_at",
)  # fmt: skip


def _goods_text(line: dict[str, Any]) -> str:
    """One line for the bank: name, quantity, brand and origin, amounts before VAT, rate, VAT, with VAT."""
    parts = [f"{line['name']} × {line['qty']}"]
    if line.get("brand"):
        parts.append(f"brand: {line['brand']}")
    if line.get("origin"):
        parts.append(f"origin: Vietnam, {line['origin']}")
    if "net" in line:
        parts.append(f"net {line['net']} + VAT {line['rate_pct']}% {line['vat']}")
    parts.append(f"= {line['amount']}")
    return "; ".join(parts)


def csv_rows(forms: Sequence[RefundForm]) -> list[dict[str, Any]]:
    out = []
    for f in forms:
        by = {p.method: p for p in f.paid}
        cash = sum(p.amount for p in f.paid if p.method in ("cash", "fx_cash"))
        card = by["card"].amount if "card" in by else 0
        out.append(
            {
                "form_no": f.form_no,
                "issued_at": _local(f.issued_at).strftime("%Y-%m-%d %H:%M"),
                "receipt_no": f.receipt_no,
                "einvoice_form": f.invoice.form if f.invoice else "",
                "einvoice_series": f.invoice.series if f.invoice else "",
                "einvoice_code": f.invoice.code if f.invoice else "",
                "passport_no": f.passport.number,
                "nationality": f.passport.nationality,
                "full_name": f.passport.full_name,
                "passport_issued_on": f.passport.issued_on.isoformat(),
                "passport_expires_on": f.passport.expires_on.isoformat(),
                "goods_net": f.goods_value - f.vat_amount,
                "goods_value": f.goods_value,
                "vat_amount": f.vat_amount,
                "bank_fee": f.bank_fee,
                "refund_amount": f.refund_amount,
                "paid_cash": cash,
                "paid_card": card,
                "card_approval": by["card"].reference if "card" in by else "",
                "card_numbers": ", ".join(c for c in by["card"].cards if c) if "card" in by else "",
                "paid_other": sum(p.amount for p in f.paid) - cash - card,
                "goods": " | ".join(_goods_text(line) for line in f.lines),
                "status": "void" if f.void else "issued",
                "voided_at": _local(f.voided_at).strftime("%Y-%m-%d %H:%M") if f.voided_at else "",
            }
        )
    return out


def export_csv(forms: Sequence[RefundForm], path: Path) -> int:
    """Write the forms to ``path`` (UTF-8 with BOM, so a spreadsheet opens Vietnamese names right)."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(csv_rows(forms))
    return len(forms)


def form_doc(engine: Engine, form: RefundForm, lang: str | None = None) -> ReceiptDoc:
    """The form on the till's paper (``pos.vat_refund.paper``): Vietnamese with English, and the traveller's notice
    also in ``lang`` when that is Chinese or Korean (by default the language the sale was served in)."""
    with engine.connect() as conn:
        shop = conn.execute(text("SELECT name, address, tax_code FROM store_profile WHERE id = 1")).first()
        served = conn.execute(text("SELECT lang FROM sales WHERE id = :s"), {"s": form.sale_id}).scalar()
        conn.rollback()
    return paper.form_doc(
        form,
        shop_name=str(shop[0]) if shop else "OCOP",
        shop_address=str(shop[1]) if shop else "",
        tax_code=str(shop[2]) if shop else "",
        registration=load_shop(engine).registration,
        issued_local=_local(form.issued_at),
        lang=lang or str(served or "vi"),
    )
