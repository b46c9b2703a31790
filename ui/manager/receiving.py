"""Receiving a delivery by scanning: each carton or item scanned adds to its line (quantity, unit cost, batch,
expiry — a GS1 code brings its own batch and expiry); posting writes one goods receipt whose lines are
``receive`` stock moves, moves costs to the weighted average, and is audited (``pos.inventory.receiving``)."""

from __future__ import annotations

from pos.errors import PosError
from pos.inventory.producers import list_producers
from pos.inventory.receiving import GoodsReceiptInfo, ReceivingSession, parse_expiry, receive_goods
from pos.money import parse_vnd
from pos.reports.table import Table
from pos.staff.member import StaffMember
from pos.staff.permissions import Permission
from pos.till.terminal import Terminal
from ui.formatting import money, parse_qty
from ui.formatting import qty as qty_text
from ui.i18n import current_language, tr
from ui.manager.base import ApprovalAsker, ManagerScreen, card, label, row_table
from ui.manager.table_model import ReportTableModel, gui_column, gui_table
from ui.qt import (
    QT_TR_NOOP,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
)
from ui.theme import set_role

#: The captions over the entry fields: code, quantity, cost, batch, expiry.
ENTRY_CAPTIONS = (
    QT_TR_NOOP("Barcode (scan or type, Enter)"),
    QT_TR_NOOP("Quantity"),
    QT_TR_NOOP("Unit cost (empty = current)"),
    QT_TR_NOOP("Batch"),
    QT_TR_NOOP("Expiry dd/mm/yyyy"),
)


class ReceivingScreen(ManagerScreen):
    def __init__(
        self, terminal: Terminal, actor: StaffMember, ask_approval: ApprovalAsker | None = None
    ) -> None:
        super().__init__(terminal, actor, ask_approval)
        self.session = ReceivingSession(terminal.catalogue)
        self.posted: GoodsReceiptInfo | None = None
        self.last = ""

        head = QHBoxLayout()
        self.producer = QComboBox()
        self.producer.setMinimumHeight(40)
        self.producer.addItem("", None)
        for p in list_producers(self.engine):
            self.producer.addItem(f"{p.data.code} · {p.data.name}", p.id)
        head.addWidget(self.producer, 3)
        self.reference = QLineEdit()
        self.reference.setMinimumHeight(40)
        head.addWidget(self.reference, 2)
        self.outer.addLayout(head)

        entry_card, entry_box = card()
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        self.code = QLineEdit()
        self.qty = QLineEdit("1")
        self.cost = QLineEdit()
        self.batch = QLineEdit()
        self.expiry = QLineEdit()
        self.captions: list[QLabel] = []
        for col, widget in enumerate((self.code, self.qty, self.cost, self.batch, self.expiry)):
            caption = label("", "muted")
            self.captions.append(caption)
            widget.setMinimumHeight(42)
            grid.addWidget(caption, 0, col)
            grid.addWidget(widget, 1, col)
            widget.returnPressed.connect(self._entered)
        grid.setColumnStretch(0, 3)
        entry_box.addLayout(grid)
        self.last_label = label("", "h3")
        entry_box.addWidget(self.last_label)
        self.outer.addWidget(entry_card)

        frame, box = card()
        self.model = ReportTableModel()
        self.view = row_table(self.model, single=True)
        box.addWidget(self.view)
        self.outer.addWidget(frame, 1)
        bottom = QHBoxLayout()
        self.summary = label("", "h3")
        bottom.addWidget(self.summary, 1)
        self.remove_button = QPushButton()
        self.remove_button.setMinimumHeight(48)
        self.remove_button.clicked.connect(self.remove_selected)
        bottom.addWidget(self.remove_button)
        self.post_button = QPushButton()
        set_role(self.post_button, "primary")
        self.post_button.setMinimumHeight(48)
        self.post_button.clicked.connect(self.post)
        bottom.addWidget(self.post_button)
        self.outer.addLayout(bottom)
        self.outer.addWidget(self.message)
        self.retranslate()

    # --- entering lines --------------------------------------------------------------------------------------
    def scan_code(self, code: str) -> None:
        """A scanned carton: the quantity, cost, batch and expiry typed above apply to it."""
        self.show_error(None)
        qty = parse_qty(self.qty.text() or "1")
        if qty is None:
            self.show_message(tr("Invalid quantity"))
            return
        try:
            cost = parse_vnd(self.cost.text()) if self.cost.text().strip() else None
            index = self.session.scan(
                code,
                qty,
                unit_cost=cost,
                batch=self.batch.text().strip() or None,
                expiry=parse_expiry(self.expiry.text()),
            )
        except PosError as exc:
            self.show_error(exc)
            return
        line = self.session.lines[index]
        self.posted = None
        self.last = f"{line.name}: {qty_text(line.qty_milli, current_language())}"
        self.code.clear()
        self.refresh()
        self.view.selectRow(index)

    def _entered(self) -> None:
        code = self.code.text().strip()
        if code:
            self.scan_code(code)
        else:
            self.code.setFocus()

    def remove_selected(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.session.lines):
            self.session.remove(rows[0].row())
            self.refresh()

    def post(self) -> GoodsReceiptInfo | None:
        """Post the delivery (receiving needs a shift lead or above, or their approval)."""
        lines = list(self.session.lines)
        producer = self.producer.currentData()
        reference = self.reference.text().strip()
        posted = self.guarded(
            lambda approval: receive_goods(
                self.engine,
                self.actor,
                lines,
                producer_id=str(producer) if producer else None,
                reference=reference,
                approval=approval,
            ),
            frozenset({Permission.RECEIVE_STOCK}),
        )
        if posted is not None:
            self.posted = posted
            self.session = ReceivingSession(self.terminal.catalogue)
            self.reference.clear()
            self.last = ""
            self.refresh()
        return posted

    # --- showing ----------------------------------------------------------------------------------------------
    def table(self) -> Table:
        cols = (
            gui_column("sku", tr("SKU")),
            gui_column("name", tr("Product")),
            gui_column("qty", tr("Quantity"), "qty"),
            gui_column("unit_cost", tr("Unit cost"), "money"),
            gui_column("batch", tr("Batch")),
            gui_column("expiry", tr("Expiry")),
            gui_column("cost", tr("Cost"), "money"),
        )
        rows = tuple(
            (x.sku, x.name, x.qty_milli, x.unit_cost, x.batch or "", x.expiry or "", x.cost)
            for x in self.session.lines
        )
        return gui_table("receiving", tr("Receiving"), cols, rows)

    def refresh(self) -> None:
        self.model.set_table(self.table())
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.last_label.setText(self.last)
        if self.posted is not None:
            self.summary.setText(
                tr("Received %n lines, total cost {cost}", "", len(self.posted.lines)).format(
                    cost=money(self.posted.total_cost)
                )
            )
        elif self.session.lines:
            self.summary.setText(
                tr("%n lines · total cost {cost}", "", len(self.session.lines)).format(
                    cost=money(self.session.total_cost)
                )
            )
        else:
            self.summary.setText(tr("Scan the goods to start a delivery"))
        self.post_button.setEnabled(bool(self.session.lines))
        self.remove_button.setEnabled(bool(self.session.lines))

    def retranslate(self) -> None:
        super().retranslate()
        self.heading.setText(tr("Receiving goods"))
        self.producer.setItemText(0, tr("— Producer (optional) —"))
        self.reference.setPlaceholderText(tr("Delivery note number"))
        for caption, text in zip(self.captions, ENTRY_CAPTIONS, strict=True):
            caption.setText(tr(text))
        self.remove_button.setText(tr("Remove line"))
        self.post_button.setText(tr("Post the delivery"))
        self.refresh()
