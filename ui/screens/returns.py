"""Returns: find the receipt (scan its barcode or type its number), pick what comes back, refund with a manager.

What may be returned and how the refund is split over the original payment methods is the core's
(``pos.selling.returns``); this screen shows it and asks for the manager's PIN before committing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pos.errors import PosError
from pos.selling.checkout import CommittedSale, receipt_label
from pos.selling.returns import ReturnableSale, refund_tenders
from pos.selling.without_original import ReturnWithoutOriginal, returns_without_original
from pos.staff.permissions import Permission
from pos.vat_refund.forms import RefundForm, form_of
from ui.dialogs import ConfirmDialog
from ui.formatting import METHOD_NAMES, local_time, money
from ui.i18n import current_language, tr
from ui.modal import run_modal
from ui.models import ReturnLinesModel
from ui.qt import (
    QT_TR_NOOP,
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QKeyEvent,
    QLabel,
    QLineEdit,
    Qt,
    QTableView,
    QVBoxLayout,
)
from ui.screens.base import Screen
from ui.theme import COLORS, icon, set_role
from ui.widgets import ActionButton, NoticeBar, heading
from ui.without_original import ReturnsWithoutOriginalDialog, WithoutOriginalDialog, WithoutOriginalDraft

if TYPE_CHECKING:
    from pos.catalogue.lookup import ScanResult
    from ui.screens.host import ScreenHost


class ReturnsScreen(Screen):
    name = "returns"

    def __init__(self, host: ScreenHost) -> None:
        super().__init__(host)
        self.model = ReturnLinesModel()
        self._asked_reason = False  # the notice asks for the reason (it goes once one is typed)
        # Another till's receipt head office could not give: the return without the original on offer (F7).
        self._offer: WithoutOriginalDraft | None = None
        self._offer_why = ""
        self._build()
        self.retranslate()

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(16, 14, 16, 14)
        root.setSpacing(10)
        top = QHBoxLayout()
        self.title = heading("", "h1")
        top.addWidget(self.title)
        top.addStretch(1)
        self.listed = ActionButton(
            QT_TR_NOOP("Returns without the original"),
            "F6",
            "receipt",
            "quiet",
            on_click=self.show_without_list,
        )
        top.addWidget(self.listed)
        root.addLayout(top)
        find = QHBoxLayout()
        self.ref = QLineEdit()
        self.ref.setObjectName("SearchBox")
        self.ref.addAction(icon("receipt", COLORS["muted"], 20), QLineEdit.ActionPosition.LeadingPosition)
        self.ref.returnPressed.connect(self.find_receipt)
        find.addWidget(self.ref, 1)
        self.find_button = ActionButton(
            QT_TR_NOOP("Find receipt"), "Enter", "search", "primary", on_click=self.find_receipt
        )
        self.find_button.setMaximumWidth(260)
        find.addWidget(self.find_button)
        self.without = ActionButton(
            QT_TR_NOOP("Return without the original"),
            "F7",
            "return",
            "primary",
            on_click=self.without_original,
        )
        self.without.hide()  # offered when head office cannot give another till's receipt
        find.addWidget(self.without)
        root.addLayout(find)
        card = QFrame()
        card.setObjectName("Card")
        lay = QVBoxLayout(card)
        lay.setContentsMargins(16, 12, 16, 12)
        self.sale_info = QLabel()
        self.sale_info.setWordWrap(True)
        set_role(self.sale_info, "h3")
        lay.addWidget(self.sale_info)
        self.table = QTableView()
        self.table.setObjectName("ReturnTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(48)
        lay.addWidget(self.table, 1)
        steps = QHBoxLayout()
        self.minus = ActionButton(QT_TR_NOOP("One less"), "−", "minus", on_click=lambda: self.step(-1))
        self.plus = ActionButton(QT_TR_NOOP("One more"), "+", "plus", on_click=lambda: self.step(1))
        self.all = ActionButton(QT_TR_NOOP("Whole line"), "*", "check", on_click=self.whole_line)
        for b in (self.minus, self.plus, self.all):
            steps.addWidget(b)
        lay.addLayout(steps)
        root.addWidget(card, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        set_role(self.summary, "h2")
        root.addWidget(self.summary)
        self.reason = QLineEdit()
        self.reason.setObjectName("SearchBox")
        self.reason.returnPressed.connect(self.refund_now)
        self.reason.textEdited.connect(self._reason_typed)
        root.addWidget(self.reason)
        self.notice = NoticeBar()
        root.addWidget(self.notice)
        bottom = QHBoxLayout()
        self.back = ActionButton(
            QT_TR_NOOP("Back to sale"), "Esc", "back", "quiet", on_click=lambda: self.host.go("sale")
        )
        self.void = ActionButton(
            QT_TR_NOOP("Void the whole sale"), "F9", "clear", "danger-quiet", on_click=self.void_now
        )
        self.refund = ActionButton(QT_TR_NOOP("Refund"), "F12", "return", "pay", on_click=self.refund_now)
        self.refund.setMinimumHeight(64)
        bottom.addWidget(self.back, 1)
        bottom.addWidget(self.void, 1)
        bottom.addWidget(self.refund, 2)
        root.addLayout(bottom)
        self.model.dataChanged.connect(lambda *_: self.update_summary())
        self.model.modelReset.connect(self.update_summary)

    def retranslate(self) -> None:
        self.title.setText(tr("Return goods"))
        self.ref.setPlaceholderText(
            tr("Scan the barcode on the receipt, or type its number (e.g. T01-000123 or 123)")
        )
        self.reason.setPlaceholderText(tr("Reason for the return (required)"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, ReturnLinesModel.COL_REFUND)
        self._fill_info()
        self.update_summary()

    def entered(self) -> None:
        self.ref.setFocus()
        self.ref.selectAll()

    # --- finding ------------------------------------------------------------------------------------------------
    def find_receipt(self) -> None:
        self.load_receipt(self.ref.text())

    def load_receipt(self, ref: str) -> None:
        """Find the receipt on the executor; it shows when found."""
        self.ref.setText(ref)

        def refused(exc: PosError) -> None:
            self.host.beep()
            self.model.set_sale(None)
            self._fill_info()
            if exc.code in (
                "return_offline",
                "no_sale",
            ):  # another till's receipt head office cannot give now
                self._offer_without(ref.strip(), exc.message(current_language()))
                return
            self._withdraw_offer()
            self.notice.show_message(exc.message(current_language()), "error")

        self.till.op(lambda s: s.find_receipt(ref), parent=self, reads_only=True).success(self._show).failure(
            refused
        ).run()

    def _show(self, sale: ReturnableSale) -> None:
        self.notice.clear()
        self._withdraw_offer()
        self.model.set_sale(sale)
        self._fill_info()
        if sale.lines:
            self.table.selectRow(0)
        if all(line.qty_left_milli <= 0 for line in sale.lines):
            self.notice.show_message(tr("Everything on this receipt has already been returned"), "warn")

    def _fill_info(self) -> None:
        sale: ReturnableSale | None = self.model.sale
        if sale is None:
            self.sale_info.setText(tr("No receipt loaded"))
            return
        methods = ", ".join(tr(METHOD_NAMES.get(m, m)) for m, _a, _r in sale.payments if _a > 0)
        self.sale_info.setText(
            tr("Receipt {label} · {time} · total {total} · paid by {methods}").format(
                label=receipt_label(sale.terminal_code, sale.receipt_no),
                time=local_time(sale.created_at)
                if sale.created_at.tzinfo is None
                else sale.created_at.strftime("%H:%M"),
                total=money(sale.total),
                methods=methods or "—",
            )
        )

    def handle_scan(self, code: str) -> None:
        """A receipt barcode loads that receipt; a product's barcode adds one of it to the return (to a return
        without the original when one is on offer: its dialog opens with that product)."""
        if self._offer is not None and not code.startswith("R/"):
            self.without_original(code)
            return
        if code.startswith("R/") or self.model.sale is None:
            self.load_receipt(code)
            return
        self.till.op(lambda s: s.resolve(code), parent=self, reads_only=True).success(self._scanned).failure(
            self._refused
        ).run()

    def _refused(self, exc: PosError) -> None:
        self.host.beep()
        self.notice.show_message(exc.message(current_language()), "error")

    def _scanned(self, scan: ScanResult) -> None:
        for row, line in enumerate(self.model.lines):
            if line.product_id == scan.product.id and line.qty_left_milli > self.model.chosen.get(
                line.line_id, 0
            ):
                self.table.selectRow(row)
                self.model.step(row, 1)
                return
        self.host.beep()
        self.notice.show_message(tr("That product is not on this receipt (or was already returned)"), "error")

    # --- choosing -------------------------------------------------------------------------------------------------
    def _row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def step(self, delta: int) -> None:
        row = self._row()
        if row is not None:
            self.model.step(row, delta)

    def whole_line(self) -> None:
        row = self._row()
        if row is not None:
            self.model.set_return_qty(row, self.model.lines[row].qty_left_milli)

    def update_summary(self) -> None:
        sale = self.model.sale
        total = self.model.refund_total()
        if sale is None or not total:
            self.summary.setText(tr("Pick the lines and quantities that come back"))
            self.refund.setEnabled(False)
            return
        parts = [
            f"{tr(METHOD_NAMES.get(t.method, t.method))} {money(-t.amount)}"
            for t in refund_tenders(sale, total)
        ]
        self.summary.setText(
            tr("Refund {amount} — {methods}").format(amount=money(total), methods=", ".join(parts))
        )
        self.refund.setEnabled(True)

    def _reason(self) -> str | None:
        reason = self.reason.text().strip()
        if not reason:
            self.host.beep()
            self.notice.show_message(tr("Type the reason first (e.g. broken lid, wrong size)"), "warn")
            self._asked_reason = True
            self.reason.setFocus()
            return None
        return reason

    def _reason_typed(self, text: str) -> None:
        """The reason asked for is being typed: the request to type it goes."""
        if text.strip() and self._asked_reason:
            self._asked_reason = False
            self.notice.clear()

    def _cancelled(self, what: str) -> None:
        self.notice.show_message(
            tr("{what} cancelled: nothing was changed, nothing refunded.").format(what=what), "info"
        )

    def refund_now(self) -> None:
        """Refund the chosen lines: a shift lead's own right, or a manager's PIN (the core decides)."""
        sale = self.model.sale
        quantities = self.model.quantities()
        if sale is None or not quantities:
            return
        reason = self._reason()
        if reason is None:
            return
        session = self.session
        self.host.guarded(
            lambda approval: session.make_return(sale, quantities, reason, approval),
            frozenset({Permission.REFUND}),
            tr("Refund {amount}: it needs approval.").format(amount=money(self.model.refund_total())),
            reason=reason,
        ).success(self._done).cancelled(lambda: self._cancelled(tr("Refund"))).run()

    def void_now(self) -> None:
        """Void a paid sale of this shift as a whole (a mistake at the till), with a reason and the right."""
        sale = self.model.sale
        if sale is None:
            self.notice.show_message(tr("Find the receipt first"), "warn")
            return
        reason = self._reason()
        if reason is None:
            return
        label = receipt_label(sale.terminal_code, sale.receipt_no)
        confirm = ConfirmDialog(
            tr("Void the whole sale"),
            tr(
                "Void receipt {label}? The whole sale is reversed and {amount} goes back to the customer."
            ).format(label=label, amount=money(sale.total)),
            QT_TR_NOOP("Void the whole sale"),
            self.window(),
        )
        if not run_modal(confirm):
            return
        session = self.session
        self.host.guarded(
            lambda approval: session.void_sale(sale, reason, approval),
            frozenset({Permission.VOID_AFTER_PAYMENT}),
            tr("Voiding a paid sale needs approval."),
            reason=reason,
        ).success(self._done).cancelled(lambda: self._cancelled(tr("Void"))).run()

    # --- without the original -----------------------------------------------------------------------------------------
    def _offer_without(self, ref: str, why: str) -> None:
        """Say why the receipt cannot be read, and offer the manager-approved return without it."""
        if self._offer is None or self._offer.claimed != ref:
            self._offer = WithoutOriginalDraft(ref)
        self._offer_why = why
        self.without.show()
        self.sale_info.setText(why)  # the whole reason where there is room; the notice says it in one line
        self.notice.show_message(
            tr(
                "Receipt {label} cannot be checked with head office now — F7: return without the original"
            ).format(label=ref),
            "warn",
            60000,
        )

    def _withdraw_offer(self) -> None:
        self._offer = None
        self.without.hide()

    def without_original(self, scanned: str | None = None) -> None:
        """Gather the return (receipt stated, products, prices, reason), then a manager approves it by PIN."""
        draft = self._offer
        if draft is None:
            return
        dialog = WithoutOriginalDialog(self.till, draft, self._offer_why, self.window())
        if scanned:
            dialog.handle_scan(scanned)  # the product scanned before the dialog opened
        if not run_modal(dialog):
            return
        session = self.session
        items, prices, reason = draft.items(), draft.prices(), draft.reason
        self.host.guarded(
            lambda approval: session.return_without_original(draft.claimed, items, reason, approval, prices),
            draft.permissions(),
            tr(
                "Return without the original receipt {claimed}: refund {amount} in cash. It needs approval."
            ).format(claimed=draft.claimed, amount=money(draft.total())),
            reason=reason,
        ).success(lambda committed: self._recorded(committed, draft)).cancelled(
            lambda: self._cancelled(tr("Return without the original"))
        ).run()

    def _recorded(self, committed: CommittedSale, draft: WithoutOriginalDraft) -> None:
        """Recorded: the slip prints as for any return, and the cashier sees what was recorded and what follows."""
        self._withdraw_offer()
        self.ref.clear()
        self.notice.clear()
        self._fill_info()
        self.host.sale_completed(committed)
        self.host.notify(
            tr(
                "Return {label} recorded without the original receipt {claimed}: %n item(s), give back {amount} in "
                "cash. It waits for the original at head office and is reconciled at a later sync.",
                "",
                len(draft.lines),
            ).format(label=committed.receipt_label, claimed=draft.claimed, amount=money(-committed.total)),
            "ok",
        )

    def show_without_list(self) -> None:
        """The returns made here without their original, and whether each was reconciled."""

        def shown(returns: list[ReturnWithoutOriginal]) -> None:
            run_modal(ReturnsWithoutOriginalDialog(returns, self.window()))

        self.till.op(lambda s: returns_without_original(s.engine), parent=self, reads_only=True).success(
            shown
        ).run()

    def _done(self, committed: CommittedSale) -> None:
        original = self.model.sale
        self.model.set_sale(None)
        self.ref.clear()
        self.reason.clear()
        self._fill_info()
        self.host.sale_completed(committed)
        if original is not None:
            self._tell_voided_refund_form(original.sale_id, committed)

    def _tell_voided_refund_form(self, original_id: str, committed: CommittedSale) -> None:
        """The return voided the sale's VAT refund form (``pos.till.guarded``): the cashier takes the paper back."""

        def told(form: RefundForm | None) -> None:
            if form is None or not form.void:
                return
            self.host.notify(
                tr("Refund {label} saved: give back {amount}").format(
                    label=committed.receipt_label, amount=money(-committed.total)
                )
                + " · "
                + tr("VAT refund form {no} is now void: take the paper form back").format(no=form.form_no),
                "warn",
            )

        self.till.op(lambda s: form_of(s.engine, original_id), parent=self, reads_only=True).success(
            told
        ).run()

    def handle_key(self, event: QKeyEvent) -> bool:
        key = Qt.Key(event.key())
        if key == Qt.Key.Key_Escape:
            self.host.go("sale")
            return True
        if key == Qt.Key.Key_F12:
            self.refund_now()
            return True
        if key == Qt.Key.Key_F9:
            self.void_now()
            return True
        if key == Qt.Key.Key_F7 and self._offer is not None:
            self.without_original()
            return True
        if key == Qt.Key.Key_F6:
            self.show_without_list()
            return True
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.model.rowCount():
            row = self._row()
            row = 0 if row is None else row + (-1 if key == Qt.Key.Key_Up else 1)
            self.table.selectRow(max(0, min(row, self.model.rowCount() - 1)))
            return True
        if self.reason.hasFocus():
            return False  # typing the reason
        if (self.model.sale is not None and not self.ref.text().strip()) or (
            self.model.sale is not None and not self.ref.hasFocus()
        ):
            if key == Qt.Key.Key_Plus:
                self.step(1)
                return True
            if key == Qt.Key.Key_Minus:
                self.step(-1)
                return True
            if key == Qt.Key.Key_Asterisk:
                self.whole_line()
                return True
        return False
