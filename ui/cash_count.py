"""Counting the drawer by denomination (500 000 … 1 000 ₫): pieces per note, the subtotal and the total.

Counted by tired people at the end of a day, often by touch: each note has a big field and − / + keys of at least
48 px; Enter moves to the next note (the count reads top to bottom like the drawer); the running total stays in
sight below the notes, which scroll when the window is short. Opening and closing the shift use this one widget.
"""

from __future__ import annotations

from pos.shifts.cash import DENOMINATIONS, CashCount
from ui.formatting import money
from ui.qt import (
    QFocusEvent,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QPushButton,
    QResizeEvent,
    QScrollArea,
    QSize,
    QSizePolicy,
    QSpinBox,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.theme import set_role

#: Touch targets (px): the − / + keys and the height of a count field.
TOUCH = 48
#: Pieces of one note that a drawer can hold (a field wide enough for four digits).
MOST_PIECES = 9999


class CountField(QSpinBox):
    """Pieces of one note: digits typed over a selected value, ↑/↓ one more or less, Enter on to the next note."""

    enter = Signal()

    def __init__(self, note: int) -> None:
        super().__init__()
        self.setObjectName("CountField")
        self.setProperty("note", note)
        self.setRange(0, MOST_PIECES)
        self.lineEdit().setTextMargins(6, 0, 8, 0)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMinimumSize(QSize(96, TOUCH))
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """However the field got the focus (Enter, a tap, the screen opening), typed digits replace the count."""
        super().focusInEvent(event)
        QTimer.singleShot(0, self.selectAll)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.interpretText()
            self.enter.emit()
            return
        super().keyPressEvent(event)


def _step_button(text: str) -> QPushButton:
    button = QPushButton(text)
    set_role(button, "step")
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setFixedSize(QSize(TOUCH, TOUCH))
    button.setAutoRepeat(True)  # held down, it keeps counting
    return button


class CashCountWidget(QWidget):
    """A row per denomination (note, −, pieces, +, subtotal) and the running total.

    ``changed`` fires with the new total; ``finished`` when Enter is pressed on the last note. ``spins`` holds
    the fields by note. Two columns of notes when the widget is wide enough, else one (scrolling).
    """

    changed = Signal(int)
    finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(10)
        self.rows = QWidget()
        self.rows.setObjectName("CountRows")
        self.grid = QGridLayout(self.rows)
        self.grid.setContentsMargins(0, 0, 8, 0)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(6)
        self.scroller = QScrollArea()  # not self.scroll: that is QWidget.scroll()
        self.scroller.setObjectName("CountScroll")
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.viewport().setAutoFillBackground(False)
        self.scroller.setWidget(self.rows)
        box.addWidget(self.scroller, 1)
        self.spins: dict[int, CountField] = {}
        self.minus: dict[int, QPushButton] = {}
        self.plus: dict[int, QPushButton] = {}
        self.names: dict[int, QLabel] = {}
        self.subtotals: dict[int, QLabel] = {}
        for note in DENOMINATIONS:
            name = QLabel(money(note))
            name.setObjectName("CountNote")
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.names[note] = name
            spin = CountField(note)
            spin.valueChanged.connect(self._recount)
            spin.enter.connect(lambda n=note: self._next(n))
            self.spins[note] = spin
            minus, plus = _step_button("−"), _step_button("+")
            minus.clicked.connect(lambda _=False, n=note: self.step(n, -1))
            plus.clicked.connect(lambda _=False, n=note: self.step(n, 1))
            self.minus[note], self.plus[note] = minus, plus
            sub = QLabel()
            set_role(sub, "muted")
            sub.setMinimumWidth(104)
            sub.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.subtotals[note] = sub
        self._columns = 0
        self._arrange(2)
        total_row = QHBoxLayout()
        self.total_caption = QLabel()
        set_role(self.total_caption, "total-label")
        self.total = QLabel()
        self.total.setObjectName("CountTotal")
        set_role(self.total, "total")
        total_row.addWidget(self.total_caption)
        total_row.addStretch(1)
        total_row.addWidget(self.total)
        box.addLayout(total_row)
        self._recount()

    # --- layout ------------------------------------------------------------------------------------------------
    def _row_width(self) -> int:
        """What one column of rows needs: the note, − pieces +, the subtotal."""
        name = max(label.sizeHint().width() for label in self.names.values())
        field = max(spin.minimumSizeHint().width() for spin in self.spins.values())
        return name + 2 * TOUCH + max(field, 96) + 104 + 4 * 8 + 24

    def _arrange(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        per_column = -(-len(DENOMINATIONS) // columns)
        for i, note in enumerate(DENOMINATIONS):
            row, col = i % per_column, (i // per_column) * 6
            widgets = (
                self.names[note],
                self.minus[note],
                self.spins[note],
                self.plus[note],
                self.subtotals[note],
            )
            for offset, widget in enumerate(widgets):
                self.grid.removeWidget(widget)
                self.grid.addWidget(widget, row, col + offset)
        for col in range(12):
            self.grid.setColumnStretch(col, 0)
            self.grid.setColumnMinimumWidth(col, 0)
        if columns > 1:
            self.grid.setColumnMinimumWidth(5, 28)  # a gutter between the columns
        self.grid.setRowStretch(per_column, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(2 if self.width() >= 2 * self._row_width() else 1)

    # --- counting ----------------------------------------------------------------------------------------------
    def count(self) -> CashCount:
        return CashCount.of({note: spin.value() for note, spin in self.spins.items()})

    def set_counts(self, pieces: dict[int, int]) -> None:
        for note, spin in self.spins.items():
            spin.setValue(pieces.get(note, 0))

    def clear(self) -> None:
        self.set_counts({})

    def step(self, note: int, delta: int) -> None:
        """One more or one less of ``note`` (the − / + keys); its field takes the focus for typing."""
        spin = self.spins[note]
        spin.setValue(spin.value() + delta)
        self.focus_note(note)

    def focus_note(self, note: int) -> None:
        spin = self.spins[note]
        spin.setFocus()
        spin.selectAll()
        self.scroller.ensureWidgetVisible(spin, 0, 8)

    def focus_first(self) -> None:
        self.focus_note(DENOMINATIONS[0])

    def _next(self, note: int) -> None:
        i = DENOMINATIONS.index(note)
        if i + 1 < len(DENOMINATIONS):
            self.focus_note(DENOMINATIONS[i + 1])
        else:
            self.finished.emit()

    def set_enabled(self, enabled: bool) -> None:
        """Lock the count once it is confirmed."""
        for note in DENOMINATIONS:
            for widget in (self.spins[note], self.minus[note], self.plus[note]):
                widget.setEnabled(enabled)

    def _recount(self) -> None:
        for note, spin in self.spins.items():
            self.subtotals[note].setText(money(note * spin.value()) if spin.value() else "")
        total = self.count().total
        self.total.setText(money(total))
        self.changed.emit(total)
