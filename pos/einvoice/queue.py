"""The sending queue: invoices go to the provider in the order they were made, each exactly once.

States (``einvoice_status.state``): ``pending`` (made, not yet known to the provider) → ``sent`` (the provider
has it, the tax authority's answer is awaited) → ``accepted``; or ``rejected`` (the provider or the tax authority
refused it: the reason is kept and a person decides — see ``retry`` and docs/einvoice.md, *When an invoice is
rejected*); ``corrected`` once an adjusting invoice has been made for a rejected one.

A round (``send_round``) takes the invoices that are due, oldest first. An unreachable provider stops the round
(the order is kept) and pushes every due invoice back by the backoff; a refusal affects only that invoice.
Resending is harmless by construction: the provider adapter keys each request on the sale id.

The legal deadline: invoice data from a cash register reaches the tax authority the same day
(``deadline_for``); ``overdue`` names those that have not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine, text

from pos.backoff import Backoff
from pos.db import write_tx
from pos.einvoice.issue import local_time
from pos.einvoice.providers.base import Outcome, Provider, Refused, Submission, Unreachable
from pos.models.base import utcnow

STATES = ("pending", "sent", "accepted", "rejected", "corrected")
OPEN_STATES = ("pending", "sent")


@dataclass(frozen=True, slots=True)
class QueueItem:
    sale_id: str
    code: str
    state: str
    attempts: int
    provider_ref: str
    issued_at: dt.datetime
    xml: str


@dataclass
class RoundResult:
    accepted: int = 0
    sent: int = 0
    rejected: int = 0
    unreachable: str = ""
    delay_s: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.unreachable


def deadline_for(issued_at_utc: dt.datetime) -> dt.datetime:
    """The last moment (UTC) the invoice's data may reach the tax authority: the end of its local day."""
    local = local_time(issued_at_utc)
    end_local = dt.datetime.combine(local.date(), dt.time(23, 59, 59))
    offset = local - issued_at_utc
    return end_local - offset


def _dt(value: object) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def due(engine: Engine, now: dt.datetime, limit: int = 50) -> list[QueueItem]:
    """Open invoices whose next try has come, in the order they were made."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT e.sale_id, e.code, s.state, s.attempts, s.provider_ref, e.issued_at, e.xml "
                "FROM einvoice_status s JOIN einvoices e ON e.sale_id = s.sale_id "
                "WHERE s.state IN ('pending', 'sent') AND (s.next_try_at IS NULL OR s.next_try_at <= :now) "
                "ORDER BY e.issued_at, e.code LIMIT :n"
            ),
            {"now": now, "n": limit},
        ).all()
        conn.rollback()
    return [
        QueueItem(str(r[0]), str(r[1]), str(r[2]), int(r[3]), str(r[4]), _dt(r[5]), str(r[6])) for r in rows
    ]


def _update(engine: Engine, sale_id: str, sets: str, params: dict[str, object]) -> None:
    with write_tx(engine) as conn:
        conn.execute(
            text(f"UPDATE einvoice_status SET {sets} WHERE sale_id = :id"), {"id": sale_id, **params}
        )


def _record(engine: Engine, item: QueueItem, outcome: Outcome, now: dt.datetime) -> None:
    if outcome.state == "accepted":
        _update(
            engine,
            item.sale_id,
            "state = 'accepted', provider_ref = :ref, attempts = attempts + 1, last_error = '', "
            "sent_at = COALESCE(sent_at, :now), accepted_at = :now, next_try_at = NULL",
            {"ref": outcome.ref, "now": now},
        )
    else:  # the provider has it; ask again shortly
        _update(
            engine,
            item.sale_id,
            "state = 'sent', provider_ref = :ref, attempts = attempts + 1, last_error = :note, "
            "sent_at = COALESCE(sent_at, :now), next_try_at = :next",
            {"ref": outcome.ref, "now": now, "note": outcome.note, "next": now + dt.timedelta(seconds=5)},
        )


def send_round(
    engine: Engine,
    provider: Provider,
    *,
    backoff: Backoff | None = None,
    now: Callable[[], dt.datetime] = utcnow,
    limit: int = 50,
) -> RoundResult:
    """Send what is due, oldest first; stop at the first unreachable provider (``result.delay_s``: wait that)."""
    result = RoundResult()
    backoff = backoff or Backoff(2.0, 300.0)
    for item in due(engine, now(), limit):
        sub = Submission(item.sale_id, item.code, item.xml)
        try:
            outcome = provider.check(sub, item.provider_ref) if item.state == "sent" else provider.submit(sub)
        except Unreachable as exc:
            result.unreachable = str(exc)
            result.delay_s = backoff.next_delay()
            later = now() + dt.timedelta(seconds=result.delay_s)
            _update(
                engine,
                item.sale_id,
                "attempts = attempts + 1, last_error = :err, next_try_at = :next",
                {"err": f"unreachable: {exc}"[:500], "next": later},
            )
            return result
        except Refused as exc:
            _update(
                engine,
                item.sale_id,
                "state = 'rejected', attempts = attempts + 1, last_error = :err, next_try_at = NULL",
                {"err": f"{exc.code}: {exc.message}"[:1000]},
            )
            result.rejected += 1
            result.problems.append(f"{item.code}: {exc.code}: {exc.message}")
            continue
        backoff.reset()
        _record(engine, item, outcome, now())
        if outcome.state == "accepted":
            result.accepted += 1
        else:
            result.sent += 1
    return result


def retry(engine: Engine, sale_id: str) -> bool:
    """Offer a rejected invoice again (once its cause — enrolment, provider account — is put right)."""
    with write_tx(engine) as conn:
        n = conn.execute(
            text(
                "UPDATE einvoice_status SET state = 'pending', next_try_at = NULL, provider_ref = '' "
                "WHERE sale_id = :id AND state = 'rejected'"
            ),
            {"id": sale_id},
        ).rowcount
    return bool(n)


def mark_corrected(engine: Engine, sale_id: str, by_sale_id: str) -> None:
    """A rejected invoice that an adjusting one now corrects (void or return of the same sale)."""
    _update(engine, sale_id, "state = 'corrected', corrected_by = :by", {"by": by_sale_id})


@dataclass(frozen=True, slots=True)
class StatusRow:
    sale_id: str
    terminal_code: str
    receipt_no: int
    code: str
    kind: str
    related_code: str
    issued_at: dt.datetime
    total: int
    vat_total: int
    buyer_name: str
    buyer_tax_code: str
    state: str
    attempts: int
    provider_ref: str
    last_error: str
    next_try_at: dt.datetime | None

    @property
    def receipt(self) -> str:
        return f"{self.terminal_code}-{self.receipt_no:06d}"

    def overdue(self, now: dt.datetime) -> bool:
        return self.state in ("pending", "sent", "rejected") and now > deadline_for(self.issued_at)


_STATUS = (
    "SELECT e.sale_id, s2.terminal_code, s2.receipt_no, e.code, e.kind, e.related_code, e.issued_at, e.total, "
    "e.vat_total, e.buyer_name, e.buyer_tax_code, s.state, s.attempts, s.provider_ref, s.last_error, "
    "s.next_try_at FROM einvoices e JOIN einvoice_status s ON s.sale_id = e.sale_id "
    "JOIN sales s2 ON s2.id = e.sale_id"
)


def _status_rows(
    engine: Engine, where: str, params: dict[str, object], order: str, limit: int
) -> list[StatusRow]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(f"{_STATUS} {where} ORDER BY {order} LIMIT :lim"), {**params, "lim": limit}
        ).all()
        conn.rollback()
    return [
        StatusRow(
            str(r[0]),
            str(r[1]),
            int(r[2]),
            str(r[3]),
            str(r[4]),
            str(r[5]),
            _dt(r[6]),
            int(r[7]),
            int(r[8]),
            str(r[9]),
            str(r[10]),
            str(r[11]),
            int(r[12]),
            str(r[13]),
            str(r[14]),
            None if r[15] is None else _dt(r[15]),
        )
        for r in rows
    ]


def invoices(engine: Engine, *, states: tuple[str, ...] = STATES, limit: int = 200) -> list[StatusRow]:
    """The newest invoices in ``states``, newest first."""
    marks = ", ".join(f":s{i}" for i in range(len(states)))
    params: dict[str, object] = {f"s{i}": s for i, s in enumerate(states)}
    return _status_rows(engine, f"WHERE s.state IN ({marks})", params, "e.issued_at DESC, e.code DESC", limit)


def invoice_for(engine: Engine, terminal_code: str, receipt_no: int) -> StatusRow | None:
    rows = _status_rows(
        engine,
        "WHERE s2.terminal_code = :t AND s2.receipt_no = :n",
        {"t": terminal_code, "n": receipt_no},
        "e.code",
        1,
    )
    return rows[0] if rows else None


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT state, COUNT(*) FROM einvoice_status GROUP BY state")).all()
        conn.rollback()
    out = dict.fromkeys(STATES, 0)
    out.update({str(s): int(n) for s, n in rows})
    return out


def xml_of(engine: Engine, sale_id: str) -> str:
    with engine.connect() as conn:
        row = conn.execute(text("SELECT xml FROM einvoices WHERE sale_id = :id"), {"id": sale_id}).first()
        conn.rollback()
    return "" if row is None else str(row[0])
