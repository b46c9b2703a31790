"""The till's e-invoice sender: rounds on a plain thread, never the GUI's, backing off while the provider cannot be
reached. The GUI wraps it (``ui/einvoice_bridge.py``) as the sync worker is wrapped.

Each round sends what this till sends itself (``via = 'till'``, ``pos.einvoice.queue.send_round``: in order, each
invoice once) and publishes a ``SenderStatus`` for the status bar: how many invoices wait, how many were
rejected, how many are late, and the last problem in words. A store set to relay sends nothing from here (head
office does); the status then counts what waits at head office, as the last sync brought it. ``nudge()`` after a
sale sends it within a few seconds; ``send_now()`` at once.

The provider and its account come from ``[einvoice.<provider>]`` in config.toml (``provider_settings``); an
account that is missing or refused stops the round without rejecting any invoice.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from pos.backoff import Backoff
from pos.einvoice.config import EInvoiceConfig, load_config
from pos.einvoice.errors import EInvoiceError
from pos.einvoice.providers import provider_for
from pos.einvoice.providers.base import Provider
from pos.einvoice.queue import counts, due, invoices, next_try_at, send_round
from pos.errors import PosError
from pos.models.values import utcnow

log = logging.getLogger("pos.einvoice")
#: What an account needs before anything is sent, per provider (``[einvoice.<provider>]`` keys).
REQUIRED = {"sepay": ("client_id", "client_secret", "provider_account_id")}
ProviderFactory = Callable[[EInvoiceConfig], Provider]


@dataclass(frozen=True, slots=True)
class SenderStatus:
    """``waiting``: made and not yet accepted (pending or sent); ``rejected``: waiting for a person; ``overdue``:
    not accepted by the end of the day they were made. ``via``: who sends this store's new invoices."""

    enrolled: bool = False
    via: str = "till"
    waiting: int = 0
    rejected: int = 0
    overdue: int = 0
    sending: bool = False
    last_error_vi: str = ""
    last_error_en: str = ""
    next_attempt_in_s: float | None = None

    def last_error(self, lang: str = "vi") -> str:
        return self.last_error_vi if lang.startswith("vi") else self.last_error_en


def provider_settings(devices: Mapping[str, Any], provider: str) -> dict[str, Any]:
    """The ``[einvoice.<provider>]`` table of config.toml (``Settings.device("einvoice")``)."""
    section = devices.get(provider, {})
    return dict(section) if isinstance(section, Mapping) else {}


def missing_settings(provider: str, settings: Mapping[str, Any]) -> list[str]:
    return [k for k in REQUIRED.get(provider, ()) if not str(settings.get(k) or "").strip()]


def default_factory(einvoice_section: Mapping[str, Any]) -> ProviderFactory:
    """Adapters from config.toml's ``[einvoice]`` section; a missing account is an ``EInvoiceError`` naming it."""

    def make(config: EInvoiceConfig) -> Provider:
        settings = provider_settings(einvoice_section, config.provider)
        missing = missing_settings(config.provider, settings)
        if missing:
            keys = ", ".join(missing)
            raise EInvoiceError(
                f"Chưa có tài khoản nhà cung cấp hoá đơn ([einvoice.{config.provider}] {keys} trong config.toml)",
                f"No e-invoice provider account yet ([einvoice.{config.provider}] {keys} in config.toml)",
                code="einvoice_no_account",
            )
        return provider_for(config.provider, settings)

    return make


class EInvoiceWorker:
    def __init__(
        self,
        engine: Engine,
        provider_factory: ProviderFactory,
        *,
        interval_s: float = 30.0,
        on_status: Callable[[SenderStatus], None] | None = None,
        backoff: Backoff | None = None,
        nudge_gap_s: float = 3.0,
        first_round_delay_s: float = 0.0,
        now: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.engine = engine
        self.interval_s = interval_s
        self.on_status = on_status
        self.nudge_gap_s = nudge_gap_s
        self.first_round_delay_s = first_round_delay_s
        self._factory = provider_factory
        self._backoff = backoff or Backoff(2.0, 300.0)
        self._now = now
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._wake = False
        self._thread: threading.Thread | None = None
        self._provider: tuple[EInvoiceConfig, Provider] | None = None
        self._status = SenderStatus()
        self._error: tuple[str, str] = ("", "")

    # --- control (any thread) ---------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="ocop-einvoice", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._close_provider()

    def nudge(self) -> None:
        """A sale was committed (maybe with an invoice): send it soon."""
        self.send_now()

    def send_now(self) -> None:
        with self._cond:
            self._wake = True
            self._cond.notify_all()

    @property
    def status(self) -> SenderStatus:
        return self._status

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # --- a round ------------------------------------------------------------------------------------------
    def _close_provider(self) -> None:
        if self._provider is not None:
            self._provider[1].close()
            self._provider = None

    def _provider_for(self, config: EInvoiceConfig) -> Provider:
        if self._provider is not None and self._provider[0] == config:
            return self._provider[1]
        self._close_provider()
        provider = self._factory(config)
        self._provider = (config, provider)
        return provider

    def run_once(self) -> float:
        """One round on the calling thread; returns the delay before the next one."""
        config = load_config(self.engine)
        delay = self.interval_s
        if due(self.engine, self._now(), 1):  # only then is an adapter (and its account) needed
            try:
                result = send_round(
                    self.engine, self._provider_for(config), backoff=self._backoff, now=self._now
                )
            except PosError as exc:  # no account: wait, as for an unreachable provider
                self._error = (exc.vi, exc.en)
                delay = max(self._backoff.next_delay(), self.interval_s)
            else:
                if not result.ok:
                    if result.account_refused:
                        self._error = (
                            f"Nhà cung cấp từ chối tài khoản: {result.unreachable}",
                            f"The provider refused the account: {result.unreachable}",
                        )
                    else:
                        self._error = (
                            f"Không gửi được hoá đơn điện tử: {result.unreachable}",
                            f"E-invoices cannot be sent: {result.unreachable}",
                        )
                    delay = result.delay_s
                elif result.problems:
                    self._error = (f"Bị từ chối: {result.problems[-1]}", f"Rejected: {result.problems[-1]}")
                else:
                    self._error = ("", "")
                if result.ok and result.moved:
                    delay = min(delay, self.nudge_gap_s)  # more may be due (a round sends at most 50)
        delay = min(delay, self._until_next_try())
        self._publish(config, sending=False, next_in=delay)
        return delay

    def _until_next_try(self) -> float:
        """Seconds until an invoice waiting on a time (a backoff, the provider asked again) falls due."""
        at = next_try_at(self.engine)
        if at is None:
            return self.interval_s
        return max(self.nudge_gap_s, (at - self._now()).total_seconds())

    def _publish(self, config: EInvoiceConfig, *, sending: bool, next_in: float | None) -> None:
        try:
            c = counts(self.engine)
            now = self._now()
            open_rows = invoices(self.engine, states=("pending", "sent", "rejected"), limit=500)
            overdue = sum(1 for r in open_rows if r.overdue(now))
        except Exception:  # the database itself is the problem: keep the last counts
            log.exception("e-invoice status")
            c = {"pending": self._status.waiting, "sent": 0, "rejected": self._status.rejected}
            overdue = self._status.overdue
        self._status = SenderStatus(
            enrolled=config.enrolled,
            via=config.send_via,
            waiting=c["pending"] + c["sent"],
            rejected=c["rejected"],
            overdue=overdue,
            sending=sending,
            last_error_vi=self._error[0],
            last_error_en=self._error[1],
            next_attempt_in_s=next_in,
        )
        if self.on_status is not None:
            try:
                self.on_status(self._status)
            except Exception:
                log.exception("on_status callback failed")

    def _run(self) -> None:
        try:
            self._publish(load_config(self.engine), sending=False, next_in=None)
        except Exception:
            log.exception("e-invoice status")
        if self.first_round_delay_s > 0:
            self._wait(self.first_round_delay_s)
        while not self._stop.is_set():
            with self._cond:
                self._wake = False
            try:
                delay = self.run_once()
            except Exception as exc:  # a locked database, a bug: log, back off, never let the thread die
                log.exception("e-invoice round failed")
                self._error = (
                    f"Lỗi gửi hoá đơn: {type(exc).__name__}",
                    f"Sending failed: {type(exc).__name__}: {exc}",
                )
                delay = self._backoff.next_delay()
            self._wait(delay)

    def _wait(self, delay: float) -> None:
        deadline = time.monotonic() + delay
        with self._cond:
            while not (self._stop.is_set() or self._wake):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return
                self._cond.wait(remaining)
        if self._wake and not self._stop.is_set():
            self._stop.wait(min(self.nudge_gap_s, 0.5))  # a burst of sales: one round for them
