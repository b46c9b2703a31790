"""A till of the receiving store receives a transfer (``docs/sync.md``, "Transfers and write-offs").

Head office decides a transfer, so receiving is an online request, like a return claim: the till reads the
transfers in transit to its store (``incoming``), the person enters what arrived per line, and ``receive`` posts it
with a receipt id the till commits **before** sending (``terminal_state`` ``transfer_receipt:<transfer id>``): a try
whose answer was lost is sent again with the same id and head office answers it as the same receipt. Offline the
till says so and nothing is recorded (the office can receive instead). The ``transfer_in`` moves are head office's;
the till shows them in the store's figure from its next catalogue pull (the sync worker's next round).
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Engine, text

from pos.db import write_tx
from pos.errors import PosError
from pos.ids import new_id
from pos.staff.audit import AuditEvent, record
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission, require
from pos.sync import state
from pos.sync.client import SyncClient
from pos.sync.errors import OfflineError, RejectedError, ServerError, SyncError
from pos.sync.wire import IncomingTransferDoc, ReceivedLineDoc, TransferReceiptAnswer, TransferReceiptDoc


class TransferError(PosError):
    code = "transfer"


def _offline() -> TransferError:
    return TransferError(
        "Không kết nối được văn phòng: phiếu chuyển chỉ nhận được khi có mạng (hoặc nhận tại văn phòng). "
        "Chưa ghi gì.",
        "Head office cannot be reached: a transfer can only be received online (or in the office). "
        "Nothing was recorded.",
        code="transfer_offline",
    )


def incoming(client: SyncClient) -> list[IncomingTransferDoc]:
    """The transfers in transit to this till's store, as head office holds them now."""
    try:
        return client.incoming_transfers().transfers
    except (OfflineError, ServerError) as exc:
        raise _offline() from exc
    except SyncError as exc:
        raise TransferError(exc.vi, exc.en, code=exc.code) from exc


def receive(
    engine: Engine,
    client: SyncClient,
    actor: StaffMember,
    transfer: IncomingTransferDoc,
    received: Mapping[int, int],
    *,
    approval: Approval | None = None,
) -> TransferReceiptAnswer:
    """Record at head office what arrived of ``transfer`` (line number → quantity, every line); audited here.
    Needs ``RECEIVE_STOCK`` (a shift lead or above) or an approval."""
    key = f"transfer_receipt:{transfer.id}"
    with write_tx(engine) as conn:
        approver = require(actor, Permission.RECEIVE_STOCK, approval)
        receipt_id = state.get(conn, key)
        if receipt_id is None:
            receipt_id = new_id()
            state.put(conn, key, receipt_id)
    body = TransferReceiptDoc(
        receipt_id=receipt_id,
        received_by=actor.name[:200],
        lines=[ReceivedLineDoc(line_no=n, qty_milli=q) for n, q in sorted(received.items())],
    )
    try:
        answer = client.receive_transfer(transfer.id, body)
    except (OfflineError, ServerError) as exc:
        raise _offline() from exc
    except RejectedError as exc:
        raise TransferError(exc.vi, exc.en, code=exc.code) from exc
    with write_tx(engine) as conn:
        record(
            conn,
            AuditEvent(
                "transfer_receive",
                actor,
                approver,
                "transfer",
                transfer.id,
                transfer.label,
                detail={
                    "from": transfer.from_store_code,
                    "received": {str(n): q for n, q in sorted(received.items())},
                    "discrepancy_milli": answer.discrepancy_milli,
                    "receipt_id": receipt_id,
                },
            ),
        )
        conn.execute(text("DELETE FROM terminal_state WHERE key = :k"), {"k": key})
    if approval is not None:
        approval.spend()
    return answer
