"""What a manager does about a rejected e-invoice: offer it again, or put the buyer's details right first.

The documented correction path (docs/einvoice.md, *When an invoice is rejected*):

* the cause lay outside the invoice (the enrolment, the provider account, its credentials): put it right, then
  ``retry_rejected`` — the same invoice is offered again;
* the buyer's details were wrong (a tax code the tax authority does not know, a misspelt name): ``correct_buyer``
  — the invoice keeps its code, time, goods and amounts; the document sent from now on names the corrected buyer
  (``einvoice_status.corrected_xml``), and it is offered again. The invoice as made stays in ``einvoices`` and the
  journal, unchanged; the correction is in the audit log (old and new buyer, the new document's SHA-256), which is
  hash-chained too;
* the goods or the amounts were wrong: return or void the sale (an adjusting invoice is made) and ring it up again.

Both need the right to manage the store's e-invoices (``EDIT_SHOP_PROFILE``, as enrolling does) or a manager's
approval, and are audited. An invoice head office relays is offered again by head office: the request (with the
corrected document, if any) goes there through the outbox (``einvoice_retry``), and the invoice's state here
follows head office's at the next sync.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from typing import Any

from sqlalchemy import Connection, Engine, insert, text

from pos.db import write_tx
from pos.einvoice.buyer import Buyer, checked_buyer
from pos.einvoice.errors import EInvoiceError
from pos.einvoice.issue import buyer_from_xml
from pos.einvoice.xml import check_structure, with_buyer
from pos.ids import new_id
from pos.ledger.canonical import sql_value
from pos.models import OutboxEntry
from pos.models.values import utcnow
from pos.staff.audit import AuditEvent, record
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission, require

#: The outbox entity of a request to head office to offer a relayed invoice again (``pos.sync.wire.EInvoiceRetryDoc``).
RETRY_ENTITY = "einvoice_retry"
#: Who may offer a rejected invoice again or correct its buyer: those who manage the store's e-invoices.
PERMISSION = Permission.EDIT_SHOP_PROFILE


def _rejected(conn: Connection, sale_id: str) -> dict[str, Any]:
    row = (
        conn.execute(
            text(
                "SELECT e.code, s.state, s.via, COALESCE(NULLIF(s.corrected_xml, ''), e.xml) AS xml "
                "FROM einvoices e JOIN einvoice_status s ON s.sale_id = e.sale_id WHERE e.sale_id = :id"
            ),
            {"id": sale_id},
        )
        .mappings()
        .first()
    )
    if row is None:
        raise EInvoiceError(
            "Giao dịch này không có hoá đơn điện tử", "This sale has no e-invoice", code="no_einvoice"
        )
    if row["state"] != "rejected":
        raise EInvoiceError(
            f"Hoá đơn {row['code']} không bị từ chối: chỉ gửi lại được hoá đơn bị từ chối",
            f"Invoice {row['code']} was not rejected: only a rejected invoice is offered again",
            code="einvoice_not_rejected",
        )
    return dict(row)


def _ask_head_office(
    conn: Connection, sale_id: str, corrected: tuple[str, Buyer] | None, now: dt.datetime
) -> None:
    """The request for head office, in the outbox on the caller's transaction (built with ``json`` like every
    outbox document of the till: its write path loads no pydantic)."""
    retry_id = new_id()
    doc = {
        "type": RETRY_ENTITY,
        "retry": {
            "id": retry_id,
            "sale_id": sale_id,
            "xml": corrected[0] if corrected else "",
            "buyer_name": corrected[1].name if corrected else "",
            "buyer_tax_code": corrected[1].tax_code if corrected else "",
            "at": sql_value(now),
        },
    }
    conn.execute(
        insert(OutboxEntry),
        [
            {
                "entity": RETRY_ENTITY,
                "entity_id": retry_id,
                "payload": json.dumps(doc, ensure_ascii=False, separators=(",", ":")),
                "created_at": now,
                "attempts": 0,
                "last_error": "",
            }
        ],
    )


def _offer_again(
    conn: Connection, sale_id: str, via: str, now: dt.datetime, *, corrected: tuple[str, Buyer] | None
) -> None:
    """Back to ``pending`` (this till sends it), or the request to head office (it relays it)."""
    sets = "state = 'pending', next_try_at = NULL, provider_ref = '', reported = 0, updated_at = :at"
    params: dict[str, Any] = {"id": sale_id, "at": now}
    if corrected is not None:
        sets += ", corrected_xml = :xml, corrected_buyer_name = :name, corrected_buyer_tax_code = :tax"
        params.update(xml=corrected[0], name=corrected[1].name, tax=corrected[1].tax_code)
    if via == "relay":
        # What head office will do once it has the request; the next sync brings its real state.
        sets += ", last_error = :note"
        params["note"] = "retry asked of head office"
        _ask_head_office(conn, sale_id, corrected, now)
    conn.execute(text(f"UPDATE einvoice_status SET {sets} WHERE sale_id = :id"), params)


def retry_rejected(
    engine: Engine,
    actor: StaffMember,
    sale_id: str,
    *,
    approval: Approval | None = None,
    terminal_code: str = "",
    now: dt.datetime | None = None,
) -> None:
    """Offer a rejected invoice again as it is (its cause was outside the invoice and is now put right)."""
    now = now or utcnow()
    with write_tx(engine) as conn:
        approver = require(actor, PERMISSION, approval)
        row = _rejected(conn, sale_id)
        _offer_again(conn, sale_id, str(row["via"]), now, corrected=None)
        record(
            conn,
            AuditEvent(
                "einvoice_retry",
                actor,
                approver,
                "einvoice",
                sale_id,
                terminal_code=terminal_code,
                detail={"code": row["code"], "via": row["via"]},
            ),
            now=now,
        )


def correct_buyer(
    engine: Engine,
    actor: StaffMember,
    sale_id: str,
    buyer: Buyer,
    *,
    approval: Approval | None = None,
    terminal_code: str = "",
    now: dt.datetime | None = None,
) -> Buyer:
    """Put a rejected invoice's buyer right and offer it again; returns the buyer as it now stands.

    ``BuyerError`` names every problem of ``buyer`` (nothing changes); ``EInvoiceError`` if the invoice is not a
    rejected one.
    """
    now = now or utcnow()
    buyer = checked_buyer(buyer)
    with write_tx(engine) as conn:
        approver = require(actor, PERMISSION, approval)
        row = _rejected(conn, sale_id)
        document = with_buyer(str(row["xml"]), buyer)
        problems = check_structure(document)
        if problems:
            raise EInvoiceError(
                f"Hoá đơn sau khi sửa không đúng định dạng: {problems[0]}",
                f"The corrected invoice does not conform to the format: {problems[0]}",
                code="einvoice_format",
            )
        before = buyer_from_xml(str(row["xml"]))
        _offer_again(conn, sale_id, str(row["via"]), now, corrected=(document, buyer))
        record(
            conn,
            AuditEvent(
                "einvoice_buyer",
                actor,
                approver,
                "einvoice",
                sale_id,
                terminal_code=terminal_code,
                detail={
                    "code": row["code"],
                    "via": row["via"],
                    "before": dataclasses.asdict(before) if before else None,
                    "after": dataclasses.asdict(buyer),
                    "xml_sha256": hashlib.sha256(document.encode("utf-8")).hexdigest(),
                },
            ),
            now=now,
        )
    return buyer
