"""Parked sales: the carts put aside, oldest first; recall one (an open cart is parked in its place) or drop it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pos.errors import PosError
from pos.selling.parked import ParkedSale
from ui.dialogs import ConfirmDialog
from ui.formatting import money
from ui.i18n import current_language, tr
from ui.modal import run_modal
from ui.models import ParkedModel
from ui.qt import (
    QT_TR_NOOP,
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QKeyEvent,
    QLabel,
    Qt,
    QTableView,
    QVBoxLayout,
)
from ui.screens.base import Screen
from ui.theme import set_role
from ui.widgets import ActionButton, NoticeBar, heading

if TYPE_CHECKING:
    from ui.screens.host import ScreenHost


class ParkedScreen(Screen):
    name = "parked"

    def __init__(self, host: ScreenHost) -> None:
        super().__init__(host)
        self.model = ParkedModel()
        root = QVBoxLayout(self)
        root.setContentsMargins(16, 14, 16, 14)
        root.setSpacing(10)
        self.title = heading("", "h1")
        self.hint = QLabel()
        set_role(self.hint, "muted")
        self.hint.setWordWrap(True)
        root.addWidget(self.title)
        root.addWidget(self.hint)
        card = QFrame()
        card.setObjectName("Card")
        lay = QVBoxLayout(card)
        lay.setContentsMargins(12, 12, 12, 12)
        self.table = QTableView()
        self.table.setObjectName("ParkedTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(52)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.recall())
        self.empty = QLabel()
        self.empty.setObjectName("EmptyHint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.empty, 1)
        root.addWidget(card, 1)
        self.notice = NoticeBar()
        root.addWidget(self.notice)
        bottom = QHBoxLayout()
        self.back = ActionButton(
            QT_TR_NOOP("Back to sale"), "Esc", "back", "quiet", on_click=lambda: self.host.go("sale")
        )
        self.discard = ActionButton(
            QT_TR_NOOP("Discard"), "Del", "trash", "danger-quiet", on_click=self.discard_selected
        )
        self.recall_button = ActionButton(
            QT_TR_NOOP("Recall"), "Enter", "recall", "pay", on_click=self.recall
        )
        self.recall_button.setMinimumHeight(64)
        bottom.addWidget(self.back, 1)
        bottom.addWidget(self.discard, 1)
        bottom.addWidget(self.recall_button, 2)
        root.addLayout(bottom)
        self.till.parked_changed.connect(self.reload)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(tr("Parked sales"))
        self.hint.setText(
            tr(
                "Sales put aside while a customer fetches something. Recalling one while a sale is open parks the open one."
            )
        )
        self.empty.setText(tr("No parked sales"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(ParkedModel.COLUMNS) - 1)

    def entered(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.till.op(lambda s: s.parked_sales(), parent=self, reads_only=True).success(self._show).run()

    def _show(self, items: list[ParkedSale]) -> None:
        self.model.set_items(items)
        has = bool(self.model.items)
        self.table.setVisible(has)
        self.empty.setVisible(not has)
        self.recall_button.setEnabled(has)
        self.discard.setEnabled(has)
        if has:
            self.table.selectRow(0)

    def _selected(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def recall(self) -> None:
        row = self._selected()
        if row is None:
            return
        item = self.model.items[row]

        def recalled(swapped: ParkedSale | None) -> None:
            self.host.go("sale")
            text = tr("Recalled #{n} ({total})").format(n=item.number, total=money(item.total))
            if swapped is not None:
                text += " · " + tr("the open sale was parked as #{n}").format(n=swapped.number)
            self.host.notify(text, "ok")  # on the sale screen, shown now

        def refused(exc: PosError) -> None:
            self.notice.show_message(exc.message(current_language()), "error")
            self.reload()

        self.till.op(lambda s: s.recall(item.id), parent=self).success(recalled).failure(refused).run()

    def discard_selected(self) -> None:
        row = self._selected()
        if row is None:
            return
        item = self.model.items[row]
        dialog = ConfirmDialog(
            tr("Discard parked sale"),
            tr("Discard parked sale #{n} ({total})? Its goods go back to the shelf.").format(
                n=item.number, total=money(item.total)
            ),
            QT_TR_NOOP("Discard"),
            self.window(),
        )
        if run_modal(dialog):
            self.till.op(lambda s: s.discard_parked(item.id), parent=self).run()

    def handle_key(self, event: QKeyEvent) -> bool:
        key = Qt.Key(event.key())
        if key == Qt.Key.Key_Escape:
            self.host.go("sale")
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.recall()
        elif key == Qt.Key.Key_Delete:
            self.discard_selected()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.model.items:
            row = self._selected()
            row = 0 if row is None else row + (-1 if key == Qt.Key.Key_Up else 1)
            self.table.selectRow(max(0, min(row, len(self.model.items) - 1)))
        else:
            return False
        return True
