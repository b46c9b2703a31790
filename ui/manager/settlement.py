"""Producer settlement: choose a consigning producer and a month; see units sold and returned, gross,
commission and the amount due; issue (store) the statement, export it (CSV/XLSX), print it on the receipt printer
for the producer to sign (through the till's print worker).

The till's own statement counts only this till's sales and says so. "Whole store" asks head office (the only place
holding every till's sales) for the store's statement, off the GUI thread (``ui.executor``), and names every till
counted with the newest sale head office holds from each; offline, the till's own statement stays on screen,
labelled as this till's only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from pos.errors import PosError
from pos.inventory.producers import list_producers
from pos.reports.export import export
from pos.reports.table import Period
from pos.settlement.statement import (
    SettlementStatement,
    build_statement,
    issue_statement,
    statement_doc,
    statement_table,
)
from pos.settlement.store import fetch_store_statement
from pos.shifts.document import shop_header
from pos.staff.member import StaffMember
from pos.staff.permissions import Permission, require
from pos.till.terminal import Terminal
from ui.executor import DatabaseExecutor, Op
from ui.formatting import money
from ui.i18n import current_language, tr
from ui.manager.base import ApprovalAsker, ManagerScreen, card, figure, label, row_table
from ui.manager.table_model import ReportTableModel
from ui.qt import QComboBox, QHBoxLayout, QHeaderView, QPushButton
from ui.theme import set_role

if TYPE_CHECKING:
    from ui.printing import TillPrinter

#: How many past months the picker offers (besides the month under way).
MONTHS_BACK = 24


def previous_month(today: dt.date) -> Period:
    end = today.replace(day=1) - dt.timedelta(days=1)
    return Period(end.replace(day=1), end)


def month_choices(today: dt.date, back: int = MONTHS_BACK) -> list[Period]:
    """The month under way (to ``today``), then the ``back`` whole months before it, newest first."""
    periods = [Period(today.replace(day=1), today)]
    end = today.replace(day=1) - dt.timedelta(days=1)
    for _ in range(back):
        periods.append(Period(end.replace(day=1), end))
        end = end.replace(day=1) - dt.timedelta(days=1)
    return periods


class SettlementScreen(ManagerScreen):
    def __init__(
        self,
        terminal: Terminal,
        actor: StaffMember,
        ask_approval: ApprovalAsker | None = None,
        period: Period | None = None,
        *,
        printing: TillPrinter | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(terminal, actor, ask_approval)
        self.printing = printing  # ui.printing.TillPrinter, or None (no printing here)
        self.today = today or dt.date.today()
        self.period = period or previous_month(self.today)
        self.statement: SettlementStatement | None = None
        self.store_mode = False  # showing the store's statement from head office (else this till's own)
        self.store_note = ""  # why the store's statement is not shown (offline, refused), or "" while asking
        self.asking = False
        self._ask_no = 0  # the newest request; an older answer arriving late is dropped
        self._fetcher: DatabaseExecutor | None = (
            None  # its own thread: a slow network never holds the database
        )
        controls = QHBoxLayout()
        self.producer = QComboBox()
        for p in list_producers(self.engine):
            self.producer.addItem(f"{p.data.code} · {p.data.name}", p.id)
        self.producer.currentIndexChanged.connect(self.refresh)
        controls.addWidget(self.producer, 3)
        self.month = QComboBox()  # the period: a month (the one under way, or one of the last MONTHS_BACK)
        self.month.setMinimumHeight(42)
        self.periods = month_choices(self.today)
        for period_ in self.periods:
            self.month.addItem(self._month_text(period_))
        self.month.setCurrentIndex(self._month_index(self.period))
        self.month.currentIndexChanged.connect(self._month_chosen)
        self.month.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        controls.addWidget(self.month)
        self.store_button = QPushButton()  # this till only / the whole store (head office)
        self.store_button.setCheckable(True)
        self.store_button.setMinimumHeight(42)
        self.store_button.toggled.connect(self.show_store)
        controls.addWidget(self.store_button)
        self.issue_button = QPushButton()
        set_role(self.issue_button, "primary")
        self.issue_button.clicked.connect(self.issue)
        controls.addWidget(self.issue_button)
        self.outer.addLayout(controls)
        self.bank = label("", "muted")
        self.outer.addWidget(self.bank)
        self.coverage = label("", "muted")  # which tills the statement counts
        self.coverage.setWordWrap(True)
        self.outer.addWidget(self.coverage)
        figures = QHBoxLayout()
        self.gross_caption, self.gross = label(), label()
        self.commission_caption, self.commission = label(), label()
        self.due_caption, self.due = label(), label()
        for caption, value in (
            (self.gross_caption, self.gross),
            (self.commission_caption, self.commission),
            (self.due_caption, self.due),
        ):
            figures.addWidget(figure(caption, value))
        self.outer.addLayout(figures)
        self.outer.addWidget(self.message)
        frame, box = card()
        self.model = ReportTableModel(compact=True)
        self.view = row_table(self.model)
        box.addWidget(self.view)
        self.outer.addWidget(frame, 1)
        bottom = QHBoxLayout()
        self.status = label("", "muted")
        self.status.setWordWrap(True)
        bottom.addWidget(self.status, 1)
        self.export_button = QPushButton()
        self.export_button.setMinimumHeight(42)
        self.export_button.clicked.connect(self.export)
        bottom.addWidget(self.export_button)
        self.print_button = QPushButton()
        self.print_button.setMinimumHeight(42)
        self.print_button.clicked.connect(self.print_statement)
        bottom.addWidget(self.print_button)
        self.outer.addLayout(bottom)
        self.done = ""  # what the last export or print did, under the statement's state
        self.retranslate()

    # --- the period -------------------------------------------------------------------------------------------
    def _month_text(self, period: Period) -> str:
        if period.start.day == 1 and (period.end + dt.timedelta(days=1)).day == 1:
            return tr("{month:%B %Y}").format(month=period.start)
        if period.start.day == 1 and period.end == self.today:
            return tr("{month:%B %Y} (to date)").format(month=period.start)
        return period.label()

    def _month_index(self, period: Period) -> int:
        """The picker's entry for ``period``; a period that is not one of its months is added at the top."""
        if period in self.periods:
            return self.periods.index(period)
        self.periods.insert(0, period)
        self.month.insertItem(0, self._month_text(period))
        return 0

    def set_period(self, period: Period) -> None:
        self.period = period
        self.month.setCurrentIndex(self._month_index(period))
        self.refresh()

    def _month_chosen(self, index: int) -> None:
        if 0 <= index < len(self.periods):
            self.period = self.periods[index]
            self.refresh()

    def select_producer(self, code: str) -> None:
        for i in range(self.producer.count()):
            if self.producer.itemText(i).startswith(f"{code} "):
                self.producer.setCurrentIndex(i)
        self.refresh()

    @property
    def till_code(self) -> str:
        return self.terminal.settings.terminal.code

    def show_store(self, on: bool) -> None:
        """Switch between this till's own statement and the whole store's (asked of head office)."""
        self.store_mode = on
        if self.store_button.isChecked() != on:
            self.store_button.setChecked(on)
        self.refresh()

    def refresh(self) -> None:
        self.show_error(None)
        self.done = ""
        pid = self.producer.currentData()
        if pid is None:
            return
        try:
            require(self.actor, Permission.SETTLE_PRODUCERS)
            self.statement = build_statement(self.engine, str(pid), self.period, terminal_code=self.till_code)
        except PosError as exc:
            self.statement = None
            self.show_error(exc)
        self._ask_no += 1
        self.asking = False
        self.store_note = ""
        if self.store_mode and self.statement is not None:
            self._ask_head_office(str(pid))
        self._show()

    def _ask_head_office(self, pid: str) -> None:
        if self._fetcher is None:
            self._fetcher = DatabaseExecutor(name="settlement-fetch", parent=self)
        number, engine, period = self._ask_no, self.engine, self.period
        self.asking = True
        (
            Op(self._fetcher, lambda: fetch_store_statement(engine, pid, period), parent=self)
            .success(lambda st: self._answered(number, st, None))
            .failure(lambda exc: self._answered(number, None, exc))
            .run()
        )

    def _answered(self, number: int, st: SettlementStatement | None, error: PosError | None) -> None:
        if number != self._ask_no or not self.store_mode:
            return  # the manager chose another producer or month meanwhile
        self.asking = False
        if st is not None:
            self.statement = st
        else:
            self.store_note = error.message(current_language()) if error is not None else ""
        self._show()

    def idle(self) -> bool:
        """No answer from head office is awaited (tests wait for it as a manager waits for the screen)."""
        return not self.asking

    def issue(self) -> SettlementStatement | None:
        pid = self.producer.currentData()
        if pid is None:
            return None
        issued = self.guarded(
            lambda approval: issue_statement(
                self.engine, self.actor, str(pid), self.period, approval=approval
            ),
            frozenset({Permission.SETTLE_PRODUCERS}),
        )
        if issued is not None:
            self.statement = issued
            self._show()
        return issued

    def export_to(self, path: Path) -> None:
        if self.statement is not None:
            export(
                [statement_table(self.statement)],
                path,
                lang=current_language(),
                subtitle=f"{self.period.label()} · {self.coverage_text()}",
            )

    def export(self) -> Path | None:
        """ "Export…": the statement on screen to a .csv or .xlsx file the manager names."""
        st = self.statement
        if st is None:
            return None
        suggested = (
            f"settlement_{st.producer.data.code}_{self.period.start:%Y%m%d}-{self.period.end:%Y%m%d}.xlsx"
        )
        path = self.run_export(self.export_to, suggested)
        if path is not None:
            self.done = tr("Saved {file}").format(file=path.name)
            self._show_status()
        return path

    def print_statement(self) -> bool:
        """ "Print": the statement on the receipt printer (the producer signs the paper), laid out and sent on the
        till's print worker; a draft is marked as one."""
        st = self.statement
        if st is None or self.printing is None:
            return False
        doc = statement_doc(st, shop_name=shop_header(self.engine).name, lang=current_language())
        self.printing.print_document(doc, ref=f"settlement {st.producer.data.code} {self.period.label()}")
        self.done = tr("Sent to the printer")
        self._show_status()
        return True

    def _show(self) -> None:
        st = self.statement
        self.model.set_table(statement_table(st) if st is not None else None)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.view.setColumnHidden(2, True)  # the unit is in the product name; room for the amounts
        self.export_button.setEnabled(st is not None)
        self.print_button.setEnabled(st is not None and self.printing is not None)
        under_way = self.period.end >= self.today
        store_wide = st is not None and st.store_wide
        self.issue_button.setEnabled(st is not None and st.id is None and not under_way and not store_wide)
        self.issue_button.setToolTip(
            tr("The month is not over: view only")
            if under_way
            else tr("The store's statement is view only on a till")
            if store_wide
            else ""
        )
        self.coverage.setText(self.coverage_text())
        set_role(self.coverage, "muted" if store_wide or not self.store_mode or self.asking else "error")
        if st is None:
            for value in (self.gross, self.commission, self.due):
                value.setText("—")
            self.bank.setText("")
            self.status.setText("")
            return
        self.gross.setText(money(st.net))
        self.commission.setText(money(st.commission))
        self.due.setText(money(st.amount_due))
        p = st.producer.data
        account = " · ".join(
            x for x in (p.bank_bin and f"BIN {p.bank_bin}", p.bank_account, p.bank_account_name) if x
        )
        contact = " · ".join(x for x in (p.contact_name, p.phone, st.producer.locality) if x)
        self.bank.setText(f"{contact}\n" + tr("Account: {account}").format(account=account or "—"))
        self._show_status()

    def coverage_text(self) -> str:
        """Which tills the statement on screen counts, in words: never a till's own figures passed off as the
        store's."""
        st = self.statement
        if st is None:
            return ""
        if st.store_wide:
            head = tr("Whole store {store}: tills {tills}").format(
                store=st.store_code, tills=st.tills_label()
            )
            if st.as_of is not None:
                head += " · " + tr("head office as of {when}").format(when=f"{st.as_of:%d/%m %H:%M}")
            tills = [
                tr("{till}: last sale received {when}").format(
                    till=t.code, when=f"{t.last_sale_at:%d/%m %H:%M}"
                )
                if t.last_sale_at is not None
                else tr("{till}: no sales received yet").format(till=t.code)
                for t in st.tills
            ]
            return "\n".join([head, " · ".join(tills)])
        own = tr("This till only ({tills}): not the store's statement").format(tills=st.tills_label())
        if self.store_mode and self.asking:
            return own + "\n" + tr("Asking head office for the store's statement…")
        if self.store_mode:
            return (
                own
                + "\n"
                + tr("Head office could not give the store's statement: {reason}").format(
                    reason=self.store_note or "—"
                )
            )
        return own

    def _show_status(self) -> None:
        st = self.statement
        if st is None:
            return
        if st.id is None:
            text = tr("Draft — not issued yet")
        else:
            issued = st.issued_at.strftime("%d/%m/%Y %H:%M") if st.issued_at else ""
            text = tr("Issued {when} · ref {ref}").format(when=issued, ref=st.id[:8])
        self.status.setText(f"{text} · {self.done}" if self.done else text)

    def retranslate(self) -> None:
        super().retranslate()
        self.heading.setText(tr("Consignment settlement"))
        for i, period_ in enumerate(self.periods):
            self.month.setItemText(i, self._month_text(period_))
        self.month.setToolTip(tr("Settlement period"))
        self.issue_button.setText(tr("Issue the statement"))
        self.store_button.setText(tr("Whole store (head office)"))
        self.store_button.setToolTip(tr("Every till of the store, as head office has received their sales"))
        self.export_button.setText(tr("Export…"))
        self.print_button.setText(tr("Print"))
        self.print_button.setToolTip("" if self.printing is not None else tr("No receipt printer here"))
        self.gross_caption.setText(tr("Net sales"))
        self.commission_caption.setText(tr("Shop commission"))
        self.due_caption.setText(tr("Due to the producer"))
        self.refresh()
