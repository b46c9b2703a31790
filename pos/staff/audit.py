"""The audit log: who asked, who approved, what, why and when — append-only and hash-chained.

There is no update or delete function here, and the database refuses both (triggers, migration 0003). Each
entry stores ``hash = sha256(prev_hash ‖ canonical(entry))`` like the sales journal, so an entry edited or
removed outside the app (with the triggers dropped) breaks the chain and ``verify_audit`` names it.

Entries are written inside the caller's transaction (``record``) when the action itself is a database write,
so the action and its audit entry commit together; ``log`` opens its own transaction for the rest.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, insert, text

from pos import models
from pos.db import write_tx
from pos.ids import new_id
from pos.ledger.canonical import chain_hash, sql_value
from pos.models.values import GENESIS_HASH, utcnow
from pos.staff.member import StaffMember

#: The columns the hash covers, in this order.
AUDIT_FIELDS = (
    "id", "at", "terminal_code", "action", "actor_id", "actor_name", "approver_id", "approver_name",
    "subject_type", "subject_id", "shift_id", "amount", "reason", "detail",
)  # fmt: skip

#: Actions and how they are shown (vi, en). Unknown actions are shown by their code.
ACTION_LABELS: Mapping[str, tuple[str, str]] = {
    "sign_in": ("Đăng nhập", "Sign-in"),
    "sign_out": ("Đăng xuất", "Sign-out"),
    "sign_in_failed": ("Đăng nhập sai PIN", "Wrong PIN at sign-in"),
    "sign_in_locked": ("Đăng nhập khi đang bị khoá", "Sign-in while locked"),
    "locked_out": ("Bị khoá do sai PIN nhiều lần", "Locked after wrong PINs"),
    "approval_failed": ("Duyệt thất bại", "Approval refused"),
    "discount": ("Chiết khấu", "Discount"),
    "price_override": ("Sửa giá", "Price override"),
    "refund": ("Trả hàng hoàn tiền", "Refund"),
    "void": ("Huỷ hoá đơn", "Void"),
    "line_void": ("Xoá dòng trước thanh toán", "Line removed before payment"),
    "drawer_open": ("Mở két không bán", "No-sale drawer open"),
    "shift_open": ("Mở ca", "Shift opened"),
    "shift_close": ("Đóng ca", "Shift closed"),
    "shift_close_unsent": ("Đóng ca khi còn giao dịch chưa gửi", "Shift closed with unsent sales"),
    "paid_in": ("Nộp tiền vào két", "Paid-in"),
    "paid_out": ("Rút tiền khỏi két", "Paid-out"),
    "x_report": ("Báo cáo X", "X report"),
    "receive": ("Nhập hàng", "Goods received"),
    "adjust": ("Điều chỉnh kho", "Stock adjustment"),
    "write_off": ("Huỷ hàng", "Write-off"),
    "transfer_receive": ("Nhận hàng chuyển kho", "Transfer received"),
    "stock_count": ("Áp dụng kiểm kê", "Stock count applied"),
    "price_change": ("Đổi giá", "Price change"),
    "price_applied": ("Giá mới có hiệu lực", "New price in effect"),
    "consignment": ("Điều kiện ký gửi", "Consignment terms"),
    "stock_rule": ("Ngưỡng tồn thấp", "Low-stock threshold"),
    "product_edit": ("Sửa sản phẩm", "Product edited"),
    "producer_edit": ("Sửa nhà sản xuất", "Producer edited"),
    "shop_profile": ("Sửa thông tin cửa hàng", "Shop details changed"),
    "catalogue_import": ("Nhập danh mục", "Catalogue import"),
    "product_identity": ("Sản phẩm nhận mã của văn phòng", "Product took head office's id"),
    "return_disputed": (
        "Trả hàng không kèm hoá đơn gốc bị văn phòng từ chối",
        "Return without the original refused by head office",
    ),
    "return_without_original": ("Trả hàng không kèm hoá đơn gốc", "Return without the original receipt"),
    "catalogue_unmatched": ("Sản phẩm không có ở văn phòng", "Products head office does not have"),
    "staff_create": ("Thêm nhân viên", "Staff added"),
    "staff_role": ("Đổi vai trò", "Role changed"),
    "pin_reset": ("Đặt lại PIN", "PIN reset"),
    "pin_change": ("Đổi PIN", "PIN changed"),
    "staff_unlock": ("Mở khoá nhân viên", "Staff unlocked"),
    "staff_deactivate": ("Ngừng nhân viên", "Staff deactivated"),
    "policy": ("Đổi chính sách", "Policy changed"),
    "settlement": ("Quyết toán ký gửi", "Settlement issued"),
    "settlement_paid": ("Đã trả quyết toán", "Settlement paid"),
    "einvoice_config": ("Thiết lập hoá đơn điện tử", "E-invoice set-up"),
    "einvoice_retry": ("Gửi lại hoá đơn điện tử bị từ chối", "Rejected e-invoice offered again"),
    "einvoice_buyer": (
        "Sửa người mua trên hoá đơn điện tử bị từ chối",
        "Buyer corrected on a rejected e-invoice",
    ),
}


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """What to record. ``actor`` is who asked; ``approver`` who authorised it with their PIN (if anyone)."""

    action: str
    actor: StaffMember | None
    approver: StaffMember | None = None
    subject_type: str = ""
    subject_id: str = ""
    reason: str = ""
    amount: int | None = None
    shift_id: str | None = None
    terminal_code: str = ""
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """An entry as read back."""

    seq: int
    id: str
    at: dt.datetime
    terminal_code: str
    action: str
    actor_id: str | None
    actor_name: str
    approver_id: str | None
    approver_name: str
    subject_type: str
    subject_id: str
    shift_id: str | None
    amount: int | None
    reason: str
    detail: dict[str, Any]

    def label(self, lang: str = "vi") -> str:
        vi, en = ACTION_LABELS.get(self.action, (self.action, self.action))
        return vi if lang.startswith("vi") else en


def _row(event: AuditEvent, at: dt.datetime) -> dict[str, Any]:
    return {
        "id": new_id(),
        "at": at,
        "terminal_code": event.terminal_code,
        "action": event.action,
        "actor_id": event.actor.id if event.actor else None,
        "actor_name": event.actor.name if event.actor else "",
        "approver_id": event.approver.id if event.approver else None,
        "approver_name": event.approver.name if event.approver else "",
        "subject_type": event.subject_type,
        "subject_id": event.subject_id,
        "shift_id": event.shift_id,
        "amount": event.amount,
        "reason": event.reason[:300],
        "detail": json.dumps(dict(event.detail), ensure_ascii=False, sort_keys=True, default=str),
    }


def entry_bytes(values: tuple[Any, ...]) -> bytes:
    """Canonical bytes of one entry given as SQL-normalised values in ``AUDIT_FIELDS`` order."""
    return json.dumps(list(values), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def record(conn: Connection, event: AuditEvent, *, now: dt.datetime | None = None) -> str:
    """Append ``event`` inside the caller's (write) transaction; returns the entry id."""
    row = _row(event, now or utcnow())
    prev = conn.execute(text("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")).scalar()
    prev_hash = str(prev) if prev is not None else GENESIS_HASH
    values = tuple(sql_value(row[f]) for f in AUDIT_FIELDS)
    row["prev_hash"] = prev_hash
    row["hash"] = chain_hash(prev_hash, entry_bytes(values))
    conn.execute(insert(models.AuditEntry), [row])
    return str(row["id"])


def log(engine: Engine, event: AuditEvent, *, now: dt.datetime | None = None) -> str:
    """Append ``event`` in a transaction of its own."""
    with write_tx(engine) as conn:
        return record(conn, event, now=now)


def _parse_dt(value: Any) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def entries(
    engine: Engine,
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    actions: tuple[str, ...] = (),
    shift_id: str | None = None,
    limit: int = 1000,
) -> list[AuditRecord]:
    """Entries, newest first, filtered by time (UTC, ``since`` inclusive, ``until`` exclusive), action, shift."""
    where = ["1 = 1"]
    params: dict[str, Any] = {"n": limit}
    if since is not None:
        where.append("at >= :since")
        params["since"] = sql_value(since)
    if until is not None:
        where.append("at < :until")
        params["until"] = sql_value(until)
    if actions:
        names = []
        for i, action in enumerate(actions):
            params[f"a{i}"] = action
            names.append(f":a{i}")
        where.append(f"action IN ({', '.join(names)})")
    if shift_id is not None:
        where.append("shift_id = :shift")
        params["shift"] = shift_id
    sql = (
        "SELECT seq, id, at, terminal_code, action, actor_id, actor_name, approver_id, approver_name, subject_type, "
        f"subject_id, shift_id, amount, reason, detail FROM audit_log WHERE {' AND '.join(where)} "
        "ORDER BY seq DESC LIMIT :n"
    )
    with engine.connect() as conn:
        rows = conn.execute(text(sql), params).all()
        conn.rollback()
    return [
        AuditRecord(
            int(r[0]),
            str(r[1]),
            _parse_dt(r[2]),
            str(r[3]),
            str(r[4]),
            r[5],
            str(r[6]),
            r[7],
            str(r[8]),
            str(r[9]),
            str(r[10]),
            r[11],
            None if r[12] is None else int(r[12]),
            str(r[13]),
            json.loads(r[14] or "{}"),
        )
        for r in rows
    ]


@dataclass
class AuditVerifyReport:
    entries: int = 0
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (seq, vi, en)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_audit(engine: Engine) -> AuditVerifyReport:
    """Recompute the chain from the stored rows; problems name the first entry where it breaks."""
    report = AuditVerifyReport()
    cols = ", ".join(AUDIT_FIELDS)
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            f"SELECT seq, prev_hash, hash, {cols} FROM audit_log ORDER BY seq"
        ).fetchall()
        conn.rollback()
    prev = GENESIS_HASH
    last_seq = 0
    for seq, prev_hash, stored, *values in rows:
        report.entries += 1
        if seq != last_seq + 1:
            report.problems.append(
                (seq, "có mục nhật ký bị xoá trước mục này", "entries before this one were removed")
            )
        if prev_hash != prev:
            report.problems.append((seq, "chuỗi nhật ký bị đứt", "the chain is broken"))
        if chain_hash(prev_hash, entry_bytes(tuple(values))) != stored:
            report.problems.append((seq, "mục nhật ký đã bị sửa", "the entry was altered"))
        prev = stored
        last_seq = seq
    return report
