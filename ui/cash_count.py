"""Counting the drawer by denomination (500 000 … 1 000 ₫): pieces per note, the subtotal and the total."""

from __future__ import annotations

from pos.shifts.cash import DENOMINATIONS, CashCount
from ui.formatting import money
from ui.qt import QGridLayout, QHBoxLayout, QLabel, QSpinBox, Qt, QVBoxLayout, QWidget, Signal
from ui.theme import set_role


class CashCountWidget(QWidget):
    """A spin box per denomination, in two columns; ``changed`` fires with the new total."""

    changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        self.spins: dict[int, QSpinBox] = {}
        self.subtotals: dict[int, QLabel] = {}
        half = (len(DENOMINATIONS) + 1) // 2
        for i, note in enumerate(DENOMINATIONS):
            row, col = i % half, (i // half) * 4
            name = QLabel(money(note))
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(name, row, col)
            spin = QSpinBox()
            spin.setObjectName(f"count{note}")
            spin.setRange(0, 9999)
            spin.setMinimumSize(96, 44)
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
            spin.valueChanged.connect(self._recount)
            self.spins[note] = spin
            grid.addWidget(spin, row, col + 1)
            sub = QLabel()
            set_role(sub, "muted")
            sub.setMinimumWidth(110)
            sub.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.subtotals[note] = sub
            grid.addWidget(sub, row, col + 2)
        grid.setColumnMinimumWidth(3, 24)
        box.addLayout(grid)
        total_row = QHBoxLayout()
        self.total_caption = QLabel()
        set_role(self.total_caption, "total-label")
        self.total = QLabel()
        set_role(self.total, "total")
        total_row.addWidget(self.total_caption)
        total_row.addStretch(1)
        total_row.addWidget(self.total)
        box.addLayout(total_row)
        self._recount()

    def count(self) -> CashCount:
        return CashCount.of({note: spin.value() for note, spin in self.spins.items()})

    def set_counts(self, pieces: dict[int, int]) -> None:
        for note, spin in self.spins.items():
            spin.setValue(pieces.get(note, 0))

    def clear(self) -> None:
        self.set_counts({})

    def _recount(self) -> None:
        for note, spin in self.spins.items():
            self.subtotals[note].setText(money(note * spin.value()) if spin.value() else "")
        total = self.count().total
        self.total.setText(money(total))
        self.changed.emit(total)
