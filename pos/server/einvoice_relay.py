"""Head office sends the e-invoices of the stores set to relay (``via = 'relay'``), by the till's own rules.

A store's provider account is ``einvoice_relays`` (``set_relay``; ``ocop-pos server einvoice-relay``). A round
(``relay_round``) takes each active store in turn and runs ``pos.einvoice.sending.run_round`` over that store's
invoices (``ServerQueue``): oldest first, stopping at an unreachable provider, a refusal rejecting only that
invoice, resends made harmless by the provider's key (the sale id). Each store backs off on its own, so one
provider that is down holds up no other store.

Who sends: ``RelayWorker``, a thread the server app starts (``pos.server.app``), or ``ocop-pos server
einvoice-send`` for a timer. Every server process may run one; a lease in ``server_meta`` lets one send at a time
(the others wait), so several processes behind a load balancer, or a timer beside them, never send an invoice
twice at once. The till learns the state at its next sync (``pos.server.einvoices.exchange``).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from pos.backoff import Backoff
from pos.einvoice.providers import provider_for
from pos.einvoice.providers.base import Outcome, Provider
from pos.einvoice.sending import CHECK_AGAIN_S, QueueItem, RoundResult, in_order, run_round
from pos.errors import PosError
from pos.server.db import is_postgres, read_tx, write_tx
from pos.server.models import EInvoiceRelay, EInvoiceStatus, ServerMeta, Store, utcnow

log = logging.getLogger("pos.server.einvoice")
LEASE_KEY = "einvoice_relay_lease"
#: How long a sender holds the lease without renewing it (it renews before every store).
LEASE_S = 300.0


class RelayError(PosError):
    code = "einvoice_relay"


@dataclass(frozen=True, slots=True)
class RelayAccount:
    """A store's provider account (``einvoice_relays``)."""

    store_id: str
    store_code: str
    provider: str
    base_url: str
    client_id: str
    client_secret: str
    provider_account_id: str
    active: bool = True

    def settings(self, timeout_s: float) -> dict[str, object]:
        """The adapter's settings, as the till's ``[einvoice.<provider>]`` section names them."""
        return {
            "base_url": self.base_url,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "provider_account_id": self.provider_account_id,
            "timeout_s": timeout_s,
        }


# --- the store's account ---------------------------------------------------------------------------------


def set_relay(
    engine: Engine,
    store_code: str,
    *,
    provider: str = "sepay",
    base_url: str = "",
    client_id: str = "",
    client_secret: str | None = None,
    provider_account_id: str = "",
    active: bool = True,
    now: dt.datetime | None = None,
) -> None:
    """Set (or change) a store's provider account; ``client_secret`` None keeps the one stored."""
    from pos.einvoice.config import PROVIDERS

    if provider not in PROVIDERS:
        raise RelayError(
            f"Nhà cung cấp: {', '.join(PROVIDERS)}", f"Provider: {', '.join(PROVIDERS)}", code="bad_provider"
        )
    if base_url and not base_url.startswith(("https://", "http://")):
        raise RelayError(
            "Địa chỉ nhà cung cấp bắt đầu bằng https://", "The provider's address starts with https://"
        )
    with write_tx(engine) as conn:
        store_id = conn.execute(select(Store.id).where(Store.code == store_code)).scalar()
        if store_id is None:
            raise RelayError(f"Không có cửa hàng {store_code}", f"No store {store_code}", code="not_found")
        old = conn.execute(
            select(EInvoiceRelay.client_secret).where(EInvoiceRelay.store_id == store_id)
        ).scalar()
        secret = client_secret if client_secret is not None else str(old or "")
        if active and not (client_id and secret and provider_account_id):
            raise RelayError(
                "Cần mã khách hàng, khoá bí mật và tài khoản tại nhà cung cấp",
                "The client id, its secret and the account at the provider are needed",
                code="relay_incomplete",
            )
        values = {
            "store_id": store_id,
            "provider": provider,
            "base_url": base_url,
            "client_id": client_id,
            "client_secret": secret,
            "provider_account_id": provider_account_id,
            "active": active,
            "updated_at": now or utcnow(),
        }
        dialect = postgresql if is_postgres(conn) else sqlite
        stmt = dialect.insert(EInvoiceRelay).values(values)
        conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["store_id"], set_={k: stmt.excluded[k] for k in values if k != "store_id"}
            )
        )


def relay_accounts(engine: Engine, *, active_only: bool = True) -> list[RelayAccount]:
    with read_tx(engine) as conn:
        q = (
            select(
                EInvoiceRelay.store_id,
                Store.code,
                EInvoiceRelay.provider,
                EInvoiceRelay.base_url,
                EInvoiceRelay.client_id,
                EInvoiceRelay.client_secret,
                EInvoiceRelay.provider_account_id,
                EInvoiceRelay.active,
            )
            .join(Store, Store.id == EInvoiceRelay.store_id)
            .order_by(Store.code)
        )
        if active_only:
            q = q.where(EInvoiceRelay.active.is_(True))
        rows = conn.execute(q).all()
    return [
        RelayAccount(str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]), str(r[6]), bool(r[7]))
        for r in rows
    ]


# --- one store's queue -----------------------------------------------------------------------------------

_ST = EInvoiceStatus.__table__.c


def _dt(value: object) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


_SENT_XML = "COALESCE(NULLIF(s.corrected_xml, ''), e.xml)"


class ServerQueue:
    """``pos.einvoice.sending.SendQueue`` over head office's tables: one store's relayed invoices."""

    def __init__(self, engine: Engine, store_id: str) -> None:
        self.engine = engine
        self.store_id = store_id

    def due(self, now: dt.datetime, limit: int) -> list[QueueItem]:
        with read_tx(self.engine) as conn:
            rows = conn.execute(
                text(
                    f"SELECT s.sale_id, e.code, s.state, s.attempts, s.provider_ref, s.issued_at, {_SENT_XML}, "
                    "s.next_try_at FROM einvoice_status s JOIN einvoices e ON e.sale_id = s.sale_id "
                    "WHERE s.via = 'relay' AND s.state IN ('pending', 'sent') AND s.store_id = :store "
                    "ORDER BY s.issued_at, e.code LIMIT :n"
                ),
                {"store": self.store_id, "n": limit * 4},
            ).all()
        items = (
            QueueItem(
                str(r[0]),
                str(r[1]),
                str(r[2]),
                int(r[3]),
                str(r[4]),
                _dt(r[5]),
                str(r[6]),
                None if r[7] is None else _dt(r[7]),
            )
            for r in rows
        )
        return in_order(items, now, limit)

    def _set(self, item: QueueItem, **values: object) -> None:
        with write_tx(self.engine) as conn:
            conn.execute(
                update(EInvoiceStatus)
                .where(EInvoiceStatus.sale_id == item.sale_id)
                .values(attempts=_ST.attempts + 1, updated_at=utcnow(), **values)
            )

    def unreachable(self, item: QueueItem, error: str, next_try_at: dt.datetime) -> None:
        self._set(item, last_error=error, next_try_at=next_try_at)

    def refused(self, item: QueueItem, error: str) -> None:
        self._set(item, state="rejected", last_error=error, next_try_at=None)

    def answered(self, item: QueueItem, outcome: Outcome, now: dt.datetime) -> None:
        sent_at = func.coalesce(EInvoiceStatus.sent_at, now)
        if outcome.state == "accepted":
            self._set(
                item,
                state="accepted",
                provider_ref=outcome.ref,
                last_error="",
                sent_at=sent_at,
                accepted_at=now,
                next_try_at=None,
            )
        else:
            self._set(
                item,
                state="sent",
                provider_ref=outcome.ref,
                last_error=outcome.note,
                sent_at=sent_at,
                next_try_at=now + dt.timedelta(seconds=CHECK_AGAIN_S),
            )


# --- the lease ---------------------------------------------------------------------------------------------


def claim_lease(
    engine: Engine, holder: str, *, seconds: float = LEASE_S, now: dt.datetime | None = None
) -> bool:
    """Take (or keep) the right to send for ``seconds``; False while another sender holds it."""
    now = now or utcnow()
    with write_tx(engine) as conn:
        _ensure_lease_row(conn)
        q = select(ServerMeta.value).where(ServerMeta.key == LEASE_KEY)
        if is_postgres(conn):
            q = q.with_for_update()
        current = str(conn.execute(q).scalar() or "")
        who, _, until = current.partition(" ")
        if who and who != holder and until and dt.datetime.fromisoformat(until) > now:
            return False
        value = f"{holder} {(now + dt.timedelta(seconds=seconds)).isoformat()}"
        conn.execute(update(ServerMeta).where(ServerMeta.key == LEASE_KEY).values(value=value))
    return True


def release_lease(engine: Engine, holder: str) -> None:
    with write_tx(engine) as conn:
        conn.execute(
            update(ServerMeta)
            .where(ServerMeta.key == LEASE_KEY, ServerMeta.value.like(f"{holder} %"))
            .values(value="")
        )


def _ensure_lease_row(conn: Connection) -> None:
    dialect = postgresql if is_postgres(conn) else sqlite
    conn.execute(dialect.insert(ServerMeta).values(key=LEASE_KEY, value="").on_conflict_do_nothing())


# --- a round over every store --------------------------------------------------------------------------------

ProviderFactory = Callable[[RelayAccount], Provider]


@dataclass
class StoreResult:
    store_code: str
    result: RoundResult


@dataclass
class RelayReport:
    stores: list[StoreResult] = field(default_factory=list)
    #: Seconds until the earliest store that backs off may be tried again (0: none backs off).
    next_in_s: float = 0.0
    held_by_another: bool = False

    @property
    def moved(self) -> int:
        return sum(s.result.moved for s in self.stores)

    @property
    def unreachable(self) -> list[str]:
        return [s.store_code for s in self.stores if not s.result.ok]


class Relay:
    """Head office's sender: providers per store (kept between rounds: connections and tokens), per-store backoff.

    ``provider_factory`` builds an adapter for a store's account (default: ``pos.einvoice.providers.provider_for``
    with ``timeout_s``); tests pass one that talks to a stand-in.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        provider_factory: ProviderFactory | None = None,
        timeout_s: float = 20.0,
        holder: str | None = None,
        limit: int = 20,
    ) -> None:
        self.engine = engine
        self.timeout_s = timeout_s
        self.limit = limit
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self._factory = provider_factory or (lambda a: provider_for(a.provider, a.settings(self.timeout_s)))
        self._providers: dict[str, tuple[RelayAccount, Provider]] = {}
        self._backoffs: dict[str, Backoff] = {}
        self._not_before: dict[str, dt.datetime] = {}

    def _provider(self, account: RelayAccount) -> Provider:
        kept = self._providers.get(account.store_id)
        if kept is not None and kept[0] == account:
            return kept[1]
        if kept is not None:
            kept[1].close()
        provider = self._factory(account)
        self._providers[account.store_id] = (account, provider)
        return provider

    def close(self) -> None:
        for _account, provider in self._providers.values():
            provider.close()
        self._providers.clear()

    def has_work(self) -> bool:
        """Any relayed invoice open at a store with an active account (a read: no lease is taken for nothing)."""
        with read_tx(self.engine) as conn:
            row = conn.execute(
                select(EInvoiceStatus.sale_id)
                .join(EInvoiceRelay, EInvoiceRelay.store_id == EInvoiceStatus.store_id)
                .where(
                    EInvoiceStatus.via == "relay",
                    EInvoiceStatus.state.in_(("pending", "sent")),
                    EInvoiceRelay.active.is_(True),
                )
                .limit(1)
            ).first()
        return row is not None

    def round(
        self, *, now: Callable[[], dt.datetime] = utcnow, stores: Iterable[str] | None = None
    ) -> RelayReport:
        """One round over every active store (or those in ``stores``, by code) whose backoff has passed."""
        report = RelayReport()
        wanted = None if stores is None else set(stores)
        for account in relay_accounts(self.engine):
            if wanted is not None and account.store_code not in wanted:
                continue
            not_before = self._not_before.get(account.store_id)
            if not_before is not None and now() < not_before:
                continue
            if not claim_lease(self.engine, self.holder, now=now()):
                report.held_by_another = True
                break
            backoff = self._backoffs.setdefault(account.store_id, Backoff(2.0, 300.0))
            try:
                provider = self._provider(account)
                result = run_round(
                    ServerQueue(self.engine, account.store_id),
                    provider,
                    backoff=backoff,
                    now=now,
                    limit=self.limit,
                )
            except PosError as exc:  # the account cannot make an adapter: the store waits, the others go on
                result = RoundResult(unreachable=exc.en, delay_s=backoff.next_delay())
            if result.ok:
                self._not_before.pop(account.store_id, None)
            else:
                self._not_before[account.store_id] = now() + dt.timedelta(seconds=result.delay_s)
                log.warning(
                    "e-invoice relay %s: %s (next try in %.0f s)",
                    account.store_code,
                    result.unreachable,
                    result.delay_s,
                )
            report.stores.append(StoreResult(account.store_code, result))
        waits = [(t - now()).total_seconds() for t in self._not_before.values()]
        report.next_in_s = max(0.0, min(waits)) if waits else 0.0
        return report


class RelayWorker:
    """A ``Relay`` on a plain thread: a round when invoices arrive (``nudge``) and every ``interval_s``."""

    def __init__(self, relay: Relay, *, interval_s: float = 30.0, nudge_gap_s: float = 2.0) -> None:
        self.relay = relay
        self.interval_s = interval_s
        self.nudge_gap_s = nudge_gap_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.rounds = 0

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="einvoice-relay", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        try:
            release_lease(self.relay.engine, self.relay.holder)
        except Exception:  # the database is going away with the server: the lease just runs out
            log.debug("lease not released", exc_info=True)
        self.relay.close()

    def nudge(self) -> None:
        """New invoices may have arrived: look soon (any thread)."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            delay = self.interval_s
            try:
                if self.relay.has_work():
                    report = self.relay.round()
                    self.rounds += 1
                    if report.held_by_another:
                        delay = self.interval_s
                    elif report.moved and not report.unreachable:
                        delay = (
                            self.nudge_gap_s
                        )  # more may be due (a round sends at most ``limit`` per store)
                    elif report.next_in_s:
                        delay = min(self.interval_s, max(self.nudge_gap_s, report.next_in_s))
            except Exception:  # a database hiccup, a bug: log it and try again later, never die
                log.exception("e-invoice relay round failed")
            woken = self._wake.wait(delay)
            self._wake.clear()
            if woken and not self._stop.is_set():
                self._stop.wait(
                    self.nudge_gap_s
                )  # nudges come in bursts (one per upload): one round for them
