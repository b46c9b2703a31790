"""Producer settlement: choose a consigning producer and a period; see units sold and returned, gross,
commission and the amount due; issue (store) the statement, export it, and record the payment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pos.errors import PosError
from pos.inventory.producers import list_producers
from pos.reports.export import export
from pos.reports.table import Period
from pos.settlement.statement import SettlementStatement, build_statement, issue_statement, statement_table
from pos.staff.member import StaffMember
from pos.staff.permissions import Permission, require
from pos.terminal import Terminal
from ui.formatting import money
from ui.manager.base import ApprovalAsker, ManagerScreen, card, figure, label
from ui.manager.table_model import ReportTableModel
from ui.manager.words import lang, t
from ui.qt import QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QPushButton, QTableView
from ui.theme import set_role


def previous_month(today: dt.date) -> Period:
    end = today.replace(day=1) - dt.timedelta(days=1)
    return Period(end.replace(day=1), end)


class SettlementScreen(ManagerScreen):
    def __init__(
        self,
        terminal: Terminal,
        actor: StaffMember,
        ask_approval: ApprovalAsker | None = None,
        period: Period | None = None,
    ) -> None:
        super().__init__(terminal, actor, ask_approval)
        self.period = period or previous_month(dt.date.today())
        self.statement: SettlementStatement | None = None
        controls = QHBoxLayout()
        self.producer = QComboBox()
        for p in list_producers(self.engine):
            self.producer.addItem(f"{p.data.code} · {p.data.name}", p.id)
        self.producer.currentIndexChanged.connect(self.refresh)
        controls.addWidget(self.producer, 3)
        self.period_label = label("", "h3")
        controls.addWidget(self.period_label, 1)
        self.issue_button = QPushButton()
        set_role(self.issue_button, "primary")
        self.issue_button.clicked.connect(self.issue)
        controls.addWidget(self.issue_button)
        self.outer.addLayout(controls)
        self.bank = label("", "muted")
        self.outer.addWidget(self.bank)
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
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        box.addWidget(self.view)
        self.outer.addWidget(frame, 1)
        self.status = label("", "muted")
        self.outer.addWidget(self.status)
        self.retranslate()

    def select_producer(self, code: str) -> None:
        for i in range(self.producer.count()):
            if self.producer.itemText(i).startswith(f"{code} "):
                self.producer.setCurrentIndex(i)
        self.refresh()

    def refresh(self) -> None:
        self.show_error(None)
        pid = self.producer.currentData()
        if pid is None:
            return
        try:
            require(self.actor, Permission.SETTLE_PRODUCERS)
            self.statement = build_statement(self.engine, str(pid), self.period)
        except PosError as exc:
            self.statement = None
            self.show_error(exc)
        self._show()

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
            export([statement_table(self.statement)], path, lang=lang(), subtitle=self.period.label())

    def _show(self) -> None:
        st = self.statement
        self.model.set_table(statement_table(st) if st is not None else None)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.view.setColumnHidden(2, True)  # the unit is in the product name; room for the amounts
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
        self.bank.setText(f"{contact}\n{t('Tài khoản', 'Account')}: {account or '—'}")
        if st.id is None:
            self.status.setText(t("Bản nháp — chưa phát hành", "Draft — not issued yet"))
        else:
            issued = st.issued_at.strftime("%d/%m/%Y %H:%M") if st.issued_at else ""
            self.status.setText(
                t(f"Đã phát hành {issued} · mã {st.id[:8]}", f"Issued {issued} · ref {st.id[:8]}")
            )

    def retranslate(self) -> None:
        super().retranslate()
        self.heading.setText(t("Quyết toán hàng ký gửi", "Consignment settlement"))
        self.period_label.setText(self.period.label())
        self.issue_button.setText(t("Phát hành bản quyết toán", "Issue the statement"))
        self.gross_caption.setText(t("Doanh thu thuần", "Net sales"))
        self.commission_caption.setText(t("Hoa hồng cửa hàng", "Shop commission"))
        self.due_caption.setText(t("Phải trả nhà sản xuất", "Due to the producer"))
        self.refresh()
