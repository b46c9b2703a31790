"""The rules of sending e-invoices to a provider, the same at the till and at head office (the relay).

A round (``run_round``) takes the invoices that are due, oldest first, from a ``SendQueue`` — the till's tables
(``pos.einvoice.queue.TillQueue``) or head office's for one store (``pos.server.einvoice_relay``) — and offers
each to the provider:

* the provider cannot be reached (connection refused, reset, timeout, truncated answer, 5xx), or it refuses our
  credentials: the round stops there, so the order is kept, and the invoice waits for the backoff's delay
  (``RoundResult.delay_s``) — an account problem rejects no invoice;
* the provider refuses it: only that invoice is ``rejected``, with the provider's code and message, and waits for
  a person (docs/einvoice.md, *When an invoice is rejected*); the round goes on;
* the provider has it: ``sent`` (asked again ``CHECK_AGAIN_S`` later) or ``accepted``.

Resending is harmless by construction: the adapter keys each request on the sale id (``Submission.sale_id``), so
a request whose answer was lost is recognised by the provider the second time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from pos.backoff import Backoff
from pos.einvoice.providers.base import AccountRefused, Outcome, Provider, Refused, Submission, Unreachable
from pos.models.values import utcnow

STATES = ("pending", "sent", "accepted", "rejected", "corrected")
OPEN_STATES = ("pending", "sent")
#: After the provider took an invoice without the tax authority's answer yet: ask again this much later.
CHECK_AGAIN_S = 5.0
#: Longest reason kept (the provider's own message).
MAX_ERROR = 1000


@dataclass(frozen=True, slots=True)
class QueueItem:
    sale_id: str
    code: str
    state: str
    attempts: int
    provider_ref: str
    issued_at: dt.datetime
    xml: str  # the document to send: as made, or as a manager corrected it after a rejection
    next_try_at: dt.datetime | None = None


def in_order(candidates: Iterable[QueueItem], now: dt.datetime, limit: int) -> list[QueueItem]:
    """The invoices to offer now, from the open ones in the order they were made: an invoice still waiting out
    its backoff holds back every later one (the provider sees them in order); one the provider already has
    (``sent``, waiting for the tax authority) holds nothing back."""
    out: list[QueueItem] = []
    for item in candidates:
        if item.next_try_at is not None and item.next_try_at > now:
            if item.state == "pending":
                break
            continue
        out.append(item)
        if len(out) >= limit:
            break
    return out


@dataclass
class RoundResult:
    accepted: int = 0
    sent: int = 0
    rejected: int = 0
    unreachable: str = ""  # why the round stopped: nothing known (network, 5xx) or the account refused
    account_refused: bool = False
    delay_s: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.unreachable

    @property
    def moved(self) -> int:
        """Invoices whose state this round changed."""
        return self.accepted + self.sent + self.rejected


class SendQueue(Protocol):
    """Where the invoices wait and their states are written; each call is its own short transaction."""

    def due(self, now: dt.datetime, limit: int) -> list[QueueItem]:
        """Open invoices whose next try has come, in the order they were made."""
        ...

    def unreachable(self, item: QueueItem, error: str, next_try_at: dt.datetime) -> None: ...

    def refused(self, item: QueueItem, error: str) -> None: ...

    def answered(self, item: QueueItem, outcome: Outcome, now: dt.datetime) -> None:
        """``accepted``, or ``sent`` and to be asked again ``CHECK_AGAIN_S`` after ``now``."""
        ...


def run_round(
    queue: SendQueue,
    provider: Provider,
    *,
    backoff: Backoff | None = None,
    now: Callable[[], dt.datetime] = utcnow,
    limit: int = 50,
) -> RoundResult:
    """Send what is due, oldest first; stop at the first unreachable provider (``result.delay_s``: wait that)."""
    result = RoundResult()
    backoff = backoff or Backoff(2.0, 300.0)
    for item in queue.due(now(), limit):
        sub = Submission(item.sale_id, item.code, item.xml)
        try:
            outcome = provider.check(sub, item.provider_ref) if item.state == "sent" else provider.submit(sub)
        except Unreachable as exc:
            what = "account refused" if isinstance(exc, AccountRefused) else "unreachable"
            result.unreachable = f"{what}: {exc}"
            result.account_refused = isinstance(exc, AccountRefused)
            result.delay_s = backoff.next_delay()
            queue.unreachable(
                item, result.unreachable[:MAX_ERROR], now() + dt.timedelta(seconds=result.delay_s)
            )
            return result
        except Refused as exc:
            queue.refused(item, f"{exc.code}: {exc.message}"[:MAX_ERROR])
            result.rejected += 1
            result.problems.append(f"{item.code}: {exc.code}: {exc.message}")
            continue
        backoff.reset()
        queue.answered(item, outcome, now())
        if outcome.state == "accepted":
            result.accepted += 1
        else:
            result.sent += 1
    return result
