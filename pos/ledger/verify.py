"""Verifying the journal: recompute the hash chain from the stored sales and compare.

Catches a sale, line, VAT row or payment edited out of band (its hash no longer matches), a sale deleted (its
journal entry points at nothing), a sale or row inserted out of band (rows no entry covers), a journal entry
removed or reordered (the chain breaks), and the newest sales removed together with their entries (the receipt
counter is ahead of the journal).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from pos.ledger.canonical import LINE_FIELDS, PAYMENT_FIELDS, SALE_FIELDS, VAT_FIELDS, canonical, chain_hash
from pos.models.ledger import GENESIS_HASH


@dataclass(frozen=True, slots=True)
class Problem:
    terminal_code: str
    receipt_no: int
    vi: str
    en: str

    def message(self, lang: str = "en") -> str:
        label = f"{self.terminal_code}-{self.receipt_no:06d}"
        return f"{label}: {self.vi if lang == 'vi' else self.en}"


@dataclass
class VerifyReport:
    entries: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first(self) -> Problem | None:
        return self.problems[0] if self.problems else None


def _select(conn: Any, table: str, fields: tuple[str, ...], order: str) -> list[tuple[Any, ...]]:
    cols = ", ".join(fields)
    return list(
        conn.exec_driver_sql(f"SELECT sale_id, {cols} FROM {table} ORDER BY sale_id, {order}").fetchall()
    )


def _group(rows: list[tuple[Any, ...]]) -> dict[str, list[tuple[Any, ...]]]:
    grouped: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(row[1:])
    return grouped


def verify_journal(engine: Engine) -> VerifyReport:
    """Check the whole journal; problems come in journal order, so ``first`` is the earliest bad receipt."""
    report = VerifyReport()
    with engine.connect() as conn:
        entries = conn.exec_driver_sql(
            "SELECT seq, sale_id, terminal_code, receipt_no, prev_hash, hash FROM journal ORDER BY seq"
        ).fetchall()
        sales = {
            r[0]: r for r in conn.exec_driver_sql(f"SELECT {', '.join(SALE_FIELDS)} FROM sales").fetchall()
        }
        lines = _group(_select(conn, "sale_lines", LINE_FIELDS, "line_no"))
        vats = _group(_select(conn, "sale_vat", VAT_FIELDS, "rate_pct"))
        pays = _group(_select(conn, "payments", PAYMENT_FIELDS, "seq"))
        counters: dict[str, int] = dict(
            conn.exec_driver_sql("SELECT terminal_code, last_no FROM receipt_counters").fetchall()
        )
        conn.rollback()

    def bad(terminal: str, no: int, vi: str, en: str) -> None:
        report.problems.append(Problem(terminal, no, vi, en))

    prev = GENESIS_HASH
    expected_no: dict[str, int] = defaultdict(int)
    covered: set[str] = set()
    for _seq, sale_id, terminal, receipt_no, prev_hash, stored_hash in entries:
        report.entries += 1
        expected_no[terminal] += 1
        if receipt_no != expected_no[terminal]:
            bad(
                terminal,
                expected_no[terminal],
                "thiếu hoá đơn trong nhật ký",
                "receipt missing from the journal",
            )
            expected_no[terminal] = receipt_no
        if prev_hash != prev:
            bad(
                terminal,
                receipt_no,
                "chuỗi nhật ký bị đứt (bút toán bị xoá hoặc chèn)",
                "journal chain broken (an entry was removed or inserted)",
            )
        sale = sales.get(sale_id)
        covered.add(sale_id)
        if sale is None:
            bad(terminal, receipt_no, "giao dịch đã bị xoá", "sale was deleted")
        else:
            body = canonical(sale, lines.get(sale_id, []), vats.get(sale_id, []), pays.get(sale_id, []))
            if chain_hash(prev_hash, body) != stored_hash:
                bad(
                    terminal,
                    receipt_no,
                    "giao dịch đã bị sửa (hoá đơn, dòng hàng, thuế hoặc thanh toán)",
                    "sale was altered (header, line, VAT or payment)",
                )
            elif sale[1] != terminal or sale[2] != receipt_no:
                bad(terminal, receipt_no, "số hoá đơn bị sửa", "receipt number was altered")
        prev = stored_hash
    for sale_id, sale in sales.items():
        if sale_id not in covered:
            bad(sale[1], sale[2], "giao dịch được chèn ngoài phần mềm", "sale inserted out of band")
    for table, grouped in (("dòng hàng/line", lines), ("thuế/VAT row", vats), ("thanh toán/payment", pays)):
        for sale_id in grouped:
            if sale_id not in sales:
                vi, en = table.split("/")
                bad("?", 0, f"{vi} không thuộc giao dịch nào", f"{en} belongs to no sale")
    for terminal, last_no in counters.items():
        if last_no > expected_no.get(terminal, 0):
            bad(
                terminal,
                expected_no.get(terminal, 0) + 1,
                "hoá đơn cuối đã bị xoá khỏi nhật ký",
                "the latest receipts were removed from the journal",
            )
    return report
