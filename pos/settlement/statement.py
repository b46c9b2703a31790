"""Settlement statements for consigning producers: units sold and returned, gross, commission, amount due.

A sale counts when the product was consigned on its business date, at the commission valid then; a return
counts at the terms of the sale it returns (so a return refunds exactly the commission that was taken) and in
the period the return happened. Commission is worked out per product and rate on the net amount, rounded half
up to the đồng; the amount due is net minus commission.

Issuing a statement stores it (numbers frozen as issued) and refuses a period overlapping an earlier
statement of the same producer, so no sale is paid twice. Marking it paid records the transfer reference.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Engine, insert, text

from pos.db import write_tx
from pos.errors import PosError
from pos.ids import new_id
from pos.inventory.producers import ProducerInfo, get_producer
from pos.ledger.canonical import sql_value
from pos.models import Settlement
from pos.models.values import utcnow
from pos.money import div_round_half_up
from pos.receipts.document import ReceiptDoc, ReportRow, ReportSection
from pos.reports.table import Column, Period, Table
from pos.staff.audit import AuditEvent, record
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission, require


class SettlementError(PosError):
    code = "settlement"


@dataclass(frozen=True, slots=True)
class StatementLine:
    product_id: str
    sku: str
    name_vi: str
    unit: str
    commission_bp: int
    qty_sold_milli: int
    qty_returned_milli: int
    gross_sales: int
    returns: int  # negative

    @property
    def net(self) -> int:
        return self.gross_sales + self.returns

    @property
    def commission(self) -> int:
        value = div_round_half_up(abs(self.net) * self.commission_bp, 10_000)
        return value if self.net >= 0 else -value

    @property
    def amount_due(self) -> int:
        return self.net - self.commission


@dataclass(frozen=True, slots=True)
class TillIncluded:
    """A till whose sales a statement counts; on a store statement, the newest sale head office holds from it."""

    code: str
    store_code: str = ""
    last_sale_at: dt.datetime | None = None  # the till's clock
    last_received_at: dt.datetime | None = None  # head office's clock
    sales: int | None = None  # its sales and returns in the period (all goods), when known


@dataclass(frozen=True, slots=True)
class SettlementStatement:
    producer: ProducerInfo
    period: Period
    lines: tuple[StatementLine, ...]
    id: str | None = None
    issued_at: dt.datetime | None = None
    paid_at: dt.datetime | None = None
    paid_reference: str = ""
    #: The tills counted: a till's own statement names only itself (and any other till whose sales it holds);
    #: a store statement from head office names every till of the store (``pos.settlement.store``).
    tills: tuple[TillIncluded, ...] = ()
    #: The store, for a statement of the whole store built at head office; "" for a till's own statement.
    store_code: str = ""
    #: Head office's clock when it built a store statement.
    as_of: dt.datetime | None = None

    @property
    def store_wide(self) -> bool:
        return bool(self.store_code)

    def tills_label(self) -> str:
        return ", ".join(t.code for t in self.tills) or "—"

    @property
    def gross_sales(self) -> int:
        return sum(line.gross_sales for line in self.lines)

    @property
    def returns(self) -> int:
        return sum(line.returns for line in self.lines)

    @property
    def net(self) -> int:
        return sum(line.net for line in self.lines)

    @property
    def commission(self) -> int:
        return sum(line.commission for line in self.lines)

    @property
    def amount_due(self) -> int:
        return sum(line.amount_due for line in self.lines)


def _d(v: Any) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


def build_statement(
    engine: Engine, producer_id: str, period: Period, *, terminal_code: str = ""
) -> SettlementStatement:
    """What the shop owes ``producer_id`` for consigned goods sold in ``period`` on this till (nothing is stored).

    ``terminal_code`` is this till's code: the statement names it (and any other till whose sales this database
    holds) as the tills it covers. The store's statement, every till, is head office's (``pos.settlement.store``).
    """
    producer = get_producer(engine, producer_id)
    with engine.connect() as conn:
        codes = {
            str(c)
            for c in conn.execute(
                text("SELECT DISTINCT terminal_code FROM sales WHERE business_date BETWEEN :d0 AND :d1"),
                {"d0": period.start.isoformat(), "d1": period.end.isoformat()},
            ).scalars()
        }
        rows = conn.execute(
            text(
                "SELECT l.product_id, l.sku, l.name_vi, l.unit, s.kind, l.qty_milli, l.amount, "
                "COALESCE(os.business_date, s.business_date) FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
                "JOIN products p ON p.id = l.product_id LEFT JOIN sale_lines ol ON ol.id = l.original_line_id "
                "LEFT JOIN sales os ON os.id = ol.sale_id "
                "WHERE p.producer_id = :r AND s.business_date BETWEEN :d0 AND :d1 ORDER BY l.sku"
            ),
            {"r": producer_id, "d0": period.start.isoformat(), "d1": period.end.isoformat()},
        ).all()
        terms: dict[str, list[tuple[dt.date, bool, int]]] = {}
        for pid, valid_from, consigned, bp in conn.execute(
            text(
                "SELECT t.product_id, t.valid_from, t.consigned, t.commission_bp FROM consignment_terms t "
                "JOIN products p ON p.id = t.product_id WHERE p.producer_id = :r ORDER BY t.valid_from"
            ),
            {"r": producer_id},
        ):
            terms.setdefault(str(pid), []).append((_d(valid_from), bool(consigned), int(bp)))
        conn.rollback()

    def on(pid: str, day: dt.date) -> tuple[bool, int]:
        current = (False, 0)
        for valid_from, consigned, bp in terms.get(pid, []):
            if valid_from <= day:
                current = (consigned, bp)
        return current

    groups: dict[tuple[str, int], list[Any]] = {}
    for pid, sku, name, unit, kind, qty, amount, terms_day in rows:
        consigned, bp = on(str(pid), _d(terms_day))
        if not consigned:
            continue
        g = groups.setdefault((str(pid), bp), [str(sku), str(name), str(unit), 0, 0, 0, 0])
        if kind == "sale":
            g[3] += int(qty)
            g[5] += int(amount)
        else:
            g[4] -= int(qty)
            g[6] += int(amount)
    lines = tuple(
        StatementLine(pid, g[0], g[1], g[2], bp, g[3], g[4], g[5], g[6])
        for (pid, bp), g in sorted(groups.items(), key=lambda kv: (kv[1][0], kv[0][1]))
    )
    tills = tuple(TillIncluded(c) for c in sorted(codes | ({terminal_code} if terminal_code else set())))
    return SettlementStatement(producer, period, lines, tills=tills)


def _payload(st: SettlementStatement) -> str:
    return json.dumps(
        {"lines": [asdict(line) for line in st.lines], "tills": [t.code for t in st.tills]},
        ensure_ascii=False,
        sort_keys=True,
    )


def issue_statement(
    engine: Engine,
    actor: StaffMember,
    producer_id: str,
    period: Period,
    *,
    approval: Approval | None = None,
    now: dt.datetime | None = None,
    terminal_code: str = "",
) -> SettlementStatement:
    """Build and store the statement; refuses a period that overlaps one already issued to this producer."""
    now = now or utcnow()
    statement = build_statement(engine, producer_id, period, terminal_code=terminal_code)
    settlement_id = new_id()
    with write_tx(engine) as conn:
        approver = require(actor, Permission.SETTLE_PRODUCERS, approval)
        clash = conn.execute(
            text(
                "SELECT date_from, date_to FROM settlements WHERE producer_id = :r AND date_from <= :d1 "
                "AND date_to >= :d0"
            ),
            {"r": producer_id, "d0": period.start.isoformat(), "d1": period.end.isoformat()},
        ).first()
        if clash is not None:
            raise SettlementError(
                f"Đã quyết toán {_d(clash[0]):%d/%m/%Y}–{_d(clash[1]):%d/%m/%Y} trùng kỳ này",
                f"A statement for {_d(clash[0]):%Y-%m-%d}–{_d(clash[1]):%Y-%m-%d} overlaps this period",
                code="overlap",
            )
        conn.execute(
            insert(Settlement),
            [
                {
                    "id": settlement_id,
                    "producer_id": producer_id,
                    "date_from": period.start,
                    "date_to": period.end,
                    "gross": statement.net,
                    "commission": statement.commission,
                    "amount_due": statement.amount_due,
                    "payload": _payload(statement),
                    "issued_at": now,
                    "issued_by": actor.id,
                    "paid_at": None,
                    "paid_reference": "",
                }
            ],
        )
        record(
            conn,
            AuditEvent(
                "settlement",
                actor,
                approver,
                "settlement",
                settlement_id,
                amount=statement.amount_due,
                detail={
                    "producer": statement.producer.data.code,
                    "from": period.start.isoformat(),
                    "to": period.end.isoformat(),
                },
            ),
            now=now,
        )
    if approval is not None:
        approval.spend()
    return SettlementStatement(
        statement.producer, period, statement.lines, settlement_id, now, tills=statement.tills
    )


def mark_paid(
    engine: Engine,
    actor: StaffMember,
    settlement_id: str,
    reference: str,
    *,
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> None:
    if not reference.strip():
        raise SettlementError(
            "Cần mã giao dịch chuyển khoản hoặc số phiếu chi",
            "The transfer reference or payment voucher number is required",
            code="reference",
        )
    now = now or utcnow()
    with write_tx(engine) as conn:
        approver = require(actor, Permission.SETTLE_PRODUCERS, approval)
        row = conn.execute(
            text("SELECT paid_at, amount_due FROM settlements WHERE id = :i"), {"i": settlement_id}
        ).first()
        if row is None:
            raise SettlementError("Không có bản quyết toán này", "No such statement", code="no_statement")
        if row[0] is not None:
            raise SettlementError("Bản quyết toán đã được trả", "This statement is already paid", code="paid")
        conn.execute(
            text("UPDATE settlements SET paid_at = :at, paid_reference = :ref WHERE id = :i"),
            {"at": sql_value(now), "ref": reference.strip()[:60], "i": settlement_id},
        )
        record(
            conn,
            AuditEvent(
                "settlement_paid",
                actor,
                approver,
                "settlement",
                settlement_id,
                reference.strip(),
                amount=int(row[1]),
            ),
            now=now,
        )
    if approval is not None:
        approval.spend()


def issued_statements(engine: Engine, producer_id: str | None = None) -> list[SettlementStatement]:
    """Stored statements (as issued), newest period first."""
    sql = "SELECT id, producer_id, date_from, date_to, payload, issued_at, paid_at, paid_reference FROM settlements"
    params: dict[str, Any] = {}
    if producer_id is not None:
        sql += " WHERE producer_id = :r"
        params["r"] = producer_id
    with engine.connect() as conn:
        rows = conn.execute(text(sql + " ORDER BY date_from DESC"), params).all()
        conn.rollback()
    out = []
    for sid, pid, d0, d1, payload, issued, paid, ref in rows:
        data = json.loads(payload)
        lines = tuple(StatementLine(**line) for line in data["lines"])
        out.append(
            SettlementStatement(
                get_producer(engine, str(pid)),
                Period(_d(d0), _d(d1)),
                lines,
                str(sid),
                issued if isinstance(issued, dt.datetime) else dt.datetime.fromisoformat(str(issued)),
                None
                if paid is None
                else (paid if isinstance(paid, dt.datetime) else dt.datetime.fromisoformat(str(paid))),
                str(ref or ""),
                tills=tuple(TillIncluded(str(c)) for c in data.get("tills", [])),
            )
        )
    return out


def statement_table(st: SettlementStatement) -> Table:
    """The statement as a report table (for the screen, CSV and XLSX)."""
    cols = (
        Column("sku", "Mã hàng", "SKU"),
        Column("name", "Tên hàng", "Product"),
        Column("unit", "ĐVT", "Unit"),
        Column("qty_sold", "SL bán", "Sold", "qty"),
        Column("qty_returned", "SL trả", "Returned", "qty"),
        Column("gross", "Tiền bán", "Gross sales", "money"),
        Column("returns", "Tiền trả", "Returns", "money"),
        Column("net", "Thuần", "Net", "money"),
        Column("rate", "Tỷ lệ HH", "Rate", "pct"),
        Column("commission", "Hoa hồng", "Commission", "money"),
        Column("due", "Phải trả NSX", "Amount due", "money"),
    )
    rows = tuple(
        (
            line.sku,
            line.name_vi,
            line.unit,
            line.qty_sold_milli,
            line.qty_returned_milli,
            line.gross_sales,
            line.returns,
            line.net,
            line.commission_bp / 100,
            line.commission,
            line.amount_due,
        )
        for line in st.lines
    )
    totals = (
        "Tổng / Total",
        "",
        "",
        sum(r[3] for r in rows),
        sum(r[4] for r in rows),
        st.gross_sales,
        st.returns,
        st.net,
        "",
        st.commission,
        st.amount_due,
    )
    name = st.producer.data.name
    return Table(
        "settlement", f"Quyết toán ký gửi - {name}", f"Consignment settlement - {name}", cols, rows, totals
    )


def _when(v: dt.datetime | None) -> str:
    return f"{v:%d/%m %H:%M}" if v is not None else "—"


def coverage_rows(st: SettlementStatement, lang: str = "vi") -> tuple[ReportRow, ...]:
    """Which tills the statement counts: a store statement lists every till of the store with the newest sale head
    office holds from it; a till's own statement says plainly that it covers only this till."""
    vi = lang != "en"

    def w(v: str, e: str) -> str:
        return v if vi else e

    if not st.store_wide:
        return (
            ReportRow(w("Phạm vi", "Covers"), w("chỉ máy này", "this till only") + f" ({st.tills_label()})"),
            ReportRow(w("Không phải bảng của cả cửa hàng", "Not the store's statement")),
        )
    rows = [ReportRow(w("Phạm vi", "Covers"), w("cả cửa hàng", "whole store") + f" {st.store_code}")]
    rows += [
        ReportRow(
            w(f"Máy {t.code}: HĐ cuối", f"Till {t.code}: last sale"),
            _when(t.last_sale_at),
        )
        for t in st.tills
    ]
    if st.as_of is not None:
        rows.append(ReportRow(w("Văn phòng lập lúc", "Head office as of"), _when(st.as_of)))
    return tuple(rows)


def statement_doc(st: SettlementStatement, *, shop_name: str, lang: str = "vi") -> ReceiptDoc:
    """The statement for the receipt printer (the producer signs the paper copy); a draft says it is one."""
    vi = lang != "en"

    def w(v: str, e: str) -> str:
        return v if vi else e

    p = st.producer.data
    draft = (ReportRow(w("BẢN NHÁP — chưa phát hành", "DRAFT — not issued")),) if st.id is None else ()
    head = ReportSection(
        None,
        (
            *draft,
            ReportRow(w("Nhà sản xuất", "Producer"), f"{p.code} {p.name}"),
            ReportRow(w("Kỳ", "Period"), st.period.label()),
            *coverage_rows(st, lang),
            ReportRow(
                w("Tài khoản", "Account"),
                f"{p.bank_bin} {p.bank_account} {p.bank_account_name}".strip() or "—",
            ),
        ),
    )
    lines = ReportSection(
        w("Hàng ký gửi đã bán", "Consigned goods sold"),
        tuple(
            ReportRow(
                f"{line.name_vi} ({line.qty_sold_milli / 1000:g}−{line.qty_returned_milli / 1000:g}) "
                f"{line.commission_bp / 100:g}%",
                line.net,
            )
            for line in st.lines
        ),
    )
    totals = ReportSection(
        w("Tổng cộng", "Totals"),
        (
            ReportRow(w("Tiền bán", "Gross sales"), st.gross_sales),
            ReportRow(w("Trả hàng", "Returns"), st.returns),
            ReportRow(w("Doanh thu thuần", "Net sales"), st.net),
            ReportRow(w("Hoa hồng cửa hàng", "Shop commission"), -st.commission),
            ReportRow(w("Phải trả nhà sản xuất", "Due to the producer"), st.amount_due),
            ReportRow(w("Ký nhận: ....................", "Received by: ....................")),
        ),
    )
    return ReceiptDoc(
        kind="report",
        shop_name=shop_name,
        lang="vi" if vi else "en",
        title=w("QUYẾT TOÁN HÀNG KÝ GỬI", "CONSIGNMENT SETTLEMENT"),
        printed_at=st.issued_at,
        receipt_no=st.id[:8] if st.id else "",
        sections=(head, lines, totals),
    )
