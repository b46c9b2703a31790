"""The till's sending queue: its invoices go to the provider in the order they were made, each exactly once.

States (``einvoice_status.state``): ``pending`` (made, not yet known to the provider) → ``sent`` (the provider
has it, the tax authority's answer is awaited) → ``accepted``; or ``rejected`` (the provider or the tax authority
refused it: the reason is kept and a person decides — ``pos.einvoice.corrections`` and docs/einvoice.md, *When an
invoice is rejected*); ``corrected`` once an adjusting invoice has been made for a rejected one.

The rules of a round are ``pos.einvoice.sending`` (shared with head office's relay); ``TillQueue`` is where they
read and write here: only invoices this till sends itself (``via = 'till'``). Each change of state marks the
invoice for the next sync to tell head office (``reported = 0``).

The legal deadline: invoice data from a cash register reaches the tax authority the same day
(``deadline_for``); ``overdue`` names those that have not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, text

from pos.backoff import Backoff
from pos.db import write_tx
from pos.einvoice.issue import local_time
from pos.einvoice.providers.base import Outcome, Provider
from pos.einvoice.sending import (
    CHECK_AGAIN_S,
    OPEN_STATES,
    STATES,
    QueueItem,
    RoundResult,
    in_order,
    run_round,
)
from pos.models.values import utcnow

__all__ = [
    "OPEN_STATES",
    "STATES",
    "QueueItem",
    "RoundResult",
    "StatusRow",
    "TillQueue",
    "counts",
    "deadline_for",
    "due",
    "invoice_for",
    "invoices",
    "next_try_at",
    "retry",
    "send_round",
    "xml_of",
]


def deadline_for(issued_at_utc: dt.datetime) -> dt.datetime:
    """The last moment (UTC) the invoice's data may reach the tax authority: the end of its local day."""
    local = local_time(issued_at_utc)
    end_local = dt.datetime.combine(local.date(), dt.time(23, 59, 59))
    offset = local - issued_at_utc
    return end_local - offset


def _dt(value: object) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


#: The document that is sent: as corrected after a rejection, else as made.
SENT_XML = "COALESCE(NULLIF(s.corrected_xml, ''), e.xml)"


def due(engine: Engine, now: dt.datetime, limit: int = 50) -> list[QueueItem]:
    """Open invoices this till sends whose turn has come, in the order they were made (``sending.in_order``)."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                f"SELECT e.sale_id, e.code, s.state, s.attempts, s.provider_ref, e.issued_at, {SENT_XML}, "
                "s.next_try_at FROM einvoice_status s JOIN einvoices e ON e.sale_id = s.sale_id "
                "WHERE s.state IN ('pending', 'sent') AND s.via = 'till' ORDER BY e.issued_at, e.code LIMIT :n"
            ),
            {"n": limit * 4},
        ).all()
        conn.rollback()
    items = (
        QueueItem(
            str(r[0]), str(r[1]), str(r[2]), int(r[3]), str(r[4]), _dt(r[5]), str(r[6]), _dt_or_none(r[7])
        )
        for r in rows
    )
    return in_order(items, now, limit)


def next_try_at(engine: Engine) -> dt.datetime | None:
    """When the earliest open invoice this till sends waits until (its backoff, or the provider's answer being
    asked again): the sender sleeps until then rather than a whole interval. None: nothing waits on a time."""
    with engine.connect() as conn:
        value = conn.execute(
            text(
                "SELECT MIN(next_try_at) FROM einvoice_status "
                "WHERE state IN ('pending', 'sent') AND via = 'till' AND next_try_at IS NOT NULL"
            )
        ).scalar()
        conn.rollback()
    return _dt_or_none(value)


def _dt_or_none(value: object) -> dt.datetime | None:
    return None if value is None else _dt(value)


#: Said of an invoice whose document was changed (``pos.vat_refund.traveller.put_on_invoice``) while this till was
#: already sending it: the provider holds the document as it was read.
CHANGED_WHILE_SENT = "changed while being sent: the provider holds the document as it was before the change"


def _update(
    engine: Engine, sale_id: str, sets: str, params: dict[str, object], *, sent_xml: str | None = None
) -> None:
    """``sets`` on the invoice's status. ``sent_xml``: the document the provider now holds; if the invoice's
    document was changed meanwhile, the change is undone (the invoice is what the provider has) and said."""
    with write_tx(engine) as conn:
        conn.execute(
            text(f"UPDATE einvoice_status SET {sets}, reported = 0, updated_at = :at WHERE sale_id = :id"),
            {"at": utcnow(), **params, "id": sale_id},
        )
        if sent_xml is None:
            return
        row = conn.execute(
            text(
                f"SELECT {SENT_XML}, e.xml FROM einvoice_status s JOIN einvoices e ON e.sale_id = s.sale_id "
                "WHERE s.sale_id = :id"
            ),
            {"id": sale_id},
        ).first()
        if row is not None and str(row[0]) != sent_xml:
            conn.execute(
                text(
                    "UPDATE einvoice_status SET corrected_xml = :xml, last_error = :why WHERE sale_id = :id"
                ),
                {
                    "xml": "" if sent_xml == str(row[1]) else sent_xml,
                    "why": CHANGED_WHILE_SENT,
                    "id": sale_id,
                },
            )


class TillQueue:
    """``pos.einvoice.sending.SendQueue`` over the till's ``einvoice_status``: the invoices it sends itself."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def due(self, now: dt.datetime, limit: int) -> list[QueueItem]:
        return due(self.engine, now, limit)

    def unreachable(self, item: QueueItem, error: str, next_try_at: dt.datetime) -> None:
        with write_tx(self.engine) as conn:  # the state is unchanged: head office need not be told again
            conn.execute(
                text(
                    "UPDATE einvoice_status SET attempts = attempts + 1, last_error = :err, next_try_at = :next "
                    "WHERE sale_id = :id"
                ),
                {"err": error, "next": next_try_at, "id": item.sale_id},
            )

    def refused(self, item: QueueItem, error: str) -> None:
        _update(
            self.engine,
            item.sale_id,
            "state = 'rejected', attempts = attempts + 1, last_error = :err, next_try_at = NULL",
            {"err": error},
        )

    def answered(self, item: QueueItem, outcome: Outcome, now: dt.datetime) -> None:
        if outcome.state == "accepted":
            _update(
                self.engine,
                item.sale_id,
                "state = 'accepted', provider_ref = :ref, attempts = attempts + 1, last_error = '', "
                "sent_at = COALESCE(sent_at, :now), accepted_at = :now, next_try_at = NULL",
                {"ref": outcome.ref, "now": now},
                sent_xml=item.xml,
            )
        else:  # the provider has it; ask again shortly
            _update(
                self.engine,
                item.sale_id,
                "state = 'sent', provider_ref = :ref, attempts = attempts + 1, last_error = :note, "
                "sent_at = COALESCE(sent_at, :now), next_try_at = :next",
                {
                    "ref": outcome.ref,
                    "now": now,
                    "note": outcome.note,
                    "next": now + dt.timedelta(seconds=CHECK_AGAIN_S),
                },
                sent_xml=item.xml,
            )


def send_round(
    engine: Engine,
    provider: Provider,
    *,
    backoff: Backoff | None = None,
    now: Callable[[], dt.datetime] = utcnow,
    limit: int = 50,
) -> RoundResult:
    """One round of the till's own sending (``pos.einvoice.sending.run_round``)."""
    return run_round(TillQueue(engine), provider, backoff=backoff, now=now, limit=limit)


def retry(engine: Engine, sale_id: str) -> bool:
    """Offer a rejected invoice this till sends again (once its cause — enrolment, provider account, the
    buyer's details — is put right). An invoice head office relays is retried there
    (``pos.einvoice.corrections.retry_rejected`` asks it to)."""
    with write_tx(engine) as conn:
        n = conn.execute(
            text(
                "UPDATE einvoice_status SET state = 'pending', next_try_at = NULL, provider_ref = '', "
                "reported = 0, updated_at = :at WHERE sale_id = :id AND state = 'rejected' AND via = 'till'"
            ),
            {"id": sale_id, "at": utcnow()},
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
    via: str = "till"
    corrected: bool = False  # the buyer's details were put right after a rejection

    @property
    def receipt(self) -> str:
        return f"{self.terminal_code}-{self.receipt_no:06d}"

    def overdue(self, now: dt.datetime) -> bool:
        return self.state in ("pending", "sent", "rejected") and now > deadline_for(self.issued_at)


_STATUS = (
    "SELECT e.sale_id, s2.terminal_code, s2.receipt_no, e.code, e.kind, e.related_code, e.issued_at, e.total, "
    "e.vat_total, COALESCE(NULLIF(s.corrected_buyer_name, ''), e.buyer_name), "
    "CASE WHEN s.corrected_xml <> '' THEN s.corrected_buyer_tax_code ELSE e.buyer_tax_code END, "
    "s.state, s.attempts, s.provider_ref, s.last_error, s.next_try_at, s.via, s.corrected_xml <> '' "
    "FROM einvoices e JOIN einvoice_status s ON s.sale_id = e.sale_id JOIN sales s2 ON s2.id = e.sale_id"
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
            str(r[16]),
            bool(r[17]),
        )
        for r in rows
    ]


def invoices(
    engine: Engine,
    *,
    states: tuple[str, ...] = STATES,
    limit: int = 200,
    days: tuple[dt.date, dt.date] | None = None,
) -> list[StatusRow]:
    """The newest invoices in ``states`` (of the sales' business days ``days``, both included), newest first."""
    marks = ", ".join(f":s{i}" for i in range(len(states)))
    params: dict[str, object] = {f"s{i}": s for i, s in enumerate(states)}
    where = f"WHERE s.state IN ({marks})"
    if days is not None:
        where += " AND s2.business_date BETWEEN :d0 AND :d1"
        params.update(d0=days[0], d1=days[1])
    return _status_rows(engine, where, params, "e.issued_at DESC, e.code DESC", limit)


def invoice_for(engine: Engine, terminal_code: str, receipt_no: int) -> StatusRow | None:
    rows = _status_rows(
        engine,
        "WHERE s2.terminal_code = :t AND s2.receipt_no = :n",
        {"t": terminal_code, "n": receipt_no},
        "e.code",
        1,
    )
    return rows[0] if rows else None


def counts(engine: Engine, *, via: str | None = None) -> dict[str, int]:
    """Invoices per state (of those sent ``via`` the till or head office, if given)."""
    where = "" if via is None else " WHERE via = :via"
    with engine.connect() as conn:
        rows = conn.execute(
            text(f"SELECT state, COUNT(*) FROM einvoice_status{where} GROUP BY state"), {"via": via}
        ).all()
        conn.rollback()
    out = dict.fromkeys(STATES, 0)
    out.update({str(s): int(n) for s, n in rows})
    return out


def xml_of(engine: Engine, sale_id: str, *, as_sent: bool = False) -> str:
    """The invoice's document as made (in the journal), or ``as_sent`` — with the buyer as corrected, if it was."""
    column = SENT_XML if as_sent else "e.xml"
    with engine.connect() as conn:
        row = conn.execute(
            text(
                f"SELECT {column} FROM einvoices e LEFT JOIN einvoice_status s ON s.sale_id = e.sale_id "
                "WHERE e.sale_id = :id"
            ),
            {"id": sale_id},
        ).first()
        conn.rollback()
    return "" if row is None else str(row[0])
