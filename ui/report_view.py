"""A shift report (X or Z) on screen: the figures a cashier and a manager read, in the current language."""

from __future__ import annotations

from pos.shifts.document import method_label
from pos.shifts.report import ShiftReport
from ui.formatting import money
from ui.i18n import current_language, tr
from ui.qt import QGridLayout, QLabel, Qt, QWidget
from ui.theme import set_role


def report_rows(report: ShiftReport) -> list[tuple[str, str]]:
    """(caption, value) rows: sales, discounts, returns, voids, net; by payment method; VAT; the cash."""
    lang = current_language()
    rows: list[tuple[str, str]] = [
        (tr("Sales"), str(report.sales_count)),
        (tr("Sales total"), money(report.sales_total)),
        (tr("Discounts"), money(-report.discounts_total)),
        (tr("Returns ({n})").format(n=report.returns_count), money(report.returns_total)),
        (tr("Voids after payment ({n})").format(n=report.voids_count), money(report.voids_total)),
        (
            tr("Lines removed before payment ({n})").format(n=report.line_voids_count),
            money(report.line_voids_amount),
        ),
        (tr("Drawer opened without a sale"), str(report.no_sale_opens)),
        (tr("Net total"), money(report.net_total)),
    ]
    rows += [(method_label(m.method, lang), money(m.amount)) for m in report.by_method]
    rows += [(tr("VAT {rate}%").format(rate=v.rate_pct), money(v.vat)) for v in report.vat]
    rows += [
        (tr("Opening float"), money(report.opening_float)),
        (tr("Paid in"), money(report.paid_in)),
        (tr("Paid out"), money(-report.paid_out)),
        (tr("Cash expected in the drawer"), money(report.expected_cash)),
    ]
    return rows


class ReportGrid(QWidget):
    """The rows of :func:`report_rows` as a two-column grid (captions muted, amounts right-aligned)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(4)
        self.rows: list[tuple[str, str]] = []

    def set_report(self, report: ShiftReport | None) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.rows = report_rows(report) if report is not None else []
        for i, (caption, value) in enumerate(self.rows):
            left = QLabel(caption)
            set_role(left, "muted")
            right = QLabel(value)
            right.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(left, i, 0)
            self.grid.addWidget(right, i, 1)
