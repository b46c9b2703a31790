"""A return without the original receipt: what the customer brings back, at what price, and why.

Offered by the returns screen when another till's receipt cannot be read from head office (offline, or head office
does not hold it yet). The dialog only gathers the return — the receipt the customer states, the products (scanned,
or searched as on the sale screen), the unit price refunded per line (today's price by default; above it needs a
manager's price override), the reason — and the refund is in cash (the only method the core allows without the
original). The screen then runs it through the approval flow (``pos.till.guarded.return_without_original``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pos.errors import PosError
from pos.selling.without_original import STATE_LABELS, ReturnWithoutOriginal
from pos.staff.permissions import Permission
from pos.till.guarded import without_original_needs
from ui.dialogs import NumberDialog, PriceDialog, _Dialog
from ui.formatting import money, qty
from ui.i18n import core_words, current_language, tr
from ui.modal import run_modal
from ui.qt import (
    QT_TR_NOOP,
    QAbstractItemView,
    QEvent,
    QHBoxLayout,
    QHeaderView,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QListView,
    QObject,
    QStandardItem,
    QStandardItemModel,
    Qt,
    QTableView,
    QWidget,
)
from ui.theme import set_role
from ui.widgets import ActionButton

if TYPE_CHECKING:
    from pos.catalogue.lookup import ProductInfo, ScanResult
    from pos.till.session import TillSession
    from ui.till import Till


@dataclass
class ReturnLine:
    product: ProductInfo
    qty_milli: int
    price: int  # unit price refunded, đồng

    @property
    def amount(self) -> int:
        return (self.price * self.qty_milli + 500) // 1000

    @property
    def above_price(self) -> bool:
        return self.price > self.product.price


@dataclass
class WithoutOriginalDraft:
    """What the cashier gathered (kept by the screen if the approval is cancelled or refused, to try again)."""

    claimed: str
    lines: list[ReturnLine] = field(default_factory=list)
    reason: str = ""

    def items(self) -> dict[str, int]:
        return {ln.product.id: ln.qty_milli for ln in self.lines}

    def prices(self) -> dict[str, int]:
        return {ln.product.id: ln.price for ln in self.lines}

    def total(self) -> int:
        return sum(ln.amount for ln in self.lines)

    def permissions(self) -> frozenset[Permission]:
        """What the core will ask (``guarded.without_original_permissions``), for the approval dialog's words."""
        return without_original_needs(above_price=any(ln.above_price for ln in self.lines))


COLUMNS = (QT_TR_NOOP("Product"), QT_TR_NOOP("Qty"), QT_TR_NOOP("Refund price"), QT_TR_NOOP("Amount"))


class WithoutOriginalDialog(_Dialog):
    """Gathers a return without the original; ``draft`` holds it when accepted."""

    def __init__(
        self, till: Till, draft: WithoutOriginalDraft, why: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(tr("Return without the original receipt"), parent)
        self.till = till
        self.draft = draft
        explain = QLabel(
            why
            + "\n"
            + tr(
                "A manager approves it; the return is recorded now and checked against the original receipt "
                "once head office has it."
            )
        )
        explain.setWordWrap(True)
        set_role(explain, "muted")
        self.layout_.addWidget(explain)
        row = QHBoxLayout()
        self.claimed_label = QLabel(tr("Receipt the customer states"))
        row.addWidget(self.claimed_label)
        self.claimed = QLineEdit(draft.claimed)
        self.claimed.setObjectName("SearchBox")
        row.addWidget(self.claimed, 1)
        self.layout_.addLayout(row)
        find = QHBoxLayout()
        self.edit = QLineEdit()  # focused when shown (``_Dialog.showEvent``)
        self.edit.setObjectName("SearchBox")
        self.edit.setPlaceholderText(tr("Scan a product, or type its name or SKU and press Enter"))
        self.edit.returnPressed.connect(self.look_up)
        self.edit.installEventFilter(self)
        find.addWidget(self.edit, 1)
        self.layout_.addLayout(find)
        self.found_model = QStandardItemModel(self)
        self.found = QListView()
        self.found.setModel(self.found_model)
        self.found.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.found.setMaximumHeight(110)
        self.found.doubleClicked.connect(lambda index: self._add(self._found[index.row()]))
        self.found.hide()
        self._found: list[ProductInfo] = []
        self._searched = ""
        self.layout_.addWidget(self.found)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.table = QTableView()
        self.table.setObjectName("ReturnTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setFixedHeight(176)  # four lines and the header; more scroll (the dialog fits 1024×768)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(36)
        self.layout_.addWidget(self.table)
        steps = QHBoxLayout()
        self.minus = ActionButton(QT_TR_NOOP("One less"), "−", "minus", on_click=lambda: self.step(-1))
        self.plus = ActionButton(QT_TR_NOOP("One more"), "+", "plus", on_click=lambda: self.step(1))
        self.qty_button = ActionButton(QT_TR_NOOP("Quantity"), "F3", "quantity", on_click=self.change_qty)
        self.price_button = ActionButton(
            QT_TR_NOOP("Refund price"), "F4", "currency", on_click=self.change_price
        )
        self.remove = ActionButton(QT_TR_NOOP("Remove line"), "Del", "trash", on_click=self.remove_line)
        for b in (self.minus, self.plus, self.qty_button, self.price_button, self.remove):
            b.tight = True
            b.retranslate()
            steps.addWidget(b)
        self.layout_.addLayout(steps)
        self.method = QLabel(
            tr("Refund method: cash (without the original receipt the refund is always paid in cash)")
        )
        self.method.setWordWrap(True)
        self.layout_.addWidget(self.method)
        self.reason = QLineEdit(draft.reason)
        self.reason.setObjectName("SearchBox")
        self.reason.setPlaceholderText(tr("Reason for the return (required)"))
        self.reason.returnPressed.connect(self.try_accept)
        self.reason.textEdited.connect(self._reason_edited)
        self.layout_.addWidget(self.reason)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        set_role(self.summary, "h3")
        self.layout_.addWidget(self.summary)
        self.ok = self.add_buttons(QT_TR_NOOP("Ask approval and refund"))
        self.ok.key = "F12"
        self.ok.retranslate()
        self._fill()
        self.resize(900, self.sizeHint().height())  # room for the lines' names, within a 1024×768 screen

    # --- finding products ----------------------------------------------------------------------------------------
    def handle_scan(self, code: str) -> None:
        """A product's barcode from the scanner (the window hands scans to the open dialog)."""
        self.till.op(lambda s: s.resolve(code), parent=self, reads_only=True).success(self._scanned).failure(
            self._refused
        ).run()

    def _scanned(self, scan: ScanResult) -> None:
        self._add(scan.product, scan.qty_milli)

    def _refused(self, exc: PosError) -> None:
        self.show_error(exc.message(current_language()))

    def look_up(self) -> None:
        """Enter in the product box: the highlighted search result, or the typed code/name looked up."""
        text = self.edit.text().strip()
        if not text:
            return
        if self._found and text == self._searched:
            row = self.found.currentIndex().row()
            self._add(self._found[max(row, 0)])
            return

        def find(s: TillSession) -> list[ProductInfo]:
            try:
                return [s.resolve(text).product]
            except PosError:
                found = s.search(text, 8)
                if not found:
                    raise
                return found

        self.till.op(find, parent=self, reads_only=True).success(
            lambda found: self._show_found(text, found)
        ).failure(self._refused).run()

    def _show_found(self, text: str, found: list[ProductInfo]) -> None:
        if len(found) == 1:
            self._add(found[0])
            return
        self._searched = text
        self._found = found
        lang = current_language()
        self.found_model.clear()
        for p in found:
            self.found_model.appendRow(QStandardItem(f"{p.name(lang)} · {p.sku} · {money(p.price)}"))
        self.found.setCurrentIndex(self.found_model.index(0, 0))
        self.found.show()
        self.clear_error()
        self.fit_contents()

    def _add(self, product: ProductInfo, qty_milli: int | None = None) -> None:
        step = qty_milli or 1000
        for row, line in enumerate(self.draft.lines):
            if line.product.id == product.id:
                line.qty_milli += step
                self._fill(row)
                break
        else:
            self.draft.lines.append(ReturnLine(product, step, product.price))
            self._fill(len(self.draft.lines) - 1)
        self.edit.clear()
        self._found = []
        self._searched = ""
        self.found.hide()
        self.clear_error()
        self._shrink()

    def _shrink(self) -> None:
        """Back to the height of what shows (the search results closed), so the dialog stays within the screen."""
        need = self.heightForWidth(self.width())
        if 0 < need < self.height():
            self.setMinimumHeight(need)
            self.resize(self.width(), need)

    # --- the lines -----------------------------------------------------------------------------------------------
    def _row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return rows[0].row()
        if self.draft.lines:
            return len(self.draft.lines) - 1
        self.show_error(tr("Scan or find a product first"))
        return None

    def step(self, delta: int) -> None:
        row = self._row()
        if row is None:
            return
        line = self.draft.lines[row]
        if line.qty_milli + delta * 1000 <= 0:
            self.show_error(tr("The quantity must be more than 0 (Del removes the line)"))
            return
        line.qty_milli += delta * 1000
        self._fill(row)

    def change_qty(self) -> None:
        row = self._row()
        if row is None:
            return
        line = self.draft.lines[row]
        ask = NumberDialog(
            tr("Quantity"),
            line.product.name(current_language()),
            qty(line.qty_milli, current_language()),
            self,
        )
        if run_modal(ask) and ask.value is not None:
            line.qty_milli = ask.value
            self._fill(row)

    def change_price(self) -> None:
        row = self._row()
        if row is None:
            return
        line = self.draft.lines[row]
        ask = PriceDialog(
            tr("Refund price"),
            tr(
                "{name}: today's price {price}. Refunding more than that needs a manager's price override."
            ).format(name=line.product.name(current_language()), price=money(line.product.price)),
            str(line.price),
            self,
        )
        if run_modal(ask) and ask.value is not None:
            line.price = ask.value
            self._fill(row)

    def remove_line(self) -> None:
        row = self._row()
        if row is None:
            return
        del self.draft.lines[row]
        self._fill(min(row, len(self.draft.lines) - 1))

    def _fill(self, select: int | None = None) -> None:
        lang = current_language()
        self.model.clear()
        self.model.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        for line in self.draft.lines:
            price = money(line.price)
            if line.above_price:
                price = tr("{price} (above today's {today})").format(
                    price=price, today=money(line.product.price)
                )
            cells = [
                QStandardItem(f"{line.product.name(lang)} · {line.product.sku}"),
                QStandardItem(qty(line.qty_milli, lang, line.product.unit if line.product.weighed else "")),
                QStandardItem(price),
                QStandardItem(money(line.amount)),
            ]
            for cell in cells[1:]:
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.model.appendRow(cells)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        if select is not None and 0 <= select < len(self.draft.lines):
            self.table.selectRow(select)
        total = self.draft.total()
        if not self.draft.lines:
            self.summary.setText(tr("Scan or find each product the customer brings back"))
        else:
            self.summary.setText(tr("Refund {amount} in cash").format(amount=money(total)))
        self.ok.setEnabled(bool(self.draft.lines))

    # --- keys and accepting --------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the empty product box, + − and Del act on the selected line; ↑/↓ move in the results or lines."""
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = Qt.Key(event.key())
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self._move(-1 if key == Qt.Key.Key_Up else 1)
                return True
            if not self.edit.text():
                if key == Qt.Key.Key_Plus:
                    self.step(1)
                    return True
                if key == Qt.Key.Key_Minus:
                    self.step(-1)
                    return True
                if key == Qt.Key.Key_Delete:
                    self.remove_line()
                    return True
        return super().eventFilter(watched, event)

    def _move(self, delta: int) -> None:
        if self.found.isVisible() and self._found:
            row = max(0, min(self.found.currentIndex().row() + delta, len(self._found) - 1))
            self.found.setCurrentIndex(self.found_model.index(row, 0))
        elif self.draft.lines:
            rows = self.table.selectionModel().selectedRows()
            row = rows[0].row() + delta if rows else 0
            self.table.selectRow(max(0, min(row, len(self.draft.lines) - 1)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        actions = {
            Qt.Key.Key_F3: self.change_qty,
            Qt.Key.Key_F4: self.change_price,
            Qt.Key.Key_F12: self.try_accept,
        }
        if key in actions:
            actions[key]()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return  # Enter belongs to the field it was typed in, never to a button
        super().keyPressEvent(event)

    def try_accept(self) -> None:
        self.draft.claimed = self.claimed.text().strip()
        self.draft.reason = self.reason.text().strip()
        if not self.draft.claimed:
            self.show_error(tr("Type the receipt number the customer states"))
            self.claimed.setFocus()
            return
        if not self.draft.lines:
            self.show_error(tr("Scan or find a product first"))
            self.edit.setFocus()
            return
        if not self.draft.reason:
            self.show_error(tr("Type the reason first (e.g. broken lid, wrong size)"))
            self.reason.setFocus()
            return
        self.accept()


class ReturnsWithoutOriginalDialog(_Dialog):
    """The returns made here without their original, and where each stands with head office."""

    def __init__(self, returns: list[ReturnWithoutOriginal], parent: QWidget | None = None) -> None:
        super().__init__(tr("Returns without the original receipt"), parent)
        model = QStandardItemModel(0, 5, self)
        model.setHorizontalHeaderLabels(
            [tr("Return slip"), tr("Receipt stated"), tr("Refund"), tr("State"), tr("Reason")]
        )
        for r in returns:
            state = core_words(*STATE_LABELS.get(r.status, (r.status, r.status)))
            if r.note:
                state = f"{state}: {r.note}"
            model.appendRow(
                [
                    QStandardItem(r.receipt),
                    QStandardItem(r.claimed),
                    QStandardItem(money(r.refund)),
                    QStandardItem(state),
                    QStandardItem(r.reason),
                ]
            )
        self.table = QTableView()
        self.table.setModel(model)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setMinimumHeight(300)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.layout_.addWidget(self.table)
        if not returns:
            self.layout_.addWidget(QLabel(tr("No return has been made without its original receipt")))
        close = ActionButton(QT_TR_NOOP("Close"), "Esc", "back", "quiet", on_click=self.reject)
        self.layout_.addWidget(close)
        self.resize(900, self.sizeHint().height())
