"""Saving the e-invoice configuration: a manager's change (``EDIT_SHOP_PROFILE``), checked and audited."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import Connection, Engine, text

from pos.db import write_tx
from pos.einvoice.config import EInvoiceConfig, EInvoiceConfigError, config_issues, normalise_config
from pos.models.values import utcnow
from pos.staff.audit import AuditEvent, record
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission, require

#: Where the till keeps its head-office credential (``pos.sync.state.TOKEN``; that layer is above this one).
REGISTRATION_KEY = "sync.token"


def _registered(conn: Connection) -> bool:
    row = conn.execute(
        text("SELECT value FROM terminal_state WHERE key = :k"), {"k": REGISTRATION_KEY}
    ).first()
    return row is not None and bool(row[0])


def save_config(
    engine: Engine,
    actor: StaffMember,
    config: EInvoiceConfig,
    *,
    approval: Approval | None = None,
    terminal_code: str = "",
    now: dt.datetime | None = None,
) -> EInvoiceConfig:
    """Check and save the configuration (one transaction, audited); nothing changes when it is refused."""
    config = normalise_config(config)
    with write_tx(engine) as conn:
        approver = require(actor, Permission.EDIT_SHOP_PROFILE, approval)
        issues = config_issues(config)
        if config.enrolled:
            shop = conn.execute(
                text("SELECT name, tax_code, address FROM store_profile WHERE id = 1")
            ).first()
            if shop is None or not all(shop):
                issues.append(
                    (
                        "enrolled",
                        "Trước hết hãy nhập tên, mã số thuế và địa chỉ cửa hàng (Quản lý → Cửa hàng)",
                        "First enter the shop's name, tax code and address (Manager → Shop)",
                    )
                )
        if config.enrolled and config.send_via == "relay" and not _registered(conn):
            issues.append(
                (
                    "send_via",
                    "Gửi qua văn phòng cần quầy này đã đăng ký với máy chủ văn phòng (ocop-pos register)",
                    "Relaying through head office needs this till registered with it (ocop-pos register)",
                )
            )
        if issues:
            raise EInvoiceConfigError(issues)
        values = {**dataclasses.asdict(config), "updated_at": now or utcnow()}
        exists = conn.execute(text("SELECT 1 FROM einvoice_config WHERE id = 1")).first()
        if exists is None:
            cols = ", ".join(values)
            conn.execute(
                text(
                    f"INSERT INTO einvoice_config (id, {cols}) VALUES (1, {', '.join(':' + k for k in values)})"
                ),
                values,
            )
        else:
            sets = ", ".join(f"{k} = :{k}" for k in values)
            conn.execute(text(f"UPDATE einvoice_config SET {sets} WHERE id = 1"), values)
        record(
            conn,
            AuditEvent(
                "einvoice_config",
                actor,
                approver,
                "einvoice",
                "config",
                "",
                terminal_code=terminal_code,
                detail={k: v for k, v in dataclasses.asdict(config).items()},
            ),
            now=now,
        )
    return config
