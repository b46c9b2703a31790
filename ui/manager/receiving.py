"""Receiving a delivery by scanning: each carton or item scanned adds to its line (quantity, unit cost, batch,
expiry — a GS1 code brings its own batch and expiry); posting writes one goods receipt whose lines are
``receive`` stock moves, moves costs to the weighted average, and is audited (``pos.inventory.receiving``)."""

from __future__ import annotations

import datetime as dt

from pos.errors import PosError
from pos.inventory.producers import list_producers
from pos.inventory.receiving import GoodsReceiptInfo, ReceivingSession, StockError, receive_goods
from pos.money import parse_vnd
from pos.reports.table import Column, Table
from pos.staff.member import StaffMember
from pos.staff.permissions import Permission
from pos.till.terminal import Terminal
from ui.formatting import money, parse_qty
from ui.formatting import qty as qty_text
from ui.manager.base import ApprovalAsker, ManagerScreen, card, label, row_table
from ui.manager.table_model import ReportTableModel
from ui.manager.words import lang, t
from ui.qt import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
)
from ui.theme import set_role


def parse_date(text: str) -> dt.date | None:
    """``31/12/2026`` (how a shop writes a date) or ``2026-12-31``; empty is None; anything else raises."""
    s = text.strip()
    if not s:
        return None
    for fmt in ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise StockError(f"Ngày không hợp lệ: {s} (dd/mm/yyyy)", f"Not a date: {s} (dd/mm/yyyy)", code="bad_date")


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
        try:
            qty = parse_qty(self.qty.text() or "1")
            if qty is None:
                raise StockError("Số lượng không hợp lệ", "Invalid quantity", code="bad_qty")
            cost = parse_vnd(self.cost.text()) if self.cost.text().strip() else None
            index = self.session.scan(
                code,
                qty,
                unit_cost=cost,
                batch=self.batch.text().strip() or None,
                expiry=parse_date(self.expiry.text()),
            )
        except PosError as exc:
            self.show_error(exc)
            return
        line = self.session.lines[index]
        self.posted = None
        self.last = f"{line.name}: {qty_text(line.qty_milli, lang())}"
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
        if not self.session.lines:
            self.show_error(StockError("Phiếu nhập chưa có hàng", "The delivery has no lines", code="empty"))
            return None
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
            Column("sku", "Mã hàng", "SKU"),
            Column("name", "Tên hàng", "Product"),
            Column("qty", "Số lượng", "Quantity", "qty"),
            Column("unit_cost", "Giá nhập", "Unit cost", "money"),
            Column("batch", "Lô", "Batch"),
            Column("expiry", "Hạn dùng", "Expiry"),
            Column("cost", "Thành tiền", "Cost", "money"),
        )
        rows = tuple(
            (x.sku, x.name, x.qty_milli, x.unit_cost, x.batch or "", x.expiry or "", x.cost)
            for x in self.session.lines
        )
        return Table("receiving", "Nhập hàng", "Receiving", cols, rows)

    def refresh(self) -> None:
        self.model.set_table(self.table())
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.last_label.setText(self.last)
        if self.posted is not None:
            self.summary.setText(
                t(
                    f"Đã nhập kho {len(self.posted.lines)} dòng, tổng giá nhập {money(self.posted.total_cost)}",
                    f"Received {len(self.posted.lines)} lines, total cost {money(self.posted.total_cost)}",
                )
            )
        elif self.session.lines:
            self.summary.setText(
                t(
                    f"{len(self.session.lines)} dòng · tổng giá nhập {money(self.session.total_cost)}",
                    f"{len(self.session.lines)} lines · total cost {money(self.session.total_cost)}",
                )
            )
        else:
            self.summary.setText(t("Quét hàng để bắt đầu phiếu nhập", "Scan the goods to start a delivery"))
        self.post_button.setEnabled(bool(self.session.lines))
        self.remove_button.setEnabled(bool(self.session.lines))

    def retranslate(self) -> None:
        super().retranslate()
        self.heading.setText(t("Nhập hàng", "Receiving goods"))
        self.producer.setItemText(0, t("— Nhà sản xuất (không bắt buộc) —", "— Producer (optional) —"))
        self.reference.setPlaceholderText(t("Số phiếu giao hàng", "Delivery note number"))
        for caption, (vi, en) in zip(
            self.captions,
            (
                ("Mã vạch (quét hoặc gõ, Enter)", "Barcode (scan or type, Enter)"),
                ("Số lượng", "Quantity"),
                ("Giá nhập (trống = giá vốn)", "Unit cost (empty = current)"),
                ("Lô", "Batch"),
                ("Hạn dùng dd/mm/yyyy", "Expiry dd/mm/yyyy"),
            ),
            strict=True,
        ):
            caption.setText(t(vi, en))
        self.remove_button.setText(t("Bỏ dòng", "Remove line"))
        self.post_button.setText(t("Nhập kho", "Post the delivery"))
        self.refresh()
