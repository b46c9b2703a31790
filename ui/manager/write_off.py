"""Writing goods off at the till: scan or type the product, the quantity and the reason (expired, damaged, lost,
other with a note). The core (``pos.inventory.writeoffs``) takes it out of stock as a ``waste`` move that syncs to
head office; a cashier may start one and a manager approves it with their PIN (``ManagerScreen.guarded``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from pos.catalogue.lookup import ProductInfo
from pos.errors import PosError
from pos.inventory.writeoffs import WRITE_OFF_REASONS, write_off
from pos.reports.table import Table
from pos.staff.member import StaffMember
from pos.staff.permissions import Permission
from pos.till.terminal import Terminal
from ui.formatting import money, parse_qty
from ui.formatting import qty as qty_text
from ui.i18n import current_language, tr
from ui.manager.base import ApprovalAsker, ManagerScreen, card, label, row_table
from ui.manager.table_model import ReportTableModel, gui_column, gui_table
from ui.qt import QT_TR_NOOP, QComboBox, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton
from ui.theme import set_role

#: The reasons as the screen names them, in the core's order.
REASON_WORDS = {
    "expired": QT_TR_NOOP("Expired"),
    "damaged": QT_TR_NOOP("Damaged"),
    "lost": QT_TR_NOOP("Lost"),
    "other": QT_TR_NOOP("Other (say why in the note)"),
}
CAPTIONS = (
    QT_TR_NOOP("Barcode (scan or type, Enter)"),
    QT_TR_NOOP("Quantity"),
    QT_TR_NOOP("Reason"),
    QT_TR_NOOP("Note"),
)
RECENT = 30


def _local(at: object) -> str:
    """A stored UTC time as the shop's local date and time."""
    when = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(str(at))
    return when.replace(tzinfo=dt.UTC).astimezone().strftime("%d/%m/%Y %H:%M")


class WriteOffScreen(ManagerScreen):
    def __init__(
        self, terminal: Terminal, actor: StaffMember, ask_approval: ApprovalAsker | None = None
    ) -> None:
        super().__init__(terminal, actor, ask_approval)
        assert list(REASON_WORDS) == list(WRITE_OFF_REASONS)
        self.product: ProductInfo | None = None
        self.done = ""
        entry_card, entry_box = card()
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        self.code = QLineEdit()
        self.qty = QLineEdit("1")
        self.reason = QComboBox()
        for key in REASON_WORDS:
            self.reason.addItem("", key)
        self.note = QLineEdit()
        self.note.setMaxLength(150)
        self.captions: list[QLabel] = []
        for col, widget in enumerate((self.code, self.qty, self.reason, self.note)):
            caption = label("", "muted")
            self.captions.append(caption)
            widget.setMinimumHeight(42)
            grid.addWidget(caption, 0, col)
            grid.addWidget(widget, 1, col)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(3, 3)
        self.code.returnPressed.connect(self._entered)
        entry_box.addLayout(grid)
        self.product_label = label("", "h3")
        entry_box.addWidget(self.product_label)
        self.outer.addWidget(entry_card)

        frame, box = card()
        self.model = ReportTableModel()
        self.view = row_table(self.model)
        box.addWidget(self.view)
        self.outer.addWidget(frame, 1)
        bottom = QHBoxLayout()
        self.summary = label("", "h3")
        bottom.addWidget(self.summary, 1)
        self.post_button = QPushButton()
        set_role(self.post_button, "primary")
        self.post_button.setMinimumHeight(48)
        self.post_button.clicked.connect(self.post)
        bottom.addWidget(self.post_button)
        self.outer.addLayout(bottom)
        self.outer.addWidget(self.message)
        self.retranslate()

    # --- entering ---------------------------------------------------------------------------------------------
    def scan_code(self, code: str) -> None:
        """A scanned or typed code names the product to write off."""
        self.show_error(None)
        try:
            self.product = self.terminal.catalogue.resolve(code).product
        except PosError as exc:
            self.product = None
            self.show_error(exc)
        self.code.clear()
        self.done = ""
        self.refresh()
        self.qty.setFocus()

    def _entered(self) -> None:
        code = self.code.text().strip()
        if code:
            self.scan_code(code)

    def post(self) -> str | None:
        """Write the product off (the ``ADJUST_STOCK`` right, or a manager's approval); returns the move's id."""
        product = self.product
        if product is None:
            self.show_message(tr("Scan the product to write off first"))
            return None
        qty = parse_qty(self.qty.text() or "")
        if qty is None or qty <= 0:
            self.show_message(tr("Invalid quantity"))
            return None
        reason = str(self.reason.currentData())
        note = self.note.text().strip()
        move = self.guarded(
            lambda approval: write_off(
                self.engine, self.actor, product.id, qty, reason, note=note, approval=approval
            ),
            frozenset({Permission.ADJUST_STOCK}),
        )
        if move is not None:
            self.done = tr("Written off: {product} × {qty}").format(
                product=product.name(current_language()), qty=qty_text(qty, current_language())
            )
            self.product = None
            self.qty.setText("1")
            self.note.clear()
            self.refresh()
        return move

    # --- showing ----------------------------------------------------------------------------------------------
    def table(self) -> Table:
        """The latest write-offs at this till (the screen's own read: a few rows by an index)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT m.created_at, p.sku, p.name_vi, p.name_en, -m.qty_milli, m.reason, "
                    "-m.qty_milli * m.unit_cost / 1000 FROM stock_moves m JOIN products p ON p.id = m.product_id "
                    "WHERE m.kind = 'waste' ORDER BY m.created_at DESC LIMIT :n"
                ),
                {"n": RECENT},
            ).all()
        vi = current_language() == "vi"
        cols = (
            gui_column("at", tr("At")),
            gui_column("sku", tr("SKU")),
            gui_column("name", tr("Product")),
            gui_column("qty", tr("Quantity"), "qty"),
            gui_column("reason", tr("Reason")),
            gui_column("value", tr("Value at cost"), "money"),
        )
        shown = tuple(
            (
                _local(at),
                sku,
                (nvi if vi or not nen else nen),
                int(q),
                self._reason_text(str(reason)),
                int(v),
            )
            for at, sku, nvi, nen, q, reason, v in rows
        )
        return gui_table("write_offs", tr("Latest write-offs"), cols, shown)

    @staticmethod
    def _reason_text(stored: str) -> str:
        code, _, note = stored.partition(":")
        words = REASON_WORDS.get(code.strip())
        name = tr(words) if words else code
        return f"{name}: {note.strip()}" if note.strip() else name

    def refresh(self) -> None:
        self.model.set_table(self.table())
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        lang = current_language()
        if self.product is not None:
            self.product_label.setText(
                tr("{product} · cost {cost}").format(
                    product=self.product.name(lang), cost=money(self.product.cost)
                )
            )
        else:
            self.product_label.setText(tr("Scan the product to write off"))
        self.summary.setText(self.done)
        self.post_button.setEnabled(self.product is not None)

    def retranslate(self) -> None:
        super().retranslate()
        self.heading.setText(tr("Write-offs"))
        for caption, words in zip(self.captions, CAPTIONS, strict=True):
            caption.setText(tr(words))
        for i, key in enumerate(REASON_WORDS):
            self.reason.setItemText(i, tr(REASON_WORDS[key]))
        self.note.setPlaceholderText(tr("What happened (required for “Other”)"))
        self.post_button.setText(tr("Write off"))
        self.refresh()
