"""The till menu (F1 on the sale screen): the shift, the drawer, receipts, the printer, and the manager's side.

Everything a cashier needs besides selling, each on a key: reprint the last receipt or any receipt (scan its
barcode here or type its number), the VAT refund form for a foreign traveller (F9), open the drawer without a
sale, paid-in and paid-out, the X report, closing the shift. Actions the person may not do alone ask for a manager's PIN, as the core decides.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pos.shifts.document import local_time
from pos.shifts.shift import ShiftInfo
from pos.staff.permissions import Permission
from ui.dialogs import AmountReasonDialog, ReportDialog, TextDialog
from ui.formatting import money
from ui.i18n import current_language, tr
from ui.manager.access import sections_for
from ui.modal import run_modal
from ui.qt import QT_TR_NOOP, QFrame, QGridLayout, QHBoxLayout, QKeyEvent, QLabel, QLineEdit, Qt, QVBoxLayout
from ui.screens.base import Screen
from ui.status_bar import LEVEL_COLORS, describe_printer
from ui.theme import COLORS, icon, set_role
from ui.widgets import ActionButton, NoticeBar, heading

if TYPE_CHECKING:
    from pos.receipts.document import ReceiptDoc
    from pos.shifts.report import ShiftReport
    from pos.till.session import TillSession
    from ui.screens.host import ScreenHost


def _card(title: QLabel) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("Card")
    box = QVBoxLayout(frame)
    box.setContentsMargins(20, 16, 20, 16)
    box.setSpacing(10)
    box.addWidget(title)
    return frame, box


def x_report_title() -> str:
    return tr("X report — the shift so far")


class TillMenuScreen(Screen):
    name = "menu"

    def __init__(self, host: ScreenHost) -> None:
        super().__init__(host)
        root = QVBoxLayout(self)
        root.setContentsMargins(16, 14, 16, 14)
        root.setSpacing(12)
        self.title = heading("", "h1")
        root.addWidget(self.title)
        cards = QHBoxLayout()
        cards.setSpacing(14)

        self.shift_title = heading("", "h3")
        shift_card, shift_box = _card(self.shift_title)
        self.shift_info = QLabel()
        self.shift_info.setWordWrap(True)
        set_role(self.shift_info, "muted")
        shift_box.addWidget(self.shift_info)
        grid = QGridLayout()
        grid.setSpacing(8)
        self.b_paid_in = ActionButton(
            QT_TR_NOOP("Paid in"), "F5", "plus", on_click=lambda: self.cash_move("paid_in")
        )
        self.b_paid_out = ActionButton(
            QT_TR_NOOP("Paid out"), "F6", "minus", on_click=lambda: self.cash_move("paid_out")
        )
        self.b_x = ActionButton(QT_TR_NOOP("X report"), "F7", "receipt", on_click=self.x_report)
        self.b_close = ActionButton(
            QT_TR_NOOP("Close the shift"), "F8", "logout", "danger-quiet", on_click=self.close_shift
        )
        for i, b in enumerate((self.b_paid_in, self.b_paid_out, self.b_x, self.b_close)):
            b.setMinimumHeight(56)
            grid.addWidget(b, i // 2, i % 2)
        shift_box.addLayout(grid)
        shift_box.addStretch(1)
        cards.addWidget(shift_card, 1)

        self.receipt_title = heading("", "h3")
        receipt_card, receipt_box = _card(self.receipt_title)
        self.b_reprint_last = ActionButton(
            QT_TR_NOOP("Reprint the last receipt"), "F2", "printer", on_click=self.reprint_last
        )
        self.b_reprint_last.setMinimumHeight(56)
        receipt_box.addWidget(self.b_reprint_last)
        find = QHBoxLayout()
        self.ref = QLineEdit()
        self.ref.setObjectName("SearchBox")
        self.ref.addAction(icon("receipt", COLORS["muted"], 20), QLineEdit.ActionPosition.LeadingPosition)
        self.ref.returnPressed.connect(self.reprint_typed)
        find.addWidget(self.ref, 1)
        self.b_reprint = ActionButton(QT_TR_NOOP("Reprint"), "F3", "printer", on_click=self.reprint_typed)
        self.b_reprint.setMaximumWidth(200)
        find.addWidget(self.b_reprint)
        receipt_box.addLayout(find)
        self.b_drawer = ActionButton(
            QT_TR_NOOP("Open the drawer (no sale)"), "F4", "cash", on_click=self.open_drawer
        )
        self.b_drawer.setMinimumHeight(56)
        receipt_box.addWidget(self.b_drawer)
        self.b_vat_refund = ActionButton(
            QT_TR_NOOP("VAT refund form (foreign traveller)"), "F9", "receipt", on_click=self.vat_refund
        )
        self.b_vat_refund.setMinimumHeight(56)
        receipt_box.addWidget(self.b_vat_refund)
        self.printer_line = QLabel()
        self.printer_line.setWordWrap(True)
        set_role(self.printer_line, "muted")
        receipt_box.addWidget(self.printer_line)
        receipt_box.addStretch(1)
        cards.addWidget(receipt_card, 1)
        root.addLayout(cards)
        root.addStretch(1)

        self.notice = NoticeBar()
        root.addWidget(self.notice)
        bottom = QHBoxLayout()
        self.back = ActionButton(
            QT_TR_NOOP("Back to sale"), "Esc", "back", "quiet", on_click=lambda: self.host.go("sale")
        )
        self.b_manager = ActionButton(QT_TR_NOOP("Manager"), "F10", "key", "primary", on_click=self.manager)
        self.back.setMaximumWidth(360)
        self.b_manager.setMaximumWidth(360)
        self.b_manager.setMinimumHeight(52)
        bottom.addWidget(self.back, 1)
        bottom.addStretch(1)
        bottom.addWidget(self.b_manager, 1)
        root.addLayout(bottom)
        host.printing.status_changed.connect(self._printer_changed)
        self._shift: ShiftInfo | None = None
        self.retranslate()

    # --- texts -------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(tr("Till menu"))
        self.shift_title.setText(tr("Shift and cash"))
        self.receipt_title.setText(tr("Receipts and drawer"))
        self.ref.setPlaceholderText(tr("Scan or type a receipt number to reprint it"))
        self._fill_shift()
        self._fill_printer()

    def _fill_shift(self) -> None:
        shift = self._shift
        if shift is None:
            self.shift_info.setText(tr("No shift is open on this till."))
        else:
            opened = local_time(shift.opened_at.isoformat(sep=" "))
            self.shift_info.setText(
                tr("Opened {time} by {name} · float {amount}").format(
                    time=f"{opened:%H:%M %d/%m}", name=shift.opened_by_name, amount=money(shift.opening_float)
                )
            )
        for b in (self.b_paid_in, self.b_paid_out, self.b_x, self.b_close):
            b.setEnabled(shift is not None)

    def _printer_changed(self, _state: object) -> None:
        self._fill_printer()

    def _fill_printer(self) -> None:
        state = self.host.printing.state
        self.printer_line.setText(describe_printer(state))
        color = LEVEL_COLORS.get(state.level, COLORS["muted"])
        self.printer_line.setStyleSheet(f"color: {color}; font-weight: 600;")

    def entered(self) -> None:
        # read here, not on a language switch (no database in retranslate)
        self.till.op(lambda s: s.current_shift(), parent=self, reads_only=True).success(
            self._shift_read
        ).run()
        self.ref.clear()
        self.notice.clear()
        back_office = sections_for(self.session.staff)
        self.b_manager.setVisible(bool(back_office))
        # a cashier or shift lead opens the same panel for the stock work they may do
        self.b_manager.label = QT_TR_NOOP("Manager") if self.session.may_manage else QT_TR_NOOP("Stock")
        self.b_manager.retranslate()
        self.retranslate()
        self.ref.setFocus()

    def _shift_read(self, shift: ShiftInfo | None) -> None:
        self._shift = shift
        self._fill_shift()

    # --- receipts and drawer ---------------------------------------------------------------------------------------
    def reprint_last(self) -> None:
        def found(sale_id: str | None) -> None:
            if sale_id is None:
                self.notice.show_message(tr("No receipt has been made on this till yet"), "warn")
                return
            self.host.printing.reprint(sale_id)
            self.notice.show_message(tr("Copy of the last receipt sent to the printer"), "ok")

        self.till.op(lambda s: s.last_receipt_id(), parent=self, reads_only=True).success(found).run()

    def reprint_typed(self) -> None:
        self.reprint_ref(self.ref.text())

    def reprint_ref(self, ref: str) -> None:
        if not ref.strip():
            self.notice.show_message(tr("Scan the receipt's barcode or type its number first"), "warn")
            self.ref.setFocus()
            return

        def found(sale_id: str) -> None:
            self.host.printing.reprint(sale_id)
            self.ref.clear()
            self.notice.show_message(
                tr("Copy of receipt {ref} sent to the printer").format(ref=ref.strip()), "ok"
            )

        self.till.op(lambda s: s.sale_id_of(ref), parent=self, reads_only=True).success(found).run()

    def open_drawer(self) -> None:
        dialog = TextDialog(
            tr("Open the drawer"),
            tr("Why does the drawer need opening without a sale?"),
            parent=self.window(),
            required=True,
            placeholder=tr("e.g. change for another till"),
        )
        if not run_modal(dialog):
            return
        reason = dialog.value
        session = self.session

        def allowed(_entry: str) -> None:
            self.host.printing.open_drawer(reason)
            self.notice.show_message(tr("Drawer opened (logged)"), "ok")

        self.host.guarded(
            lambda approval: session.open_drawer(reason, approval),
            frozenset({Permission.OPEN_DRAWER}),
            tr("Opening the drawer without a sale needs approval."),
            reason=reason,
        ).success(allowed).failure(
            lambda exc: self.notice.show_message(exc.message(current_language()), "error")
        ).run()

    def vat_refund(self) -> None:
        """The VAT refund form for the receipt typed or scanned here, or else for the last receipt."""
        ref = self.ref.text().strip()

        def find(s: TillSession) -> tuple[str, str] | None:
            sale_id = s.sale_id_of(ref) if ref else s.last_receipt_id()
            return None if sale_id is None else (sale_id, s.receipt_label_of(sale_id))

        def found(sale: tuple[str, str] | None) -> None:
            if sale is None:
                self.notice.show_message(tr("No receipt has been made on this till yet"), "warn")
                return
            from ui.vat_refund_dialog import VatRefundDialog

            dialog = VatRefundDialog(
                self.till, sale[0], sale[1], self.host.printing.print_document, self.window()
            )
            if run_modal(dialog) and dialog.form is not None:
                self.ref.clear()
                self.notice.show_message(
                    tr("VAT refund form {no} issued and sent to the printer").format(no=dialog.form.form_no),
                    "ok",
                )

        self.till.op(find, parent=self, reads_only=True).success(found).run()

    # --- shift -----------------------------------------------------------------------------------------------------
    def cash_move(self, kind: str) -> None:
        title = tr("Paid in") if kind == "paid_in" else tr("Paid out")
        prompt = (
            tr("Cash put into the drawer (e.g. more change from the safe), and why.")
            if kind == "paid_in"
            else tr("Cash taken out of the drawer (e.g. paying a delivery), and why.")
        )
        dialog = AmountReasonDialog(title, prompt, self.window())
        if not run_modal(dialog) or dialog.value is None:
            return
        amount, reason = dialog.value
        session = self.session

        def recorded(_entry: str) -> None:
            self.notice.show_message(
                tr("{what} of {amount} recorded").format(what=title, amount=money(amount)), "ok"
            )
            self.host.printing.open_drawer(f"{kind}:{reason}")

        self.host.guarded(
            lambda approval: session.cash_movement(kind, amount, reason, approval),
            frozenset({Permission.PAID_IN_OUT}),
            tr("{what} of {amount} needs approval.").format(what=title, amount=money(amount)),
            reason=reason,
        ).success(recorded).run()

    def x_report(self) -> None:
        session = self.session

        def show(report: ShiftReport) -> None:
            dialog = ReportDialog(x_report_title(), report, self.window())
            if run_modal(dialog) and dialog.print_requested:
                lang = current_language()
                self.till.op(lambda s: s.report_document(report, lang), parent=self, reads_only=True).success(
                    self._print_x_report
                ).run()

        self.host.guarded(
            lambda approval: session.x_report(approval),
            frozenset({Permission.X_REPORT}),
            tr("The X report needs approval."),
        ).success(show).failure(
            lambda exc: self.notice.show_message(exc.message(current_language()), "error")
        ).run()

    def _print_x_report(self, doc: ReceiptDoc) -> None:
        self.host.printing.print_document(doc, ref="x-report")
        self.notice.show_message(tr("X report sent to the printer"), "ok")

    def close_shift(self) -> None:
        self.host.go("close_shift")

    def manager(self) -> None:
        # what "Stock" opens for a cashier or shift lead: the stock count
        self.host.open_manager(None if self.session.may_manage else "count")

    # --- keys and scans ---------------------------------------------------------------------------------------------
    def handle_key(self, event: QKeyEvent) -> bool:
        key = Qt.Key(event.key())
        actions: dict[Qt.Key, Callable[[], object]] = {
            Qt.Key.Key_F2: self.reprint_last,
            Qt.Key.Key_F3: self.reprint_typed,
            Qt.Key.Key_F4: self.open_drawer,
            Qt.Key.Key_F5: lambda: self.cash_move("paid_in"),
            Qt.Key.Key_F6: lambda: self.cash_move("paid_out"),
            Qt.Key.Key_F7: self.x_report,
            Qt.Key.Key_F8: self.close_shift,
            Qt.Key.Key_F9: self.vat_refund,
            Qt.Key.Key_F10: self.manager,
            Qt.Key.Key_Escape: lambda: self.host.go("sale"),
        }
        if key in actions:
            if (
                key in (Qt.Key.Key_F5, Qt.Key.Key_F6, Qt.Key.Key_F7, Qt.Key.Key_F8)
                and not self.b_close.isEnabled()
            ):
                self.notice.show_message(tr("No shift is open on this till."), "warn")
                return True
            actions[key]()
            return True
        return False

    def handle_scan(self, code: str) -> None:
        """A receipt's barcode scanned here prints a copy of that receipt."""
        self.reprint_ref(code)
