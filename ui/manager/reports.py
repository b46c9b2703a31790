"""Sales reports with a chart: pick a report and a period; the chart shows the net amount per row (per day,
per hour, per product...), the table every figure; "Export…" saves the table as CSV/XLSX through the core."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pos.errors import PosError
from pos.reports import sales
from pos.reports.export import export
from pos.reports.table import Period, Table
from pos.staff.member import StaffMember
from pos.staff.permissions import Permission, require
from pos.till.terminal import Terminal
from ui.i18n import current_language, tr
from ui.manager.base import ApprovalAsker, ManagerScreen, card, label, row_table
from ui.manager.chart import BarChart
from ui.manager.table_model import ReportTableModel
from ui.qt import QT_TR_NOOP, QComboBox, QHBoxLayout, QHeaderView, QPushButton

#: The reports the picker offers (keys of ``pos.reports.sales.REPORTS``) and their names.
KINDS: tuple[tuple[str, str], ...] = (
    ("day", QT_TR_NOOP("By day")),
    ("hour", QT_TR_NOOP("By hour")),
    ("product", QT_TR_NOOP("By product")),
    ("top", QT_TR_NOOP("Top products")),
    ("category", QT_TR_NOOP("By category")),
    ("producer", QT_TR_NOOP("By producer")),
    ("stars", QT_TR_NOOP("By OCOP stars")),
    ("locality", QT_TR_NOOP("By locality")),
    ("cashier", QT_TR_NOOP("By cashier")),
    ("method", QT_TR_NOOP("By payment method")),
    ("vat", QT_TR_NOOP("VAT summary")),
    ("returns", QT_TR_NOOP("Returns and voids")),
    ("discounts", QT_TR_NOOP("Discounts")),
)
#: The periods the picker offers (keys of :func:`period_for`) and their names.
PERIODS: tuple[tuple[str, str], ...] = (
    ("today", QT_TR_NOOP("Today")),
    ("7d", QT_TR_NOOP("Last 7 days")),
    ("14d", QT_TR_NOOP("Last 14 days")),
    ("month", QT_TR_NOOP("This month")),
    ("30d", QT_TR_NOOP("Last 30 days")),
)


def period_for(key: str, today: dt.date) -> Period:
    if key == "today":
        return Period.day(today)
    if key == "month":
        return Period(today.replace(day=1), today)
    days = int(key.rstrip("d"))
    return Period(today - dt.timedelta(days=days - 1), today)


def chart_points(table: Table) -> list[tuple[str, int]]:
    """What to draw: the net (or gross/amount) of each row, labelled by its first column."""
    measure = next(
        (k for k in ("net", "gross", "amount", "discount") if any(c.key == k for c in table.columns)), None
    )
    if measure is None:
        return []
    i = table.index(measure)
    rows = list(table.rows)
    if table.key == "by_hour":
        rows = [r for r in rows if 6 <= int(str(r[0])[:2]) <= 22]
    elif table.key not in ("by_day",):
        rows = rows[:12]
    keys = [c.key for c in table.columns]
    name_key = next(
        (k for k in (f"name_{current_language()}", "name_vi", "name", "cashier", "district") if k in keys),
        None,
    )
    points = []
    for r in rows:
        first = r[0]
        if isinstance(first, dt.date):
            text = f"{first:%d/%m}"
        elif table.key == "by_hour":
            text = str(first)[:2]
        elif table.key == "by_ocop_stars":
            text = "★" * int(first) if first else "—"
        else:
            text = str((r[keys.index(name_key)] if name_key else first) or first)[:16]
        points.append((text, int(r[i])))
    return points


class ReportsScreen(ManagerScreen):
    def __init__(
        self,
        terminal: Terminal,
        actor: StaffMember,
        ask_approval: ApprovalAsker | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(terminal, actor, ask_approval)
        self.today = today
        self.table: Table | None = None
        controls = QHBoxLayout()
        self.kind = QComboBox()
        self.period = QComboBox()
        for combo, items in ((self.kind, KINDS), (self.period, PERIODS)):
            for key, words in items:
                combo.addItem(tr(words), key)
            combo.currentIndexChanged.connect(self.refresh)
        controls.addWidget(self.kind, 2)
        controls.addWidget(self.period, 1)
        controls.addStretch(1)
        self.saved = label("", "muted")
        controls.addWidget(self.saved)
        self.export_button = QPushButton()
        self.export_button.setMinimumHeight(42)
        self.export_button.clicked.connect(self.export)
        controls.addWidget(self.export_button)
        self.outer.addLayout(controls)
        self.outer.addWidget(self.message)
        chart_card, chart_box = card()
        self.chart = BarChart()
        chart_box.addWidget(self.chart)
        self.outer.addWidget(chart_card, 2)
        table_card, table_box = card()
        self.model = ReportTableModel()
        self.view = row_table(self.model)
        table_box.addWidget(self.view)
        self.outer.addWidget(table_card, 3)
        self.retranslate()

    def select(self, kind: str, period: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind))
        self.period.setCurrentIndex(self.period.findData(period))
        self.refresh()

    def current_period(self) -> Period:
        return period_for(str(self.period.currentData()), self.today())

    def refresh(self) -> None:
        self.show_error(None)
        self.saved.clear()
        kind = str(self.kind.currentData())
        try:
            require(self.actor, Permission.VIEW_REPORTS)
            fn: Any = sales.REPORTS[kind]
            self.table = fn(self.engine, self.current_period())
        except PosError as exc:
            self.table = None
            self.show_error(exc)
        self.model.set_table(self.table)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.export_button.setEnabled(self.table is not None)
        if self.table is not None:
            self.chart.set_series(
                f"{self.table.title(current_language())} · {self.current_period().label()}",
                chart_points(self.table),
            )
        else:
            self.chart.set_series("", [])

    def export_to(self, path: Path) -> None:
        """Write the table on screen to ``path`` (.csv or .xlsx)."""
        if self.table is not None:
            export([self.table], path, lang=current_language(), subtitle=self.current_period().label())

    def export(self) -> Path | None:
        """ "Export…": the report on screen to a .csv or .xlsx file the manager names."""
        if self.table is None:
            return None
        period = self.current_period()
        suggested = f"{self.table.key}_{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
        path = self.run_export(self.export_to, suggested)
        if path is not None:
            self.saved.setText(tr("Saved {file}").format(file=path.name))
        return path

    def retranslate(self) -> None:
        super().retranslate()
        self.heading.setText(tr("Sales reports"))
        self.export_button.setText(tr("Export…"))
        self.export_button.setToolTip(tr("Save this table as .xlsx or .csv"))
        for combo, items in ((self.kind, KINDS), (self.period, PERIODS)):
            for i, (_key, words) in enumerate(items):
                combo.setItemText(i, tr(words))
        self.refresh()
