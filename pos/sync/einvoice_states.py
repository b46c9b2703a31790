"""E-invoice states between a till and head office, once a sync round (after the upload).

The till tells head office how its own invoices went (those it sends itself whose state changed since head office
last acknowledged it: ``einvoice_status.reported = 0``), so head office sees every store's invoices; and it asks
how head office's relay is getting on with the ones it sends for this till (``via = 'relay'``, not yet accepted),
so the till shows pending, sent, accepted or rejected and why. Each request is idempotent: an answer lost on the
way means the same question next round. A state that changes while the answer travels is told again (an
invoice is marked reported only if it is still as it was told).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, text

from pos.db import write_tx
from pos.models.values import utcnow
from pos.sync.client import SyncClient
from pos.sync.errors import RejectedError
from pos.sync.wire import MAX_EINVOICE_STATUSES, EInvoiceExchange, EInvoiceStatusDoc

_FIELDS = ("state", "attempts", "provider_ref", "last_error", "sent_at", "accepted_at")


@dataclass
class StatesReport:
    told: int = 0  # states of this till's own invoices head office now holds
    changed: int = 0  # relayed invoices whose state changed here
    supported: bool = True  # False: the server predates e-invoices (nothing was exchanged)


def _dt(value: Any) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def _to_tell(engine: Engine, limit: int, after: str) -> list[tuple[EInvoiceStatusDoc, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                f"SELECT sale_id, {', '.join(_FIELDS)}, updated_at FROM einvoice_status "
                "WHERE via = 'till' AND reported = 0 AND sale_id > :after ORDER BY sale_id LIMIT :n"
            ),
            {"after": after, "n": limit},
        ).all()
        conn.rollback()
    out = []
    for r in rows:
        values = dict(zip(_FIELDS, r[1:7], strict=True))
        values["sent_at"], values["accepted_at"] = _dt(values["sent_at"]), _dt(values["accepted_at"])
        values["last_error"] = str(values["last_error"])[:2000]
        out.append((EInvoiceStatusDoc(sale_id=str(r[0]), **values), r[7]))
    return out


def _to_ask(engine: Engine, limit: int, after: str) -> list[str]:
    with engine.connect() as conn:
        ids = conn.execute(
            text(
                "SELECT sale_id FROM einvoice_status WHERE via = 'relay' "
                "AND state IN ('pending', 'sent', 'rejected') AND sale_id > :after ORDER BY sale_id LIMIT :n"
            ),
            {"after": after, "n": limit},
        ).scalars()
        out = [str(i) for i in ids]
        conn.rollback()
    return out


def exchange_states(
    engine: Engine, client: SyncClient, *, chunk: int = MAX_EINVOICE_STATUSES
) -> StatesReport:
    """Tell what changed, ask what is open, a chunk at a time, until nothing is left."""
    report = StatesReport()
    told_after = asked_after = ""
    while True:
        tell = _to_tell(engine, chunk, told_after)
        ask = _to_ask(engine, chunk, asked_after)
        if not tell and not ask:
            return report
        try:
            result = client.einvoice_states(EInvoiceExchange(report=[d for d, _ in tell], ask=ask))
        except RejectedError as exc:
            if exc.status == 404:  # a head office without e-invoices: nothing to exchange with it
                report.supported = False
                return report
            raise
        now = utcnow()
        recorded = set(result.recorded)
        with write_tx(engine) as conn:
            for doc, updated_at in tell:
                if doc.sale_id in recorded:
                    report.told += conn.execute(
                        text(
                            "UPDATE einvoice_status SET reported = 1 WHERE sale_id = :id AND via = 'till' "
                            "AND (updated_at = :u OR (updated_at IS NULL AND :u IS NULL))"
                        ),
                        {"id": doc.sale_id, "u": updated_at},
                    ).rowcount
            for status in result.statuses:
                values = {f: getattr(status, f) for f in _FIELDS}
                changed = conn.execute(
                    text(
                        f"UPDATE einvoice_status SET {', '.join(f'{f} = :{f}' for f in _FIELDS)}, "
                        "updated_at = :now WHERE sale_id = :id AND via = 'relay' AND NOT ("
                        "state = :state AND attempts = :attempts AND provider_ref = :provider_ref "
                        "AND last_error = :last_error)"
                    ),
                    {**values, "id": status.sale_id, "now": now},
                ).rowcount
                report.changed += changed
        if tell:
            told_after = tell[-1][0].sale_id
        if ask:
            asked_after = ask[-1]
        if len(tell) < chunk and len(ask) < chunk:
            return report
