"""Stock on hand: every product with what is on the shelf and its reorder level, the products at or below that level,
and the dated lots near (or past) their expiry (the low list is the full one filtered: no state column, so a long
OCOP name has the room at 1024 px). Sortable by any column, searchable by name or SKU (marks not
needed), a scan finds the product.

The figures are the core's own (``pos.inventory.stock.stock_levels``, ``pos.inventory.alerts.low_stock`` and
``near_expiry``, the same lists the overview counts); this page only lists, it changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pos.errors import PosError
from pos.inventory.alerts import ExpiringLot, low_stock, near_expiry
from pos.inventory.stock import StockLevel, stock_as_of, stock_levels
from pos.reports.table import Column
from pos.staff.member import StaffMember
from pos.staff.policy import load_policy
from pos.text import fold
from pos.till.terminal import Terminal
from ui.i18n import current_language, tr
from ui.manager.base import ApprovalAsker, ManagerScreen, card, label, row_table
from ui.manager.table_model import ReportTableModel, SortRole, gui_column, gui_table
from ui.qt import (
    QT_TR_NOOP,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QShowEvent,
    QSortFilterProxyModel,
    Qt,
)

#: The lists the page shows: key, and the words of the choice.
KINDS: tuple[tuple[str, str], ...] = (
    ("all", QT_TR_NOOP("All products")),
    ("low", QT_TR_NOOP("Low stock")),
    ("expiry", QT_TR_NOOP("Near expiry")),
)


class StockScreen(ManagerScreen):
    def __init__(
        self, terminal: Terminal, actor: StaffMember, ask_approval: ApprovalAsker | None = None
    ) -> None:
        super().__init__(terminal, actor, ask_approval)
        self.levels: list[StockLevel] = []
        self.low: list[StockLevel] = []
        self.lots: list[ExpiringLot] = []
        self.days = 0
        #: When head office counted the store's stock shown (UTC); None: this till's own stock.
        self.as_of: dt.datetime | None = None
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("stock_search")
        self.search.setMinimumHeight(44)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.show_rows())
        top.addWidget(self.search, 3)
        self.filter = QComboBox()
        self.filter.setObjectName("stock_filter")
        self.filter.setMinimumHeight(44)
        for key, _words in KINDS:
            self.filter.addItem("", key)
        self.filter.currentIndexChanged.connect(lambda _i: self.show_rows())
        top.addWidget(self.filter, 2)
        self.refresh_button = QPushButton()
        self.refresh_button.setMinimumHeight(44)
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.refresh_button)
        self.outer.addLayout(top)
        frame, box = card()
        self.model = ReportTableModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.view = row_table(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicatorShown(True)

        self.view.horizontalHeader().setSortIndicator(
            -1, Qt.SortOrder.AscendingOrder
        )  # the core's order first
        box.addWidget(self.view)
        self.outer.addWidget(frame, 1)
        self.summary = label("", "muted")
        self.summary.setWordWrap(True)
        self.outer.addWidget(self.summary)
        self.outer.addWidget(self.message)
        self.loaded = False
        self.refresh()
        self.retranslate()

    # --- data ------------------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the stock again from the ledger."""
        today = dt.date.today()
        self.days = load_policy(self.engine).near_expiry_days
        self.levels = stock_levels(self.engine)
        self.as_of = stock_as_of(self.engine)
        self.low = low_stock(self.engine)
        self.lots = near_expiry(self.engine, today=today, within_days=self.days)
        self.loaded = True
        self.show_rows()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.loaded and not event.spontaneous():
            self.refresh()  # a delivery or a sale since it was last shown

    def view_kind(self) -> str:
        return str(self.filter.currentData() or "all")

    def show_kind(self, kind: str) -> None:
        """Show one of the lists (``all``, ``low``, ``expiry``), as choosing it in the dropdown does."""
        index = self.filter.findData(kind)
        if index >= 0:
            self.filter.setCurrentIndex(index)

    def scan_code(self, code: str) -> None:
        """A scanned barcode finds that product in the list shown."""
        self.show_error(None)
        try:
            product = self.terminal.catalogue.resolve(code).product
        except PosError as exc:
            self.show_error(exc)
            return
        self.search.setText(product.sku)

    def _matches(self, sku: str, name_vi: str, name_en: str) -> bool:
        words = fold(self.search.text()).split()
        haystack = fold(f"{sku} {name_vi} {name_en}")
        return all(word in haystack for word in words)

    def show_rows(self) -> None:
        lang = current_language()
        kind = self.view_kind()
        cols: tuple[Column, ...]
        if kind == "expiry":
            cols = (
                gui_column("sku", tr("SKU")),
                gui_column("name", tr("Product")),
                gui_column("batch", tr("Batch")),
                gui_column("on_hand", tr("On hand"), "qty"),
                gui_column("expiry", tr("Expires")),
                gui_column("days_left", tr("Days left"), "int"),
            )
            rows: tuple[tuple[Any, ...], ...] = tuple(
                (lot.sku, lot.name(lang), lot.batch or "", lot.qty_milli, lot.expiry, lot.days_left)
                for lot in self.lots
                if self._matches(lot.sku, lot.name_vi, lot.name_en)
            )
            title = tr("Near expiry")
        else:
            cols = (
                gui_column("sku", tr("SKU")),
                gui_column("name", tr("Product")),
                gui_column("unit", tr("Unit")),
                gui_column("on_hand", tr("On hand"), "qty"),
                gui_column("reorder", tr("Reorder level"), "qty"),
            )
            source = self.low if kind == "low" else self.levels
            rows = tuple(
                (s.sku, s.name(lang), s.unit, s.qty_milli, s.low_milli)
                for s in source
                if self._matches(s.sku, s.name_vi, s.name_en)
            )
            title = tr("Low stock") if kind == "low" else tr("Stock on hand")
        self.model.set_table(gui_table(f"stock_{kind}", title, cols, rows))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self._summary(kind, len(rows))

    def _summary(self, kind: str, shown: int) -> None:
        if kind == "expiry":
            expired = sum(1 for lot in self.lots if lot.expired)
            text = tr("%n lots on hand expire within {days} days", "", len(self.lots)).format(days=self.days)
            if expired:
                text += " · " + tr("%n already expired", "", expired)
            text += " · " + tr("estimated first-expiring-first-out from deliveries and sales")
        elif kind == "low":
            text = tr("%n products at or below their reorder level", "", len(self.low))
        else:
            text = (
                tr("%n products", "", len(self.levels))
                + " · "
                + tr("%n at or below their reorder level", "", len(self.low))
            )
        if self.search.text().strip():
            text = tr("%n shown", "", shown) + " · " + text
        if self.as_of is not None and kind != "expiry":
            local = self.as_of.replace(tzinfo=dt.UTC).astimezone()
            text += " · " + tr("the store's stock as of {time}, with this till's sales not yet sent").format(
                time=f"{local:%H:%M}"
            )
        self.summary.setText(text)

    # --- what the view shows (tests, and the screen's own summary) ---------------------------------------------------
    def rows(self) -> list[tuple[Any, ...]]:
        """The rows of the list shown, searched, in the core's order."""
        table = self.model.table
        return [] if table is None else list(table.rows)

    def column_of(self, key: str) -> int:
        table = self.model.table
        assert table is not None
        return [c.key for c in table.columns].index(key)

    def shown_column(self, key: str) -> list[Any]:
        """One column's values in the order the view shows them (sorted as the manager chose)."""
        column = self.column_of(key)
        table = self.model.table
        assert table is not None
        out = []
        for r in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(r, column))
            out.append(table.rows[source.row()][column])
        return out

    def retranslate(self) -> None:
        super().retranslate()
        self.heading.setText(tr("Stock"))
        self.search.setPlaceholderText(tr("Search by name or SKU, or scan"))
        for i, (_key, words) in enumerate(KINDS):
            self.filter.setItemText(i, tr(words))
        self.refresh_button.setText(tr("Refresh"))
        if self.loaded:
            self.show_rows()
