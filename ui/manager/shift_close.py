"""Closing a shift: the blind count by denomination, then the Z report with expected vs counted and over/short.

Nothing on this screen shows the expected cash before the count is submitted — the core only returns it in
the Z report — so the count is honest.

While sales of the shift are not yet at the server the core refuses to close (``UnsentSalesError``). The screen
then asks for the explicit override: a cashier gets a shift lead's or manager's PIN approval (``ask_approval``);
someone who holds the right themselves confirms a question naming the number of unsent sales
(``confirm_unsent``). Either way the core records the override in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable

from pos.errors import PosError
from pos.shifts.cash import CashCount
from pos.shifts.close import UnsentSalesError, close_shift
from pos.shifts.document import local_time
from pos.shifts.report import ShiftReport
from pos.shifts.shift import current_shift
from pos.staff.member import StaffMember
from pos.staff.permissions import Permission, has_permission
from pos.till.terminal import Terminal
from ui.cash_count import CashCountWidget
from ui.formatting import money
from ui.i18n import tr
from ui.manager.base import ApprovalAsker, ManagerScreen, card, figure, label
from ui.modal import run_message_box
from ui.qt import QT_TR_NOOP, QGridLayout, QHBoxLayout, QLineEdit, QMessageBox, QSizePolicy, Qt
from ui.report_view import report_rows
from ui.theme import COLORS
from ui.widgets import ActionButton


class ShiftCloseScreen(ManagerScreen):
    def __init__(
        self,
        terminal: Terminal,
        actor: StaffMember,
        ask_approval: ApprovalAsker | None = None,
        confirm_unsent: Callable[[int], bool] | None = None,
    ) -> None:
        super().__init__(terminal, actor, ask_approval)
        self.report: ShiftReport | None = None
        #: Asks someone closing on their own right whether to close with ``n`` unsent sales.
        self.confirm_unsent: Callable[[int], bool] = confirm_unsent or self._ask_unsent
        self.info = label("", "muted")
        self.outer.addWidget(self.info)
        row = QHBoxLayout()
        row.setSpacing(16)
        self.outer.addLayout(row, 1)

        count_card, count_box = card()
        self.count_card = count_card
        self.count_title = label("", "h3")
        count_box.addWidget(self.count_title)
        # The till's expected cash stays hidden until the count is confirmed (a blind count): said here, where
        # the count is done; the Z report takes the room once it exists.
        self.blind_note = label("", "muted")
        self.blind_note.setWordWrap(True)
        count_box.addWidget(self.blind_note)
        self.counter = CashCountWidget()
        self.spins = self.counter.spins
        self.subtotals = self.counter.subtotals
        self.total_caption = self.counter.total_caption
        self.total = self.counter.total
        count_box.addWidget(self.counter, 1)
        confirm = QHBoxLayout()
        self.reason = QLineEdit()
        self.counter.finished.connect(self.reason.setFocus)  # the last note counted: the note, then F12
        self.reason.setMinimumHeight(48)
        confirm.addWidget(self.reason, 1)
        self.close_button = ActionButton(
            QT_TR_NOOP("Confirm the count and close the shift"), "F12", "check", "primary"
        )
        self.close_button.setMinimumHeight(52)
        self.close_button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.close_button.clicked.connect(self.close_shift)
        confirm.addWidget(self.close_button)
        count_box.addLayout(confirm)
        count_box.addWidget(self.message)
        row.addWidget(count_card, 1)

        result_card, self.result_box = card()
        self.result_card = result_card
        self.result_title = label("", "h3")
        self.result_box.addWidget(self.result_title)
        figures = QHBoxLayout()
        self.expected_caption, self.expected = label(), label()
        self.counted_caption, self.counted = label(), label()
        self.diff_caption, self.diff = label(), label()
        for caption, value in (
            (self.expected_caption, self.expected),
            (self.counted_caption, self.counted),
            (self.diff_caption, self.diff),
        ):
            caption.setWordWrap(True)  # "Tiền mặt phải có" whole, never cut
            figures.addWidget(figure(caption, value))
        self.figures = figures
        self.result_box.addLayout(figures)
        self.details = QGridLayout()
        self.details.setHorizontalSpacing(18)
        self.result_box.addLayout(self.details)
        self.result_box.addStretch(1)
        row.addWidget(result_card, 1)
        result_card.hide()
        self.retranslate()

    # --- input ------------------------------------------------------------------------------------------------
    def count(self) -> CashCount:
        return self.counter.count()

    def set_counts(self, pieces: dict[int, int]) -> None:
        self.counter.set_counts(pieces)

    def on_key(self, key: Qt.Key) -> bool:
        """F12 confirms the count (the key shown on the button)."""
        if key == Qt.Key.Key_F12 and self.report is None:
            self.close_button.click()
            return True
        return False

    # --- closing ----------------------------------------------------------------------------------------------
    def close_shift(self) -> ShiftReport | None:
        count = self.count()
        reason = self.reason.text().strip()
        self.show_error(None)
        try:
            report: ShiftReport | None = close_shift(
                self.engine, self.actor, self.terminal.code, count, reason=reason
            )
        except UnsentSalesError as unsent:
            report = self._close_unsent(count, reason, unsent)
        except PosError as exc:
            self.show_error(exc)
            return None
        if report is not None:
            self.report = report
            self.counter.set_enabled(False)
            self.close_button.setEnabled(False)
            self.reason.setEnabled(False)
            self.count_card.hide()  # the Z report gets the whole width: its figures and captions whole
            self.result_card.show()
            self.retranslate()
        return report

    def _close_unsent(self, count: CashCount, reason: str, unsent: UnsentSalesError) -> ShiftReport | None:
        """The explicit override: a confirmation on one's own right, otherwise a PIN approval."""
        if has_permission(self.actor, Permission.CLOSE_SHIFT_UNSENT) and not self.confirm_unsent(
            unsent.unsent
        ):
            self.show_error(unsent)
            return None
        return self.guarded(
            lambda approval: close_shift(
                self.engine,
                self.actor,
                self.terminal.code,
                count,
                approval=approval,
                reason=reason,
                close_unsent=True,
            ),
            frozenset({Permission.CLOSE_SHIFT_UNSENT}),
        )

    def _ask_unsent(self, n: int) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            tr("Close shift"),
            tr(
                "%n sales of this shift are not yet at the server. You may close anyway; this is recorded in "
                "the audit log under your name. Close the shift?",
                "",
                n,
            ),
            parent=self,
        )
        yes = box.addButton(tr("Close with unsent sales"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        return run_message_box(box) is yes

    # --- texts ------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        self.heading.setText(tr("Close shift"))
        shift = current_shift(self.engine, self.terminal.code)
        if shift is not None:
            opened = local_time(shift.opened_at.isoformat(sep=" "))
            self.info.setText(
                tr("Shift opened {time} by {name} · float {amount}").format(
                    time=f"{opened:%H:%M %d/%m}", name=shift.opened_by_name, amount=money(shift.opening_float)
                )
            )
        elif self.report is None:
            self.info.setText(tr("No shift is open on this till"))
        else:
            self.info.setText(
                tr("Shift closed — Z report No. {number} stored").format(number=self.report.z_no)
            )
        self.count_title.setText(tr("Count the drawer by denomination"))
        self.total_caption.setText(tr("COUNTED"))
        self.reason.setPlaceholderText(tr("Note (if over or short)"))
        self.result_title.setText(
            tr("Z report")
            if self.report is None
            else tr("Z report No. {number}").format(number=self.report.z_no)
        )
        self._show_report()

    def _show_report(self) -> None:
        r = self.report
        blind = r is None
        self.blind_note.setVisible(blind)
        self.blind_note.setText(
            tr("The till's expected cash is shown only after you confirm your count (blind count).")
        )
        self.expected_caption.setText(tr("Expected cash"))
        self.counted_caption.setText(tr("Counted"))
        self.diff_caption.setText(tr("Over / short"))
        while self.details.count():
            item = self.details.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if r is None:
            for widget in (self.expected, self.counted, self.diff):
                widget.setText("—")
            return
        self.expected.setText(money(r.expected_cash))
        self.counted.setText(money(r.counted_cash or 0))
        diff = r.over_short or 0
        self.diff.setText(("+" if diff > 0 else "") + money(diff))
        color = COLORS["pay"] if diff >= 0 else COLORS["danger"]
        self.diff.setStyleSheet(f"color: {color};")
        for i, (caption, text) in enumerate(report_rows(r)):
            self.details.addWidget(label(caption, "muted"), i, 0)
            cell = label(text)
            cell.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.details.addWidget(cell, i, 1)
