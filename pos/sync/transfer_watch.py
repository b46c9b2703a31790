"""Watching one VietQR transfer while its QR is on screen: ask head office every few seconds whether the bank's
notification came, on a plain thread of its own (never the GUI's, never the database executor's).

The watcher stops by itself on an answer that settles the question — ``confirmed``, ``off`` (head office has no
notification source) or a refusal — and keeps asking through ``waiting``, ``flagged`` (a transfer came for another
amount: a newer one may still come) and an unreachable server (offline: the cashier confirms by hand meanwhile).
Every answer goes to ``on_answer`` on the watcher's thread; the GUI re-emits it as a Qt signal.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from pos.sync import state
from pos.sync.errors import RejectedError, SyncError
from pos.sync.transfer_wire import TransferAnswer, TransferQuestion

log = logging.getLogger("pos.sync.transfer")
#: Seconds between two questions: short enough that the screen flips while the customer still stands there.
INTERVAL_S = 2.0


@dataclass(frozen=True, slots=True)
class Watched:
    """An answer about one transfer; ``offline`` when head office could not be asked this time."""

    reference: str
    amount: int
    answer: TransferAnswer | None
    offline: bool = False


def ask_once(engine: Engine, question: TransferQuestion, *, timeout: float = 10.0) -> TransferAnswer | None:
    """One question to head office; None when this till is not registered (transfers are then confirmed by hand)."""
    from pos.sync.rounds import client_for

    if state.load_registration(engine) is None:
        return None
    with client_for(engine, timeout=timeout) as client:
        return client.transfer_status(question)


class TransferWatcher:
    """Asks about ``question`` until it is settled or ``stop()`` is called (the QR left the screen)."""

    def __init__(
        self,
        engine: Engine,
        question: TransferQuestion,
        on_answer: Callable[[Watched], None],
        *,
        interval_s: float = INTERVAL_S,
    ) -> None:
        self.engine = engine
        self.question = question
        self.on_answer = on_answer
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="transfer-watch", daemon=True)

    def start(self) -> TransferWatcher:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop asking (returns at once; a question under way is answered to nobody)."""
        self._stop.set()

    def join(self, timeout_s: float = 5.0) -> None:
        self._thread.join(timeout_s)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        t = self.question
        while not self._stop.is_set():
            settled = False
            try:
                answer = ask_once(self.engine, t)
                if answer is None:
                    answer, settled = TransferAnswer(state="off"), True
                else:
                    settled = answer.state in ("confirmed", "off")
                watched = Watched(t.reference, t.amount, answer)
            except RejectedError as exc:  # an older server without the route, a revoked till: confirm by hand
                log.info("transfer watch refused: %s", exc.en)
                watched, settled = Watched(t.reference, t.amount, TransferAnswer(state="off")), True
            except SyncError as exc:
                log.info("transfer watch offline: %s", exc.en)
                watched = Watched(t.reference, t.amount, None, offline=True)
            except Exception:  # a bug must not end in silence: logged, and the cashier still has F9
                log.exception("transfer watch failed")
                watched, settled = Watched(t.reference, t.amount, None, offline=True), True
            if self._stop.is_set():
                return
            self.on_answer(watched)
            if settled:
                return
            self._stop.wait(self.interval_s)
