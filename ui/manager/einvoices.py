"""E-invoices on the manager's side: where each invoice is (waiting, sent, accepted by the tax authority,
rejected and why), filtered by state and month; a rejected one offered again, or with the buyer's details corrected
first (the documented correction path, ``pos.einvoice.corrections``); and the month's or quarter's tax report, shown
and exported to XLSX/CSV by the core (``pos.einvoice.report``, ``pos.reports.export``).

Every word is the GUI's own, through ``tr()``; the tables are built here from the core's rows and rebuilt when the
language changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from pos.einvoice.buyer import Buyer
from pos.einvoice.corrections import PERMISSION, correct_buyer, retry_rejected
from pos.einvoice.issue import buyer_from_xml, local_time
from pos.einvoice.queue import STATES, StatusRow, counts, invoices, xml_of
from pos.einvoice.report import Period, invoice_list, parse_period, vat_by_rate
from pos.errors import PosError
from pos.reports.export import export
from pos.reports.table import Column, Table
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission, require
from pos.till.terminal import Terminal
from ui.i18n import current_language, tr
from ui.manager.base import ApprovalAsker, ManagerScreen, card, label, row_table
from ui.manager.table_model import ReportTableModel
from ui.modal import run_modal
from ui.qt import QT_TR_NOOP, QComboBox, QHBoxLayout, QHeaderView, QPushButton, Signal

#: The state filter: key → the states it shows, and its words.
FILTERS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("all", STATES, QT_TR_NOOP("All states")),
    ("open", ("pending", "sent", "rejected"), QT_TR_NOOP("Not yet accepted")),
    ("pending", ("pending",), QT_TR_NOOP("Waiting to be sent")),
    ("sent", ("sent",), QT_TR_NOOP("Sent, awaiting the tax authority")),
    ("accepted", ("accepted",), QT_TR_NOOP("Accepted")),
    ("rejected", ("rejected",), QT_TR_NOOP("Rejected")),
    ("corrected", ("corrected",), QT_TR_NOOP("Corrected by an adjusting invoice")),
)
STATE_WORDS = {
    "pending": QT_TR_NOOP("waiting"),
    "sent": QT_TR_NOOP("sent"),
    "accepted": QT_TR_NOOP("accepted"),
    "rejected": QT_TR_NOOP("rejected"),
    "corrected": QT_TR_NOOP("corrected"),
}
BUYER_COLUMN = 7  # in ``status_table``
KIND_WORDS = {"original": QT_TR_NOOP("invoice"), "adjusting": QT_TR_NOOP("adjusting")}


def _column(key: str, title: str, kind: str = "text") -> Column:
    """A column named by the GUI (``title`` already in the current language)."""
    return Column(key, title, title, kind)


def months(today: dt.date, n: int = 12) -> list[str]:
    """``2026-12``, ``2026-11``, … the last ``n`` months, newest first."""
    out, year, month = [], today.year, today.month
    for _ in range(n):
        out.append(f"{year}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out


def quarters(today: dt.date, n: int = 4) -> list[str]:
    out, year, q = [], today.year, (today.month - 1) // 3 + 1
    for _ in range(n):
        out.append(f"{year}-Q{q}")
        year, q = (year, q - 1) if q > 1 else (year - 1, 4)
    return out


def status_table(rows: list[StatusRow], now: dt.datetime) -> Table:
    """The invoices as the screen shows them, in the current language."""
    columns = (
        _column("receipt", tr("Receipt")),
        _column("code", tr("Tax-authority code")),
        _column("made", tr("Made at")),
        _column("state", tr("State")),
        _column("total", tr("Total"), "money"),
        _column("kind", tr("Kind")),
        _column("via", tr("Sent by")),
        _column("buyer", tr("Buyer")),
        _column("reason", tr("Reason / last problem")),
    )
    body = tuple(
        (
            r.receipt,
            r.code,
            f"{local_time(r.issued_at):%d/%m %H:%M}",
            tr(STATE_WORDS.get(r.state, r.state)) + (" ⚠ " + tr("late") if r.overdue(now) else ""),
            r.total,
            tr(KIND_WORDS.get(r.kind, r.kind)),
            tr("head office") if r.via == "relay" else tr("this till"),
            " · ".join(x for x in (r.buyer_name, r.buyer_tax_code) if x)
            + (" " + tr("(corrected)") if r.corrected else ""),
            r.last_error if r.state != "accepted" else "",
        )
        for r in rows
    )
    return Table("einvoice_states", tr("E-invoices"), tr("E-invoices"), columns, body)


class EInvoicesScreen(ManagerScreen):
    #: An invoice was offered again or corrected (the till's sender may send it now).
    states_changed = Signal()

    def __init__(
        self,
        terminal: Terminal,
        actor: StaffMember,
        ask_approval: ApprovalAsker | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC).replace(tzinfo=None),
    ) -> None:
        super().__init__(terminal, actor, ask_approval)
        self.today = today
        self.now = now
        self.rows: list[StatusRow] = []
        self.report: tuple[Table, Table] | None = None

        controls = QHBoxLayout()
        self.state = QComboBox()
        self.state.setObjectName("einvoice_state")
        for key, _states, _words in FILTERS:
            self.state.addItem("", key)
        self.month = QComboBox()
        self.month.setObjectName("einvoice_month")
        self.month.addItem("", "")
        for m in months(today()):
            self.month.addItem(m, m)
        for combo in (self.state, self.month):
            combo.setMinimumHeight(42)
            combo.currentIndexChanged.connect(self.refresh)
        self.month.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        controls.addWidget(self.state, 2)
        controls.addWidget(self.month)
        self.summary = label("", "muted")
        controls.addWidget(self.summary, 3)
        self.outer.addLayout(controls)
        self.outer.addWidget(self.message)

        list_card, list_box = card()
        self.model = ReportTableModel(compact=True)
        self.view = row_table(self.model, single=True)
        self.view.selectionModel().selectionChanged.connect(self._selected)
        list_box.addWidget(self.view)
        actions = QHBoxLayout()
        self.reason = label("", "muted")
        self.reason.setWordWrap(True)
        actions.addWidget(self.reason, 1)
        self.retry_button = QPushButton()
        self.retry_button.setObjectName("einvoice_retry")
        self.correct_button = QPushButton()
        self.correct_button.setObjectName("einvoice_correct")
        for button, slot in ((self.retry_button, self.retry), (self.correct_button, self.correct)):
            button.setMinimumHeight(42)
            button.clicked.connect(slot)
            actions.addWidget(button)
        list_box.addLayout(actions)
        self.outer.addWidget(list_card, 3)

        report_card, report_box = card()
        head = QHBoxLayout()
        self.report_title = label("", "h2")
        head.addWidget(self.report_title)
        head.addStretch(1)
        self.period = QComboBox()
        self.period.setObjectName("einvoice_period")
        self.period.setMinimumHeight(42)
        for p in (*months(today()), *quarters(today())):
            self.period.addItem(parse_period(p).label, p)
        self.period.currentIndexChanged.connect(self.refresh_report)
        head.addWidget(self.period)
        self.saved = label("", "muted")
        head.addWidget(self.saved)
        self.export_button = QPushButton()
        self.export_button.setMinimumHeight(42)
        self.export_button.clicked.connect(self.export)
        head.addWidget(self.export_button)
        report_box.addLayout(head)
        self.rates_model = ReportTableModel()
        self.rates_view = row_table(self.rates_model)
        report_box.addWidget(self.rates_view)
        self.outer.addWidget(report_card, 2)
        self.retranslate()

    # --- the list -----------------------------------------------------------------------------------------
    def states(self) -> tuple[str, ...]:
        key = self.state.currentData()
        return next(states for k, states, _w in FILTERS if k == key)

    def select(self, state: str = "all", month: str = "") -> None:
        self.state.setCurrentIndex(self.state.findData(state))
        self.month.setCurrentIndex(self.month.findData(month))
        self.refresh()

    def refresh(self) -> None:
        self.show_error(None)
        month = str(self.month.currentData() or "")
        try:
            require(self.actor, Permission.VIEW_REPORTS)
            period = parse_period(month) if month else None
            self.rows = invoices(
                self.engine,
                states=self.states(),
                days=None if period is None else (period.start, period.end),
                limit=1000,
            )
            c = counts(self.engine)
        except PosError as exc:
            self.rows, c = [], {}
            self.show_error(exc)
        self.model.set_table(status_table(self.rows, self.now()))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(BUYER_COLUMN, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(BUYER_COLUMN, 220)  # a long company name shows whole in its tooltip
        header.setStretchLastSection(True)
        parts = [
            tr("%n waiting", "", c.get("pending", 0) + c.get("sent", 0)),
            tr("%n rejected", "", c.get("rejected", 0)),
            tr("%n accepted", "", c.get("accepted", 0)),
        ]
        self.summary.setText(" · ".join(parts))
        self._selected()

    def current(self) -> StatusRow | None:
        indexes = self.view.selectionModel().selectedRows()
        if not indexes or indexes[0].row() >= len(self.rows):
            return None
        return self.rows[indexes[0].row()]

    def choose(self, sale_id: str) -> None:
        """Select the invoice of ``sale_id`` in the list."""
        for i, r in enumerate(self.rows):
            if r.sale_id == sale_id:
                self.view.selectRow(i)
                return

    def _selected(self, *_args: object) -> None:
        row = self.current()
        rejected = row is not None and row.state == "rejected"
        self.retry_button.setEnabled(rejected)
        self.correct_button.setEnabled(rejected)
        if row is None:
            self.reason.setText("")
        elif rejected:
            self.reason.setText(
                tr(
                    "Rejected: {reason}. If the cause was the provider account, put it right and offer it again;"
                    " if the buyer's details were wrong, correct them."
                ).format(reason=row.last_error)
            )
        else:
            self.reason.setText(row.last_error if row.state != "accepted" else "")

    # --- the correction path --------------------------------------------------------------------------------
    def _done(self, sale_id: str, words: str) -> None:
        self.refresh()
        self.choose(sale_id)
        self.reason.setText(words)
        self.states_changed.emit()

    def retry(self) -> bool:
        """Offer the selected rejected invoice again, as it is."""
        row = self.current()
        if row is None:
            return False

        def act(approval: Approval | None) -> bool:
            retry_rejected(
                self.engine, self.actor, row.sale_id, approval=approval, terminal_code=self.terminal.code
            )
            return True

        if not self.guarded(act, frozenset({PERMISSION})):
            return False
        self._done(row.sale_id, tr("{code} is offered again.").format(code=row.code))
        return True

    def ask_buyer(self, row: StatusRow) -> Buyer | None:
        """The corrected buyer, from the buyer dialog (None: cancelled). Tests drive the dialog with keys."""
        from ui.einvoice_buyer import BuyerDialog

        dialog = BuyerDialog(buyer_from_xml(xml_of(self.engine, row.sale_id, as_sent=True)), self)
        return dialog.buyer if run_modal(dialog) else None

    def correct(self) -> bool:
        """Put the selected rejected invoice's buyer right and offer it again."""
        row = self.current()
        if row is None:
            return False
        buyer = self.ask_buyer(row)
        if buyer is None:
            return False

        def act(approval: Approval | None) -> bool:
            correct_buyer(
                self.engine,
                self.actor,
                row.sale_id,
                buyer,
                approval=approval,
                terminal_code=self.terminal.code,
            )
            return True

        if not self.guarded(act, frozenset({PERMISSION})):
            return False
        self._done(
            row.sale_id,
            tr("{code}: the buyer is corrected and the invoice offered again.").format(code=row.code),
        )
        return True

    # --- the tax report -----------------------------------------------------------------------------------
    def current_period(self) -> Period:
        return parse_period(str(self.period.currentData()))

    def refresh_report(self) -> None:
        self.saved.clear()
        try:
            require(self.actor, Permission.VIEW_REPORTS)
            period = self.current_period()
            self.report = (vat_by_rate(self.engine, period), invoice_list(self.engine, period))
        except PosError as exc:
            self.report = None
            self.show_error(exc)
        self.rates_model.set_table(self.report[0] if self.report else None)
        header = self.rates_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.export_button.setEnabled(self.report is not None)

    def export_to(self, path: Path) -> None:
        """The tax report to ``path``: .xlsx holds both tables, .csv the invoice list (``pos.reports.export``)."""
        if self.report is None:
            return
        tables = [self.report[1]] if path.suffix.lower() == ".csv" else list(self.report)
        export(tables, path, lang=current_language(), subtitle=self.current_period().label)

    def export(self) -> Path | None:
        if self.report is None:
            return None
        path = self.run_export(self.export_to, f"einvoices_{self.period.currentData()}.xlsx")
        if path is not None:
            self.saved.setText(tr("Saved {name}").format(name=path.name))
        return path

    def retranslate(self) -> None:
        super().retranslate()
        self.heading.setText(tr("E-invoices"))
        for i, (_key, _states, words) in enumerate(FILTERS):
            self.state.setItemText(i, tr(words))
        self.month.setItemText(0, tr("Every month"))
        self.retry_button.setText(tr("Offer again"))
        self.retry_button.setToolTip(
            tr("The cause was outside the invoice (the provider account) and is put right")
        )
        self.correct_button.setText(tr("Correct the buyer…"))
        self.correct_button.setToolTip(tr("The buyer's tax code, name or address was wrong"))
        self.report_title.setText(tr("Tax report"))
        self.export_button.setText(tr("Export…"))
        self.export_button.setToolTip(tr("VAT by rate and the invoice list: .xlsx (both) or .csv (the list)"))
        self.refresh()
        self.refresh_report()
