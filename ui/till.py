"""The till session as the screens share it: the core's ``TillSession`` with Qt signals for what changed.

Every rule and every use case is in ``pos.till`` (``pos/till/session.py``): screens call ``till.session`` and show
its results or its ``PosError``; this adapter only turns the session's :class:`~pos.till.session.Change` reports
into signals, so the sale screen, the parked list, the header and the customer display redraw.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pos.till.session import Change, TillSession
from pos.till.terminal import Terminal
from ui.qt import QObject, Signal


class Till(QObject):
    """One till session over a :class:`pos.till.terminal.Terminal`, with a signal for each kind of change."""

    cart_changed = Signal()
    staff_changed = Signal()
    parked_changed = Signal()
    sale_committed = Signal(object)  # CommittedSale
    customer_lang_changed = Signal(str)
    shift_changed = Signal()

    def __init__(self, terminal: Terminal, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self.session = TillSession(terminal, today, on_change=self._changed)

    def _changed(self, change: Change) -> None:
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
