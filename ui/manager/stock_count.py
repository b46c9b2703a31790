"""A stock take by scanning: each scan adds to the counted quantity; the differences against the ledger are shown
before anything changes, and applied (as ``count`` moves) only when someone with the right confirms."""

from __future__ import annotations

from pos.errors import PosError
from pos.inventory.counting import CountReview, apply_count, differences, scan_count, start_count
from pos.reports.table import Table
from pos.staff.member import StaffMember
from pos.staff.permissions import Permission
from pos.till.terminal import Terminal
from ui.formatting import money, qty
from ui.i18n import current_language, tr
from ui.manager.base import ApprovalAsker, ManagerScreen, card, label, row_table
from ui.manager.table_model import ReportTableModel, gui_column, gui_table
from ui.qt import QHBoxLayout, QHeaderView, QLineEdit, QPushButton
from ui.theme import set_role


class StockCountScreen(ManagerScreen):
    def __init__(
        self,
        terminal: Terminal,
        actor: StaffMember,
        ask_approval: ApprovalAsker | None = None,
        count_id: str | None = None,
    ) -> None:
        super().__init__(terminal, actor, ask_approval)
        self.count_id = count_id
        self.review: CountReview | None = None
        self.last = ""
        top = QHBoxLayout()
        self.scan = QLineEdit()
        self.scan.setMinimumHeight(44)
        self.scan.returnPressed.connect(self._scanned)
        top.addWidget(self.scan, 3)
        self.start_button = QPushButton()
        self.start_button.clicked.connect(lambda: self.start(full=False))
        top.addWidget(self.start_button)
        self.outer.addLayout(top)
        self.last_label = label("", "h3")
        self.outer.addWidget(self.last_label)
        frame, box = card()
        self.model = ReportTableModel()
        self.view = row_table(self.model)
        box.addWidget(self.view)
        self.outer.addWidget(frame, 1)
        bottom = QHBoxLayout()
        self.summary = label("", "h3")
        bottom.addWidget(self.summary, 1)
        self.apply_button = QPushButton()
        set_role(self.apply_button, "primary")
        self.apply_button.setMinimumHeight(48)
        self.apply_button.clicked.connect(self.apply)
        bottom.addWidget(self.apply_button)
        self.outer.addLayout(bottom)
        self.outer.addWidget(self.message)
        self.refresh()

    def start(self, *, full: bool = False, note: str = "") -> str:
        self.count_id = start_count(self.engine, self.actor, note=note, full=full)
        self.refresh()
        return self.count_id

    def scan_code(self, code: str, qty_milli: int | None = None) -> None:
        """A scanned or typed code: one more of that product counted (a scale label counts its weight)."""
        self.show_error(None)
        try:
            if self.count_id is None:
                self.start()
            assert self.count_id is not None
            product, total = scan_count(
                self.engine, self.actor, self.terminal.catalogue, self.count_id, code, qty_milli
            )
        except PosError as exc:
            self.show_error(exc)
            return
        lang = current_language()
        self.last = f"{product.name(lang)}: {qty(total, lang, product.unit)}"
        self.refresh()

    def _scanned(self) -> None:
        code = self.scan.text().strip()
        self.scan.clear()
        if code:
            self.scan_code(code)

    def apply(self) -> CountReview | None:
        if self.count_id is None:
            return None
        count_id = self.count_id
        applied = self.guarded(
            lambda approval: apply_count(self.engine, self.actor, count_id, approval=approval),
            frozenset({Permission.APPLY_STOCK_COUNT}),
        )
        if applied is not None:
            self.review = applied
            self.scan.setEnabled(False)
            self.apply_button.setEnabled(False)
            self.retranslate()
        return applied

    def refresh(self) -> None:
        if self.count_id is not None and (self.review is None or self.review.status == "open"):
            self.review = differences(self.engine, self.count_id)
        self.retranslate()

    def table(self) -> Table | None:
        if self.review is None:
            return None
        cols = (
            gui_column("sku", tr("SKU")),
            gui_column("name", tr("Product")),
            gui_column("unit", tr("Unit")),
            gui_column("expected", tr("Expected"), "qty"),
            gui_column("counted", tr("Counted", "stock count"), "qty"),
            gui_column("diff", tr("Difference"), "qty"),
            gui_column("value", tr("Value"), "money"),
        )
        lines = sorted(self.review.lines, key=lambda d: (d.diff_milli == 0, d.sku))
        rows = tuple(
            (
                d.sku,
                d.name(current_language()),
                d.unit,
                d.expected_milli,
                d.counted_milli,
                d.diff_milli,
                d.value_diff,
            )
            for d in lines
        )
        return gui_table("count", tr("Stock count"), cols, rows)

    def retranslate(self) -> None:
        super().retranslate()
        self.heading.setText(tr("Stock count"))
        self.scan.setPlaceholderText(tr("Scan a barcode or type a code, then Enter"))
        self.start_button.setText(tr("New count"))
        self.last_label.setText(self.last)
        self.model.set_table(self.table())
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if self.model.columnCount():
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        r = self.review
        if r is None:
            self.summary.setText(tr("No count yet — scan an item to start"))
        elif r.status == "applied":
            self.summary.setText(
                tr("Applied: %n products adjusted, value {value}", "", len(r.changes)).format(
                    value=money(r.value_diff)
                )
            )
        else:
            self.summary.setText(
                tr("%n products counted", "", len(r.lines))
                + " · "
                + tr("%n differ · value difference {value}", "", len(r.changes)).format(
                    value=money(r.value_diff)
                )
            )
        self.apply_button.setText(tr("Apply the differences to stock"))
        self.apply_button.setEnabled(r is not None and r.status == "open")
