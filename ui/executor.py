"""The till's database executor: every database call of the GUI runs on one thread of its own, and its result
or its ``PosError`` comes back to the GUI thread through one path (Anki's ``taskman`` and ``CollectionOp``).

Why not the GUI thread: a write waits up to ``busy_timeout`` (10 s, ``pos.db``) for SQLite's write lock while
another connection holds it — the sync worker recording a batch, a backup, the command line — and every durable
commit waits for the disk. The till must go on painting and taking keys meanwhile.

Why one thread: SQLite has one writer at a time anyway, and the till's session (``pos.till.session``) is one
object with one state. Running its use cases one after another, in the order the cashier asked for them, keeps
that state consistent without locks and keeps the order of what reaches the disk the order of what was asked.

    Op(executor, lambda: session.pay(tenders)).success(done).failure(refused).run()

``fn`` runs on the executor thread and never touches a widget. ``success(result)`` and ``failure(error)`` run on
the GUI thread. A ``PosError`` goes to ``failure`` — by default :attr:`DatabaseExecutor.on_error`, which the
window sets to show the message on the current screen — so a screen only says what it does differently. Any
other exception is a bug: it is logged and raised again on the GUI thread, exactly as if the call had been made
there (pytest-qt fails the test; the running till logs it and goes on).

Background jobs (``background(fn)``: the open cart saved after a scan) have no callbacks; a failure is logged.
Urgent jobs run before jobs queued earlier that have not started yet: the open cart is on disk "within a moment"
even when a report is waiting in the queue (never before a job already running: one thread).
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pos.errors import PosError
from ui.qt import QObject, Signal, is_alive

log = logging.getLogger(__name__)

T = TypeVar("T")
_STOP = object()


@dataclass(order=True)
class _Job:
    priority: int
    seq: int
    fn: Callable[[], Any] = field(compare=False)
    deliver: Callable[[Any, BaseException | None], None] | None = field(compare=False, default=None)
    label: str = field(compare=False, default="")


class DatabaseExecutor(QObject):
    """One worker thread for the till's database; results are delivered on the thread that owns this object."""

    #: Nothing is queued, running or waiting to be delivered (tests and the benchmark wait for it).
    idle = Signal()
    _finished = Signal(object, object, object)  # job, result, exception

    def __init__(self, name: str = "till-database", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: queue.PriorityQueue[Any] = queue.PriorityQueue()
        self._seq = itertools.count()
        self._lock = threading.Lock()
        self._pending = 0
        self._idle_callbacks: list[Callable[[], None]] = []
        #: What a ``PosError`` does when the op has no ``failure`` of its own (the window shows it).
        self.on_error: Callable[[PosError], None] = lambda exc: log.info("refused: %s", exc.en)
        self._finished.connect(self._deliver)
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._thread.start()

    # --- submitting -------------------------------------------------------------------------------------------
    def submit(
        self,
        fn: Callable[[], T],
        deliver: Callable[[T | None, BaseException | None], None] | None = None,
        *,
        urgent: bool = False,
        label: str = "",
    ) -> None:
        """Run ``fn`` on the executor thread; ``deliver(result, exception)`` on the GUI thread afterwards.

        May be called from any thread (a use case running on the executor queues the open cart's save).
        """
        with self._lock:
            self._pending += 1
        self._queue.put(_Job(0 if urgent else 1, next(self._seq), fn, deliver, label))

    def background(self, fn: Callable[[], object]) -> None:
        """Run ``fn`` soon, before queued ops that have not started, with nothing to report but a logged failure."""
        self.submit(fn, urgent=True, label=getattr(fn, "__name__", "background"))

    @property
    def pending(self) -> int:
        """Jobs submitted whose result is not being shown yet (a job counts as done once its callbacks start:
        one that opens a dialog — a manager's PIN — must not keep the till from being idle meanwhile)."""
        with self._lock:
            return self._pending

    def is_idle(self) -> bool:
        return self.pending == 0

    def when_idle(self, callback: Callable[[], None]) -> None:
        """``callback()`` on the GUI thread once nothing is pending (now, if nothing is)."""
        if self.is_idle():
            callback()
        else:
            self._idle_callbacks.append(callback)

    @property
    def worker_thread(self) -> threading.Thread:
        return self._thread

    def on_thread(self) -> bool:
        """Whether the caller runs on the executor's thread."""
        return threading.current_thread() is self._thread

    def stop(self, timeout_s: float = 10.0) -> None:
        """Run what is queued (the open cart's last save among it), then end the thread."""
        if not self._thread.is_alive():
            return
        self._queue.put(_Job(2, next(self._seq), lambda: _STOP))
        self._thread.join(timeout_s)

    # --- the two threads --------------------------------------------------------------------------------------
    def _work(self) -> None:
        while True:
            job: _Job = self._queue.get()
            result: Any = None
            error: BaseException | None = None
            try:
                result = job.fn()
            except BaseException as exc:  # delivered to the GUI thread; a bug must not end the executor
                error = exc
            if result is _STOP:
                return
            self._finished.emit(job, result, error)

    def _deliver(self, job: _Job, result: Any, error: BaseException | None) -> None:
        with self._lock:
            self._pending -= 1
        try:
            if job.deliver is not None:
                job.deliver(result, error)
            elif error is not None:
                log.error("background job %s failed", job.label, exc_info=error)
        finally:
            if self.is_idle():
                callbacks, self._idle_callbacks = self._idle_callbacks, []
                for callback in callbacks:
                    callback()
                self.idle.emit()


class Op(Generic[T]):
    """One call on the executor with what to do with its result on the GUI thread (Anki's ``CollectionOp``).

    ``parent``: a widget the callbacks belong to; they are skipped if it was deleted meanwhile.
    """

    def __init__(
        self, executor: DatabaseExecutor, fn: Callable[[], T], *, parent: QObject | None = None
    ) -> None:
        self.executor = executor
        self.fn = fn
        self.parent = parent
        self._success: Callable[[T], object] | None = None
        self._failure: Callable[[PosError], object] | None = None
        self._finally: list[Callable[[], object]] = []

    def success(self, fn: Callable[[T], object]) -> Op[T]:
        self._success = fn
        return self

    def failure(self, fn: Callable[[PosError], object]) -> Op[T]:
        """What a ``PosError`` does (default: the executor's ``on_error``, the message on the current screen)."""
        self._failure = fn
        return self

    def finally_(self, fn: Callable[[], object]) -> Op[T]:
        """Run after ``success`` or ``failure`` (re-enable a button)."""
        self._finally.append(fn)
        return self

    def wrap(self) -> Callable[[], T]:
        """The callable the executor runs (a subclass wraps ``fn``)."""
        return self.fn

    def run(self) -> None:
        self.executor.submit(self.wrap(), self._deliver, label=getattr(self.fn, "__name__", "op"))

    def _deliver(self, result: Any, error: BaseException | None) -> None:
        if self.parent is not None and not is_alive(self.parent):
            return
        try:
            if error is None:
                if self._success is not None:
                    self._success(result)
            elif isinstance(error, PosError):
                (self._failure or self.executor.on_error)(error)
            else:
                log.error("a database call failed", exc_info=error)
                raise error
        finally:
            for fn in self._finally:
                fn()
