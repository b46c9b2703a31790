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
from pos.shifts.document import local_time, method_label
from pos.shifts.report import ShiftReport
from pos.shifts.shift import current_shift
from pos.staff.member import StaffMember
from pos.staff.permissions import Permission, has_permission
from pos.till.terminal import Terminal
from ui.cash_count import CashCountWidget
from ui.formatting import money
from ui.manager.base import ApprovalAsker, ManagerScreen, card, figure, label
from ui.manager.words import lang, t
from ui.modal import run_message_box
from ui.qt import QT_TR_NOOP, QGridLayout, QHBoxLayout, QLineEdit, QMessageBox, QSizePolicy, Qt
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
        self.counter.finished.connect(lambda: self.reason.setFocus())
        self.spins = self.counter.spins
        self.subtotals = self.counter.subtotals
        self.total_caption = self.counter.total_caption
        self.total = self.counter.total
        count_box.addWidget(self.counter, 1)
        confirm = QHBoxLayout()
        self.reason = QLineEdit()
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
            t("Đóng ca", "Close shift"),
            t(
                f"Còn {n} giao dịch của ca chưa gửi về máy chủ. Đóng ca vẫn được; việc này được ghi vào nhật ký "
                "với tên bạn. Đóng ca?",
                f"{n} sales of this shift are not yet at the server. You may close anyway; this is recorded in "
                "the audit log under your name. Close the shift?",
            ),
            parent=self,
        )
        yes = box.addButton(
            t("Đóng ca khi chưa gửi", "Close with unsent sales"), QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(t("Huỷ", "Cancel"), QMessageBox.ButtonRole.RejectRole)
        return run_message_box(box) is yes

    # --- texts ------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        self.heading.setText(t("Đóng ca", "Close shift"))
        shift = current_shift(self.engine, self.terminal.code)
        if shift is not None:
            opened = local_time(shift.opened_at.isoformat(sep=" "))
            self.info.setText(
                t(
                    f"Ca mở lúc {opened:%H:%M %d/%m} bởi {shift.opened_by_name} · tiền đầu ca "
                    f"{money(shift.opening_float)}",
                    f"Shift opened {opened:%H:%M %d/%m} by {shift.opened_by_name} · float "
                    f"{money(shift.opening_float)}",
                )
            )
        elif self.report is None:
            self.info.setText(t("Chưa mở ca trên máy này", "No shift is open on this till"))
        else:
            self.info.setText(
                t(
                    f"Ca đã đóng — báo cáo Z số {self.report.z_no} đã lưu",
                    f"Shift closed — Z report No. {self.report.z_no} stored",
                )
            )
        self.count_title.setText(t("Đếm tiền trong két theo mệnh giá", "Count the drawer by denomination"))
        self.total_caption.setText(t("TỔNG ĐẾM", "COUNTED"))
        self.reason.setPlaceholderText(t("Ghi chú (nếu thừa/thiếu)", "Note (if over or short)"))
        self.result_title.setText(
            t("Báo cáo Z", "Z report")
            if self.report is None
            else t(f"Báo cáo Z số {self.report.z_no}", f"Z report No. {self.report.z_no}")
        )
        self._show_report()

    def _show_report(self) -> None:
        r = self.report
        blind = r is None
        self.blind_note.setVisible(blind)
        self.blind_note.setText(
            t(
                "Số tiền máy tính được chỉ hiện sau khi bạn xác nhận số đếm (đếm mù).",
                "The till's expected cash is shown only after you confirm your count (blind count).",
            )
        )
        self.expected_caption.setText(t("Tiền mặt phải có", "Expected cash"))
        self.counted_caption.setText(t("Đếm thực tế", "Counted"))
        self.diff_caption.setText(t("Thừa / thiếu", "Over / short"))
        while self.details.count():
            item = self.details.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()  # type: ignore[union-attr]
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
        rows: list[tuple[str, int | str]] = [
            (t("Số hoá đơn bán", "Sales"), str(r.sales_count)),
            (t("Doanh thu bán", "Sales total"), r.sales_total),
            (t("Chiết khấu", "Discounts"), -r.discounts_total),
            (t(f"Trả hàng ({r.returns_count})", f"Returns ({r.returns_count})"), r.returns_total),
            (t(f"Huỷ sau thanh toán ({r.voids_count})", f"Voids ({r.voids_count})"), r.voids_total),
            (t("Doanh thu thuần", "Net total"), r.net_total),
        ]
        rows += [(method_label(m.method, lang()), m.amount) for m in r.by_method]
        rows += [(t(f"Thuế GTGT {v.rate_pct}%", f"VAT {v.rate_pct}%"), v.vat) for v in r.vat]
        rows += [
            (t("Tiền đầu ca", "Opening float"), r.opening_float),
            (t("Rút khỏi két", "Paid out"), -r.paid_out),
            (t("Nộp vào két", "Paid in"), r.paid_in),
        ]
        for i, (caption, value) in enumerate(rows):
            self.details.addWidget(label(caption, "muted"), i, 0)
            text = value if isinstance(value, str) else money(value)
            cell = label(text)
            cell.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.details.addWidget(cell, i, 1)
