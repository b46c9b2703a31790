"""The till session as the screens share it: the core's ``TillSession`` run on the database executor, its
``Change`` reports as Qt signals.

Every rule and every use case is in ``pos.till`` (``pos/till/session.py``). This adapter runs them off the GUI
thread (``ui/executor.py``) and turns what they changed into signals, so the sale screen, the parked list, the
header and the customer display redraw:

    till.op(lambda s: s.park()).success(parked).run()          # a use case that changes the session
    till.op(lambda s: s.search(q), reads_only=True).success(show).run()
    till.guarded(lambda a: session.pay(tenders, a), perms, why, ask).success(done).run()   # may ask a PIN

One writer at a time. The session's state (the cart, who is signed in) changes on one thread at a time: by an
op on the executor, or — for the few use cases measured fast enough to stay on the GUI thread (a scan, a quick
key, the customer's language; ``ui/screens/sale.py`` says why) — on the GUI thread while no op that changes the
session is queued or running (``busy``). While busy the window holds scans and gives them to the screen
afterwards (``when_free``), and command keys wait: nothing a cashier does is lost or reordered.

Changes reported by an op are collected on the executor and emitted on the GUI thread when its result arrives,
before its ``success``; the open cart is saved on the executor as a coalesced background job.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from pos.errors import PermissionDenied, PosError
from pos.staff.permissions import Approval, Permission
from pos.till.approvals import ApprovalNeeded
from pos.till.session import Change, TillSession
from pos.till.terminal import Terminal
from ui.executor import DatabaseExecutor, Op
from ui.qt import QObject, QTimer, Signal

T = TypeVar("T")
#: Milliseconds after a change on the GUI thread before its open-cart save starts: after the frame is painted.
SAVE_AFTER_MS = 5
#: Asks someone with the right for their PIN (a modal dialog); the approval, or None if cancelled.
AskApproval = Callable[[frozenset[Permission]], Approval | None]


class Till(QObject):
    """One till session over a :class:`pos.till.terminal.Terminal`, with a signal for each kind of change."""

    cart_changed = Signal()
    staff_changed = Signal()
    parked_changed = Signal()
    sale_committed = Signal(object)  # CommittedSale
    customer_lang_changed = Signal(str)
    shift_changed = Signal()
    busy_changed = Signal(bool)

    def __init__(
        self,
        terminal: Terminal,
        today: Callable[[], dt.date] = dt.date.today,
        executor: DatabaseExecutor | None = None,
    ) -> None:
        super().__init__()
        self.executor = executor or DatabaseExecutor(parent=self)
        self._collecting = threading.local()
        self._busy = 0
        self._when_free: list[Callable[[], None]] = []
        self._deferred: list[Callable[[], object]] = []
        self._deferred_timer = QTimer(self)
        self._deferred_timer.setSingleShot(True)
        self._deferred_timer.setInterval(SAVE_AFTER_MS)
        self._deferred_timer.timeout.connect(self._flush_deferred)
        self.session = TillSession(terminal, today, on_change=self._changed, background=self._background)

    # --- running use cases --------------------------------------------------------------------------------------
    def op(
        self, fn: Callable[[TillSession], T], *, parent: QObject | None = None, reads_only: bool = False
    ) -> TillOp[T]:
        """``fn(session)`` on the executor. ``reads_only``: it changes nothing in the session (a search, a
        report), so the cashier may go on scanning meanwhile."""
        return TillOp(self, fn, parent=parent, reads_only=reads_only)

    def guarded(
        self,
        action: Callable[[Approval | None], T],
        permissions: Iterable[Permission],
        ask: Callable[[frozenset[Permission]], Approval | None],
        *,
        parent: QObject | None = None,
    ) -> GuardedOp[T]:
        """``action(None)`` on the executor; if the core wants someone else's approval, ``ask`` for it (on the
        GUI thread) and run ``action(approval)``. ``cancelled`` runs when nobody approved."""
        return GuardedOp(self, action, frozenset(permissions), ask, parent)

    @property
    def busy(self) -> bool:
        """An op that changes the session is queued or running."""
        return self._busy > 0

    def when_free(self, callback: Callable[[], None]) -> None:
        """``callback()`` now if not busy, else on the GUI thread once the ops that change the session are done."""
        if self._busy:
            self._when_free.append(callback)
        else:
            callback()

    def idle(self) -> bool:
        """Nothing queued, running or waiting to be shown (tests wait for it as a cashier waits for the screen)."""
        return not self._busy and not self._deferred and self.executor.is_idle()

    def shutdown(self, timeout_s: float = 10.0) -> None:
        """Finish what is queued — the open cart's last save among it — and stop the executor."""
        self._flush_deferred()
        self.executor.stop(timeout_s)

    # --- the session's background writes (the open cart) ---------------------------------------------------
    def _background(self, fn: Callable[[], object]) -> None:
        """A background write of the session's (the open cart saved after a change).

        Asked on the GUI thread (a scan), it starts once the frame that shows the change is painted: the
        executor's Python (encoding the cart) would otherwise take turns with the GUI thread for the GIL while
        the new line is painted. It is never later than the next op (``TillOp.run`` sends it first), so what
        reaches the disk keeps the order of what the cashier did — a paid cart is never saved after its sale.
        Asked inside an op (on the executor), it is queued at once, in order."""
        if self.executor.on_thread():
            self.executor.background(fn)
            return
        self._deferred.append(fn)
        if not self._deferred_timer.isActive():
            self._deferred_timer.start()

    def _flush_deferred(self) -> None:
        self._deferred_timer.stop()
        deferred, self._deferred = self._deferred, []
        for fn in deferred:
            self.executor.background(fn)

    def _enter(self) -> None:
        self._busy += 1
        if self._busy == 1:
            self.busy_changed.emit(True)

    def _leave(self) -> None:
        """An op's result arrived (before its callbacks run: one may ask for a PIN in a dialog)."""
        self._busy -= 1
        if not self._busy:
            self.busy_changed.emit(False)

    def _run_when_free(self) -> None:
        """After an op's callbacks: what waited for the till (held scans and keys), in order."""
        while self._when_free and not self._busy:
            self._when_free.pop(0)()

    # --- changes ------------------------------------------------------------------------------------------------
    def _changed(self, change: Change) -> None:
        collected: list[Change] | None = getattr(self._collecting, "changes", None)
        if collected is not None:  # inside an op, on the executor: shown when its result arrives
            collected.append(change)
            return
        if self.executor.on_thread():
            raise RuntimeError("a use case changed the session on the executor outside Till.op")
        self._emit(change)

    def _emit(self, change: Change) -> None:
        if change is Change.CART:
            self.cart_changed.emit()
        elif change is Change.STAFF:
            self.staff_changed.emit()
        elif change is Change.PARKED:
            self.parked_changed.emit()
        elif change is Change.SALE:
            self.sale_committed.emit(self.session.last_sale)
        elif change is Change.CUSTOMER_LANG:
            self.customer_lang_changed.emit(self.session.customer_lang)
        elif change is Change.SHIFT:
            self.shift_changed.emit()

    def _emit_all(self, changes: list[Change]) -> None:
        """Each kind of change once, in the order first reported (a fresh cart reports CART twice)."""
        for change in dict.fromkeys(changes):
            self._emit(change)


class TillOp(Op[T]):
    """An :class:`~ui.executor.Op` over the till's session: its changes are emitted before ``success``."""

    def __init__(
        self,
        till: Till,
        fn: Callable[[TillSession], T],
        *,
        parent: QObject | None = None,
        reads_only: bool = False,
    ) -> None:
        super().__init__(till.executor, lambda: fn(till.session), parent=parent)
        self.till = till
        self.reads_only = reads_only
        self._changes: list[Change] = []

    def wrap(self) -> Callable[[], T]:
        till, fn, changes = self.till, self.fn, self._changes

        def job() -> T:
            till._collecting.changes = changes
            try:
                return fn()
            finally:
                till._collecting.changes = None

        return job

    def run(self) -> None:
        self.till._flush_deferred()  # the open cart's save of an earlier change goes first
        if not self.reads_only:
            self.till._enter()
        super().run()

    def _deliver(self, result: Any, error: BaseException | None) -> None:
        if not self.reads_only:
            self.till._leave()
        try:
            self.till._emit_all(self._changes)
            super()._deliver(result, error)
        finally:
            self.till._run_when_free()


class GuardedOp(Generic[T]):
    """A use case that may need a manager's approval: tried, approved by PIN if the core asks, tried again."""

    def __init__(
        self,
        till: Till,
        action: Callable[[Approval | None], T],
        permissions: frozenset[Permission],
        ask: Callable[[frozenset[Permission]], Approval | None],
        parent: QObject | None,
    ) -> None:
        self.till = till
        self.action = action
        self.permissions = permissions
        self.ask = ask
        self.parent = parent
        self._success: Callable[[T], object] | None = None
        self._failure: Callable[[PosError], object] | None = None
        self._cancelled: Callable[[], object] | None = None
        self._finally: list[Callable[[], object]] = []

    def success(self, fn: Callable[[T], object]) -> GuardedOp[T]:
        self._success = fn
        return self

    def failure(self, fn: Callable[[PosError], object]) -> GuardedOp[T]:
        self._failure = fn
        return self

    def cancelled(self, fn: Callable[[], object]) -> GuardedOp[T]:
        """Nobody approved (the PIN dialog was cancelled): nothing was done."""
        self._cancelled = fn
        return self

    def finally_(self, fn: Callable[[], object]) -> GuardedOp[T]:
        self._finally.append(fn)
        return self

    def run(self) -> None:
        self._attempt(None)

    def _attempt(self, approval: Approval | None) -> None:
        action = self.action
        op = self.till.op(lambda _s: action(approval), parent=self.parent)
        op.success(self._succeeded).failure(lambda exc: self._failed(exc, approval)).run()

    def _succeeded(self, result: T) -> None:
        try:
            if self._success is not None:
                self._success(result)
        finally:
            self._done()

    def _failed(self, exc: PosError, approval: Approval | None) -> None:
        if approval is None and isinstance(exc, PermissionDenied) and exc.code == "needs_approval":
            wanted = exc.permissions if isinstance(exc, ApprovalNeeded) else self.permissions
            given = self.ask(wanted)
            if given is not None:
                self._attempt(given)  # the ``finally`` callbacks wait for that attempt
                return
            try:
                if self._cancelled is not None:
                    self._cancelled()
            finally:
                self._done()
            return
        try:
            (self._failure or self.till.executor.on_error)(exc)
        finally:
            self._done()

    def _done(self) -> None:
        for fn in self._finally:
            fn()
