"""Taking payment: cash with quick notes and change, VietQR transfer, card, foreign cash, or any split of them.

The screen only collects tenders; ``pos.payments.tenders.settle`` decides whether they settle the sale and how
change is given, and ``pos.selling.checkout`` commits — on the database executor (``ui/till.py``): the screen
keeps painting while the sale is written, and "Complete sale" waits for the answer (a second F12 cannot pay
twice). Completing commits first; printing is queued after.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from pos.errors import PaymentError, PosError
from pos.money import parse_vnd
from pos.payments.card_slip import BRANDS, card_slip
from pos.payments.cash_suggest import likely_cash
from pos.payments.tenders import Tender, settle
from pos.selling.checkout import CommittedSale
from pos.selling.fx_rates import COMMON_CURRENCIES, FxRate, check_rate, format_rate
from pos.selling.transfer import Confirmation, TransferRequest
from pos.staff.permissions import Permission
from ui.formatting import METHOD_NAMES, money
from ui.i18n import current_language, tr
from ui.modal import run_modal
from ui.qt import (
    QT_TR_NOOP,
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QHideEvent,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QPixmap,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QStandardItem,
    QStandardItemModel,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.screens.base import Screen
from ui.theme import COLORS, set_role
from ui.widgets import ActionButton, MoneyEdit, NoticeBar, heading

if TYPE_CHECKING:
    from pos.sync.transfer_watch import TransferWatcher, Watched
    from pos.till.session import TillSession
    from ui.screens.host import ScreenHost

#: Starts watching a transfer for the bank's notification (``pos.sync.transfer_watch``); tests may replace it.
WatchFactory = Callable[["TillSession", TransferRequest, Callable[["Watched"], None]], "TransferWatcher"]


def watch_transfer(
    session: TillSession, transfer: TransferRequest, on_answer: Callable[[Watched], None]
) -> TransferWatcher:
    """Ask head office about ``transfer`` every few seconds on a thread of its own (never the GUI's)."""
    from pos.sync.transfer_watch import TransferWatcher

    return TransferWatcher(session.engine, transfer.question(), on_answer).start()


NOTES = (10_000, 20_000, 50_000, 100_000, 200_000, 500_000)
#: Milliseconds a sale may take to commit before "Complete sale" looks disabled: a sale commits well within a
#: frame, and restyling and repainting the button for it competed with the sale's own job for the processor.
#: A second F12 meanwhile never pays twice (``paying``); a slow disk shows the disabled button.
BUSY_LOOK_MS = 150
#: The keys of the likely amounts (``pos.payments.cash_suggest``), after F5 for the exact amount: F5–F8 are the
#: cash keys, as F1–F4 are the methods'.
SUGGESTION_KEYS = ("F6", "F7", "F8")


def _show(widget: QWidget, shown: bool) -> None:
    """Show or hide ``widget`` only if that changes it: the summary is redone at every key in the cash field and
    several times as the screen opens, and each ``setVisible`` made Qt lay the screen out again (the longest
    part of opening the payment screen)."""
    if widget.isHidden() == shown:
        widget.setVisible(shown)


def _money_field(placeholder: str = "") -> MoneyEdit:
    return MoneyEdit(placeholder)


def _amount(edit: QLineEdit) -> int:
    text = edit.text().strip()
    if not text:
        return 0
    return parse_vnd(text)


class PaymentScreen(Screen):
    name = "payment"
    #: An answer of the transfer watcher, from its thread (delivered on the GUI thread).
    transfer_answered = Signal(object)

    def __init__(self, host: ScreenHost) -> None:
        super().__init__(host)
        self.tenders: list[Tender] = []
        self.transfer: TransferRequest | None = None
        #: How each transfer among the tenders was confirmed, by reference (written with the sale).
        self.confirmations: dict[str, Confirmation] = {}
        #: The bank's confirmation of the last transfer, while it is shown (the customer display shows it too).
        self.received: Confirmation | None = None
        #: What head office last said about the transfer on screen: waiting, flagged, off, offline ('' : nothing).
        self.watch_state = ""
        self.flagged_amount = 0
        self.watch_factory: WatchFactory = watch_transfer
        self._watch: TransferWatcher | None = None
        self.transfer_answered.connect(self._transfer_answered)
        self.fx_rates: dict[str, FxRate] = {}
        self.paying = False  # a checkout is on its way to the disk
        self._busy_look = QTimer(self)
        self._busy_look.setSingleShot(True)
        self._busy_look.setInterval(BUSY_LOOK_MS)
        self._busy_look.timeout.connect(lambda: self.complete.setEnabled(not self.paying))
        self._build()
        self.retranslate()

    # --- layout ---------------------------------------------------------------------------------------------------
    def _build(self) -> None:
        root = QHBoxLayout(self)
        root.setContentsMargins(16, 14, 16, 14)
        root.setSpacing(14)

        # left: what is due, what was given
        left_card = QFrame()
        left_card.setObjectName("Card")
        left = QVBoxLayout(left_card)
        left.setContentsMargins(20, 18, 20, 18)
        left.setSpacing(8)
        self.title = heading("", "h1")
        self.receipt = QLabel()
        set_role(self.receipt, "muted")
        left.addWidget(self.title)
        left.addWidget(self.receipt)
        self.due_label = QLabel()
        set_role(self.due_label, "total-label")
        self.due_value = QLabel()
        set_role(self.due_value, "total")
        left.addSpacing(6)
        left.addWidget(self.due_label)
        left.addWidget(self.due_value)
        grid = QGridLayout()
        grid.setVerticalSpacing(6)
        self.paid_label, self.paid_value = QLabel(), QLabel()
        self.left_label, self.left_value = QLabel(), QLabel()
        self.change_label, self.change_value = QLabel(), QLabel()
        for row, (a, b) in enumerate(
            (
                (self.paid_label, self.paid_value),
                (self.left_label, self.left_value),
                (self.change_label, self.change_value),
            )
        ):
            b.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(a, row, 0)
            grid.addWidget(b, row, 1)
        set_role(self.left_value, "remaining")
        set_role(self.change_value, "change")
        set_role(self.change_label, "change-label")
        left.addLayout(grid)
        left.addSpacing(8)
        self.tender_table = QTableView()
        self.tender_table.setObjectName("TenderTable")
        self.tender_table.verticalHeader().hide()
        self.tender_table.horizontalHeader().hide()
        self.tender_table.setShowGrid(False)
        self.tender_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tender_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.tender_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tender_model = QStandardItemModel(0, 3)
        self.tender_table.setModel(self.tender_model)
        self.tender_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tender_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tender_table.setMaximumHeight(200)
        self.tenders_title = heading("", "h3")
        left.addWidget(self.tenders_title)
        left.addWidget(self.tender_table)
        left.addStretch(1)
        self.remove_last = ActionButton(
            QT_TR_NOOP("Remove last payment"), "F10", "trash", "quiet", on_click=self.remove_last_tender
        )
        left.addWidget(self.remove_last)
        self.buyer_button = ActionButton(
            QT_TR_NOOP("Invoice for a buyer"), "F11", "receipt", "quiet", on_click=self.ask_buyer
        )
        self.buyer_label = QLabel("")
        self.buyer_label.setWordWrap(True)
        self.buyer_label.setObjectName("buyer_label")
        self.traveller_button = ActionButton(
            QT_TR_NOOP("Traveller (passport)"), "Shift+F11", "user", "quiet", on_click=self.ask_traveller
        )
        left.addWidget(self.buyer_button)
        left.addWidget(self.traveller_button)
        left.addWidget(self.buyer_label)
        root.addWidget(left_card, 40)

        # right: how the customer pays
        right = QVBoxLayout()
        right.setSpacing(10)
        methods = QHBoxLayout()
        methods.setSpacing(8)
        self.method_group = QButtonGroup(self)
        self.method_buttons: dict[str, ActionButton] = {}
        for i, (method, key, icon_name) in enumerate(
            (
                ("cash", "F1", "cash"),
                ("vietqr", "F2", "qr"),
                ("card", "F3", "card"),
                ("fx_cash", "F4", "currency"),
            )
        ):
            method_button = ActionButton(METHOD_NAMES[method], key, icon_name, "method")
            method_button.setCheckable(True)
            method_button.setMinimumHeight(58)
            self.method_group.addButton(method_button, i)
            self.method_buttons[method] = method_button
            method_button.clicked.connect(lambda _=False, m=method: self.choose(m))
            methods.addWidget(method_button)
        right.addLayout(methods)
        self.forms = QStackedWidget()
        self.forms.setObjectName("Card")
        self.forms.addWidget(self._cash_form())
        self.forms.addWidget(self._transfer_form())
        self.forms.addWidget(self._card_form())
        self.forms.addWidget(self._fx_form())
        right.addWidget(self.forms, 1)
        self.notice = NoticeBar()
        right.addWidget(self.notice)
        bottom = QHBoxLayout()
        self.back = ActionButton(QT_TR_NOOP("Back to sale"), "Esc", "back", "quiet", on_click=self.leave)
        self.complete = ActionButton(
            QT_TR_NOOP("Complete sale"), "F12", "check", "pay", on_click=self.complete_sale
        )
        self.complete.setMinimumHeight(64)
        bottom.addWidget(self.back, 1)
        bottom.addWidget(self.complete, 2)
        right.addLayout(bottom)
        root.addLayout(right, 60)

    def _cash_form(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(20, 16, 20, 16)
        lay.setSpacing(10)
        self.cash_title = heading("", "h3")
        lay.addWidget(self.cash_title)
        self.cash_edit = _money_field("0")
        self.cash_edit.textChanged.connect(self.update_summary)
        self.cash_edit.returnPressed.connect(self.complete_sale)
        lay.addWidget(self.cash_edit)
        # One key each: the exact amount (F5) and the notes the customer most likely hands over (F6–F8).
        likely = QHBoxLayout()
        likely.setSpacing(8)
        self.exact = ActionButton(QT_TR_NOOP("Exact amount"), "F5", "check", on_click=self.cash_exact)
        self.exact.setMinimumHeight(52)
        likely.addWidget(self.exact, 4)
        self.suggestions: list[ActionButton] = []
        self.suggested: list[int] = []  # the amounts on them (0: hidden)
        for i, key in enumerate(SUGGESTION_KEYS):
            suggestion = ActionButton("", key, "", "note", on_click=partial(self.take_suggestion, i))
            suggestion.setObjectName(f"suggest{i}")
            suggestion.setMinimumHeight(52)
            self.suggestions.append(suggestion)
            likely.addWidget(suggestion, 3)
        lay.addLayout(likely)
        notes = QGridLayout()
        notes.setSpacing(8)
        for i, note in enumerate(NOTES):
            b = QPushButton(money(note))
            b.setObjectName(f"note{note}")
            set_role(b, "note")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setMinimumHeight(48)
            b.clicked.connect(lambda _=False, n=note: self.add_note(n))
            notes.addWidget(b, i // 3, i % 3)
        lay.addLayout(notes)
        row = QHBoxLayout()
        self.thousands = ActionButton("000", "k", "", "note", on_click=self.cash_edit.add_thousands)
        self.thousands.setObjectName("thousands")
        self.cash_clear = ActionButton(
            QT_TR_NOOP("Clear"), "", "clear", "quiet", on_click=self.cash_edit.clear
        )
        self.cash_add = ActionButton(
            QT_TR_NOOP("Add cash for split"), "", "plus", "quiet", on_click=self.add_cash
        )
        row.addWidget(self.thousands, 1)
        row.addWidget(self.cash_clear, 1)
        row.addWidget(self.cash_add, 2)
        lay.addLayout(row)
        self.cash_hint = QLabel()
        set_role(self.cash_hint, "muted")
        self.cash_hint.setWordWrap(True)
        lay.addWidget(self.cash_hint)
        lay.addStretch(1)
        return w

    def _transfer_form(self) -> QWidget:
        w = QWidget()
        lay = QHBoxLayout(w)
        lay.setContentsMargins(20, 16, 20, 16)
        lay.setSpacing(16)
        self.qr = QLabel()
        self.qr.setObjectName("QrImage")
        self.qr.setFixedSize(236, 236)
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setScaledContents(False)
        self.qr.setWordWrap(True)
        self.qr.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        info = QVBoxLayout()
        info.setSpacing(6)
        self.transfer_title = heading("", "h3")
        info.addWidget(self.transfer_title)
        self.transfer_amount = _money_field()
        self.transfer_amount.returnPressed.connect(self.show_qr)
        # the QR follows the amount as it is typed (after a short pause), so there is no extra button to press
        self._qr_timer = QTimer(self)
        self._qr_timer.setSingleShot(True)
        self._qr_timer.setInterval(300)
        self._qr_timer.timeout.connect(self.show_qr)
        self.transfer_amount.textEdited.connect(lambda _t: self._qr_timer.start())
        info.addWidget(self.transfer_amount)
        self.transfer_info = QLabel()
        self.transfer_info.setObjectName("TransferInfo")
        self.transfer_info.setWordWrap(True)
        self.transfer_info.setTextFormat(Qt.TextFormat.RichText)
        info.addWidget(self.transfer_info)
        self.bank_state = QLabel()
        self.bank_state.setObjectName("BankState")
        self.bank_state.setWordWrap(True)
        self.bank_state.setTextFormat(Qt.TextFormat.RichText)
        info.addWidget(self.bank_state)
        info.addStretch(1)
        self.transfer_confirm = ActionButton(
            QT_TR_NOOP("Money received"), "F9", "check", "primary", on_click=self.confirm_transfer
        )
        self.transfer_confirm.setMinimumHeight(56)
        info.addWidget(self.transfer_confirm)
        lay.addLayout(info, 1)
        return w

    def _card_form(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(20, 16, 20, 16)
        lay.setSpacing(10)
        self.card_title = heading("", "h3")
        lay.addWidget(self.card_title)
        self.card_hint = QLabel()
        self.card_hint.setWordWrap(True)
        set_role(self.card_hint, "muted")
        lay.addWidget(self.card_hint)
        self.card_amount_label = QLabel()
        lay.addWidget(self.card_amount_label)
        self.card_amount = _money_field()
        lay.addWidget(self.card_amount)
        # From the terminal's slip, for a traveller's refund form (optional): the brand and the last four digits.
        self.card_slip_label = QLabel()
        self.card_slip_label.setWordWrap(True)
        set_role(self.card_slip_label, "muted")
        lay.addWidget(self.card_slip_label)
        slip_row = QHBoxLayout()
        self.card_brand = QComboBox()
        self.card_brand.setObjectName("CardBrand")
        slip_row.addWidget(self.card_brand, 3)
        self.card_last4 = QLineEdit()
        self.card_last4.setObjectName("CardLast4")
        self.card_last4.setMaxLength(4)
        self.card_last4.returnPressed.connect(self._card_code_next)
        slip_row.addWidget(self.card_last4, 2)
        lay.addLayout(slip_row)
        self.card_code_label = QLabel()
        lay.addWidget(self.card_code_label)
        self.card_code = QLineEdit()
        self.card_code.setObjectName("BigEntry")
        self.card_code.returnPressed.connect(self.add_card)
        lay.addWidget(self.card_code)
        self.card_add = ActionButton(
            QT_TR_NOOP("Add card payment"), "", "plus", "primary", on_click=self.add_card
        )
        lay.addWidget(self.card_add)
        lay.addStretch(1)
        return w

    def _fx_form(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(20, 16, 20, 16)
        lay.setSpacing(10)
        self.fx_title = heading("", "h3")
        lay.addWidget(self.fx_title)
        row = QHBoxLayout()
        self.fx_currency = QComboBox()
        self.fx_currency.setObjectName("Currency")
        self.fx_currency.setMinimumHeight(48)
        self.fx_currency.currentIndexChanged.connect(lambda _i: self.update_fx())
        row.addWidget(self.fx_currency)
        self.fx_amount = _money_field()
        self.fx_amount.textChanged.connect(lambda _t: self.update_fx())
        self.fx_amount.returnPressed.connect(self.add_fx)
        row.addWidget(self.fx_amount, 1)
        lay.addLayout(row)
        self.fx_rate_label = QLabel()
        set_role(self.fx_rate_label, "muted")
        self.fx_rate_label.setWordWrap(True)  # a refusal (an expired head-office rate) is a sentence or two,
        # wrapped to the width the form has (it must not widen the form itself)
        self.fx_rate_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.fx_rate_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        lay.addWidget(self.fx_rate_label)
        self.fx_value = QLabel()
        set_role(self.fx_value, "h2")
        lay.addWidget(self.fx_value)
        buttons = QHBoxLayout()
        self.fx_add = ActionButton(
            QT_TR_NOOP("Add foreign cash"), "", "plus", "primary", on_click=self.add_fx
        )
        self.fx_set_rate = ActionButton(
            QT_TR_NOOP("Set rate (manager)"), "", "key", "quiet", on_click=self.set_rate
        )
        buttons.addWidget(self.fx_add)
        buttons.addWidget(self.fx_set_rate)
        lay.addLayout(buttons)
        lay.addStretch(1)
        return w

    # --- texts --------------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(tr("Payment"))
        self.cash_title.setText(tr("Cash received from the customer"))
        self.cash_hint.setText(
            tr(
                "Type or tap what the customer hands over (k or 000 adds three zeros); the change shows on the "
                "left. Enter with the field empty: the customer paid the exact amount."
            )
        )
        self.transfer_title.setText(tr("Amount to transfer"))
        self.card_title.setText(tr("Card on the bank's terminal"))
        self.card_hint.setText(
            tr("Charge the amount on the card terminal, then type its approval code here.")
        )
        self.card_amount_label.setText(tr("Amount"))
        self.card_slip_label.setText(
            tr("For a tourist's VAT refund form, from the slip (optional): card brand, last 4 digits")
        )
        brand = self.card_brand.currentData()
        self.card_brand.clear()
        self.card_brand.addItem("—", "")
        for name in BRANDS:
            self.card_brand.addItem(tr("Other") if name == "Other" else name, name)
        self.card_brand.setCurrentIndex(max(0, self.card_brand.findData(brand or "")))
        self.card_last4.setPlaceholderText(tr("Last 4 digits"))
        self.card_code_label.setText(tr("Approval code"))
        self.fx_title.setText(tr("Foreign cash — change is given in đồng"))
        self.fx_amount.setPlaceholderText(tr("Amount in the foreign currency"))
        self.due_label.setText(tr("Amount due"))
        self.paid_label.setText(tr("Paid"))
        self.left_label.setText(tr("Still due"))
        self.change_label.setText(tr("Change to give"))
        self.tenders_title.setText(tr("Payments taken"))
        self.update_summary()
        self._fill_transfer_info()

    # --- entering -------------------------------------------------------------------------------------------------------
    def before_shown(self) -> None:
        """The summary of the new sale set while the screen is still hidden: each row or suggested amount shown
        or hidden on a visible screen lays it out again (most of the time F12 took); hidden, once when shown."""
        self.tenders = []
        self.forms.setCurrentIndex(0)
        self.update_summary()

    def entered(self) -> None:
        self.stop_watch()
        self.tenders = []
        self.confirmations = {}
        self.received = None
        self.transfer = None
        self.cash_edit.clear()
        self.card_code.clear()
        self.card_brand.setCurrentIndex(0)
        self.card_last4.clear()
        self.fx_amount.clear()
        self.notice.clear()
        self.qr.clear()
        self.receipt.setText("")
        # The cart is frozen here: its pricing and the next sale's empty cart are made now, not at F12
        # (``pos.till.prepared``). It changes the session, so the till holds a scan until it is done.
        self.till.op(lambda s: s.prepare_payment(), parent=self).run()
        self.till.op(lambda s: (s.fx_rates(), s.next_receipt_label()), parent=self, reads_only=True).success(
            self._loaded
        ).run()
        self.choose("cash")  # the summary with it
        self.show_buyer()

    def _loaded(self, loaded: tuple[dict[str, FxRate], str]) -> None:
        self.fx_rates, label = loaded
        self._fill_currencies()
        self.receipt.setText(tr("Receipt {label}").format(label=label))

    @property
    def due(self) -> int:
        return self.session.cart.totals().total

    def paid(self) -> int:
        return sum(t.amount for t in self.tenders)

    def remaining(self) -> int:
        return max(0, self.due - self.paid())

    def choose(self, method: str) -> None:
        index = {"cash": 0, "vietqr": 1, "card": 2, "fx_cash": 3}[method]
        self.forms.setCurrentIndex(index)
        self.method_buttons[method].setChecked(True)
        left = self.remaining()
        if method == "cash":
            self.cash_edit.setFocus()
        elif method == "vietqr":
            self.transfer_amount.setText(money(left).replace(" ₫", "") if left else "")
            self.show_qr()
            self.transfer_amount.setFocus()
        elif method == "card":
            self.card_amount.setText(money(left).replace(" ₫", "") if left else "")
            self.card_code.setFocus()
        else:
            self.fx_amount.setFocus()
            self.update_fx()
        self.update_summary()
        self.host.customer_display_update()

    def _pending_cash(self) -> int:
        try:
            return _amount(self.cash_edit)
        except PosError:
            return 0

    def update_summary(self) -> None:
        due = self.due if self.session.cart.lines else 0
        self.due_value.setText(money(due))
        cash = self._pending_cash()
        offered = self.paid() + cash
        self.paid_value.setText(money(offered))
        self.left_value.setText(money(max(0, due - offered)))
        _show(self.left_label, offered < due)
        _show(self.left_value, offered < due)
        pending = [*self.tenders, *([Tender.cash(cash)] if cash else [])]
        settled, change = False, 0
        if due > 0 and pending and offered >= due:
            try:
                _rows, change = settle(due, pending)
                settled = True
            except PaymentError:
                settled, change = False, 0
        self.change_value.setText(money(change))
        _show(self.change_label, change > 0)
        _show(self.change_value, change > 0)
        exact = self._exact_cash()
        self.complete.setEnabled((settled or bool(exact)) and not self.paying)
        self.remove_last.setEnabled(bool(self.tenders))
        self._fill_suggestions()
        self._fill_tenders()

    def _exact_cash(self) -> int:
        """The cash Enter or F12 takes when the cash field is left empty: exactly what is still due (0: none)."""
        if self.forms.currentIndex() != 0 or self.cash_edit.text().strip() or not self.session.cart.lines:
            return 0
        return self.remaining()

    def _fill_suggestions(self) -> None:
        left = self.remaining() if self.session.cart.lines else 0
        self.exact.setEnabled(left > 0)
        self.cash_edit.setPlaceholderText(
            tr("{amount} = exact amount").format(amount=money(left).replace(" ₫", "")) if left else "0"
        )
        amounts = likely_cash(left, len(self.suggestions))
        self.suggested = amounts + [0] * (len(self.suggestions) - len(amounts))
        for b, amount in zip(self.suggestions, self.suggested, strict=True):
            b.label = money(amount).replace(" ₫", "") if amount else ""  # the field beside says đồng
            b.retranslate()
            _show(b, amount > 0)

    def _fill_tenders(self) -> None:
        self.tender_model.setRowCount(0)
        _show(self.tenders_title, bool(self.tenders))
        _show(self.tender_table, bool(self.tenders))
        for t in self.tenders:
            name = tr(METHOD_NAMES[t.method])
            detail = t.reference
            if t.slip is not None:
                detail = f"{t.reference} · {t.slip.masked()}"
            if t.method == "fx_cash":
                detail = f"{t.foreign_amount:,} {t.currency} × {format_rate(t.fx_rate_milli)}".replace(
                    ",", "."
                )
            items = [QStandardItem(name), QStandardItem(detail), QStandardItem(money(t.amount))]
            items[2].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tender_model.appendRow(items)

    # --- cash -------------------------------------------------------------------------------------------------------------
    def add_note(self, note: int) -> None:
        self.cash_edit.setText(money(self._pending_cash() + note).replace(" ₫", ""))

    def cash_exact(self) -> None:
        self.choose("cash")
        self.cash_edit.setText(money(self.remaining()).replace(" ₫", ""))

    def take_suggestion(self, i: int) -> None:
        """A likely amount (F6–F8) as the cash given: Enter then completes and the change shows."""
        amount = self.suggested[i] if i < len(self.suggested) else 0
        if not amount:
            return
        self.choose("cash")
        self.cash_edit.setText(money(amount).replace(" ₫", ""))

    def add_cash(self) -> None:
        cash = self._read(self.cash_edit)
        if cash is None or cash <= 0:
            return
        self.tenders.append(Tender.cash(cash))
        self.cash_edit.clear()
        self.update_summary()

    def _read(self, edit: QLineEdit) -> int | None:
        try:
            return _amount(edit)
        except PosError as exc:
            self.notice.show_message(exc.message(current_language()), "error")
            return None

    # --- transfer -----------------------------------------------------------------------------------------------------------
    def show_qr(self) -> None:
        self._qr_timer.stop()
        self.stop_watch()
        amount = self._read(self.transfer_amount)
        if not amount:
            self.transfer = None
            self.qr.clear()
            self._fill_transfer_info()
            return

        def refused(exc: PosError) -> None:
            self.transfer = None
            self.qr.clear()
            self.notice.show_message(exc.message(current_language()), "error")
            self._fill_transfer_info()

        self.till.op(lambda s: s.request_transfer(amount), parent=self, reads_only=True).success(
            self._show_transfer
        ).failure(refused).run()

    def _show_transfer(self, transfer: TransferRequest) -> None:
        self.transfer = transfer
        from pos.payments.qr_image import qr_png_bytes  # qrcode and Pillow: only when a transfer is chosen

        pix = QPixmap()
        pix.loadFromData(qr_png_bytes(self.transfer.payload, box_size=8, border=4))
        self.qr.setPixmap(
            pix.scaled(
                self.qr.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
            )
        )
        self.received = None
        self._fill_transfer_info()
        self.host.customer_display_update()
        self.watch_state = "waiting"
        self.flagged_amount = 0
        self._watch = self.watch_factory(self.session, transfer, self.transfer_answered.emit)
        self._fill_bank_state()

    # --- the bank's notification -------------------------------------------------------------------------------------
    def stop_watch(self) -> None:
        """Stop asking head office about the transfer (another amount, confirmed, or the screen left)."""
        if self._watch is not None:
            self._watch.stop()
            self._watch = None
        self.watch_state = ""

    def hideEvent(self, event: QHideEvent) -> None:
        if not event.spontaneous():  # another screen took the place (not the window minimised)
            self.stop_watch()
        super().hideEvent(event)

    def _transfer_answered(self, watched: Watched) -> None:
        """Head office's answer about a transfer, on the GUI thread: flip to "Money received" when the bank
        confirmed exactly this reference and amount; say so when it reported another amount."""
        t = self.transfer
        if t is None or self._watch is None or (watched.reference, watched.amount) != (t.reference, t.amount):
            return  # an answer about a QR no longer on screen
        answer = watched.answer
        if watched.offline or answer is None:
            self.watch_state = "offline"
        elif answer.state == "confirmed":
            self._bank_confirmed(
                Confirmation(
                    t.reference,
                    t.amount,
                    "bank",
                    answer.source,
                    answer.transaction_id,
                    answer.bank_time,
                )
            )
            return
        else:
            self.watch_state = answer.state
            self.flagged_amount = answer.amount if answer.state == "flagged" else 0
        self._fill_bank_state()

    def _bank_confirmed(self, confirmation: Confirmation) -> None:
        self.stop_watch()
        if confirmation.amount > self.remaining():  # other payments were added meanwhile: a person decides
            self.notice.show_message(tr("The transfer is more than what is still due"), "error")
            return
        self.received = confirmation
        self._take_transfer(confirmation)
        self._fill_bank_state()
        self.notice.show_message(
            tr("Money received: {amount}, bank time {time}").format(
                amount=money(confirmation.amount), time=_bank_time(confirmation)
            ),
            "ok",
        )
        self.host.customer_display_update()

    def received_time(self) -> str:
        """The bank's time of the confirmed transfer on screen ('' : none)."""
        return _bank_time(self.received) if self.received is not None else ""

    def _fill_bank_state(self) -> None:
        received = self.received
        if received is not None:  # shown large where the QR was: the cashier sees it from a step away
            title = tr("Money received")
            line = tr("{amount} · bank time {time}").format(
                amount=f"<b>{money(received.amount)}</b>", time=f"<b>{_bank_time(received)}</b>"
            )
            self.qr.setText(
                f"<p style='font-size:44pt;color:{COLORS['pay']}'>✔</p>"
                f"<p style='font-size:20pt;color:{COLORS['pay']}'><b>{title}</b></p>"
                f"<p style='font-size:13pt'>{line}</p><p>{received.reference}</p>"
            )
            self.bank_state.setText("")
            return
        if self.transfer is None or not self.watch_state:
            self.bank_state.setText("")
            return
        color = COLORS["danger"] if self.watch_state == "flagged" else COLORS["muted"]
        if self.watch_state == "waiting":
            text = tr("Waiting for the bank’s notification… (F9 if the money already shows)")
        elif self.watch_state == "flagged":
            text = tr(
                "The bank received {got} for this reference, not {want}. Check before confirming by hand."
            ).format(got=money(self.flagged_amount), want=money(self.transfer.amount))
        elif self.watch_state == "offline":
            text = tr("Head office cannot be reached: confirm by hand (F9) when the money shows.")
        else:
            text = tr("No bank notifications: confirm by hand (F9) when the money shows.")
        self.bank_state.setText(f"<p style='color:{color}'><b>{text}</b></p>")

    def _fill_transfer_info(self) -> None:
        t = self.transfer
        if t is None:
            self.transfer_info.setText(
                "" if self.received is not None else tr("Type the amount and show the QR to the customer.")
            )
            self.transfer_confirm.setEnabled(False)
            return
        self.transfer_confirm.setEnabled(True)
        rows = [
            (tr("Bank"), t.account.bank_name),
            (tr("Account"), f"{t.account.account} · {t.account.account_name}"),
            (tr("Sum to pay"), f"<b>{money(t.amount)}</b>"),
            (tr("Reference"), f"<b>{t.reference}</b>"),
        ]
        body = "".join(
            f"<tr><td style='color:{COLORS['muted']};padding-right:10px'>{a}</td><td>{b}</td></tr>"
            for a, b in rows
        )
        hint = tr(
            "Ask the customer to scan with their banking app. Confirm only when the money shows in the shop's account."
        )
        self.transfer_info.setText(f"<table>{body}</table><p style='color:{COLORS['muted']}'>{hint}</p>")

    def confirm_transfer(self) -> None:
        """F9: the cashier saw the money arrive (recorded as confirmed by hand)."""
        if self.transfer is None:
            return
        if self.transfer.amount > self.remaining():
            self.notice.show_message(tr("The transfer is more than what is still due"), "error")
            return
        self.stop_watch()
        self._take_transfer(Confirmation.manual(self.transfer.reference, self.transfer.amount))
        self._fill_bank_state()
        self.notice.show_message(tr("Transfer recorded"), "ok", 3000)
        self.host.customer_display_update()

    def _take_transfer(self, confirmation: Confirmation) -> None:
        """The transfer on screen becomes a payment taken, with how it was confirmed."""
        assert self.transfer is not None
        self.tenders.append(Tender.vietqr(self.transfer.amount, self.transfer.reference))
        self.confirmations[self.transfer.reference] = confirmation
        self.transfer = None
        self.qr.clear()
        self._fill_transfer_info()
        self.update_summary()
        if self.remaining():
            self.choose("cash")

    # --- card ---------------------------------------------------------------------------------------------------------------
    def _card_code_next(self) -> None:
        """Enter in the slip's digits moves on to the approval code (whose Enter adds the payment)."""
        self.card_code.setFocus()

    def add_card(self) -> None:
        amount = self._read(self.card_amount)
        if not amount:
            return
        try:
            slip = card_slip(str(self.card_brand.currentData() or ""), self.card_last4.text())
            tender = Tender.card(amount, self.card_code.text(), slip)
            settle(
                self.due, [*self.tenders, tender, Tender.cash(self.due)]
            )  # card may not exceed what is due
        except PosError as exc:
            self.notice.show_message(exc.message(current_language()), "error")
            return
        self.tenders.append(tender)
        self.notice.clear()  # a refusal said before (the slip's digits) is answered
        self.card_code.clear()
        self.card_brand.setCurrentIndex(0)
        self.card_last4.clear()
        self.update_summary()
        if self.remaining():
            self.choose("cash")

    # --- foreign cash -------------------------------------------------------------------------------------------------------
    def _fill_currencies(self) -> None:
        self.fx_currency.blockSignals(True)
        self.fx_currency.clear()
        ordered = [c for c in COMMON_CURRENCIES if c in self.fx_rates] + sorted(
            c for c in self.fx_rates if c not in COMMON_CURRENCIES
        )
        for code in ordered:
            self.fx_currency.addItem(code, code)
        self.fx_currency.blockSignals(False)
        self.update_fx()

    def _fx_rate(self) -> FxRate | None:
        code = self.fx_currency.currentData()
        return self.fx_rates.get(str(code)) if code else None

    def update_fx(self) -> None:
        rate = self._fx_rate()
        if rate is None:
            self.fx_rate_label.setText(
                tr("No exchange rates are set. A manager sets them with the button below.")
            )
            self.fx_value.setText("")
            self.fx_add.setEnabled(False)
            return
        if (
            rate.expired()
        ):  # head office's rate ran out and no newer one arrived: not taken (the core refuses too)
            try:
                check_rate(rate, rate.currency)
            except PosError as exc:
                self.fx_rate_label.setText(exc.message(current_language()))
            self.fx_value.setText("")
            self.fx_add.setEnabled(False)
            return
        self.fx_rate_label.setText(
            tr("Rate: 1 {cur} = {rate} ₫").format(cur=rate.currency, rate=format_rate(rate.rate_milli))
        )
        try:
            amount = _amount(self.fx_amount)
        except PosError:
            amount = 0
        self.fx_value.setText(f"= {money(rate.value_of(amount))}" if amount else "")
        self.fx_add.setEnabled(amount > 0)

    def add_fx(self) -> None:
        rate = self._fx_rate()
        amount = self._read(self.fx_amount)
        if rate is None or not amount:
            return
        try:
            tender = Tender.fx_cash(rate.currency, amount, rate.rate_milli)
        except PosError as exc:
            self.notice.show_message(exc.message(current_language()), "error")
            return
        self.tenders.append(tender)
        self.fx_amount.clear()
        self.update_summary()

    def set_rate(self) -> None:
        from ui.dialogs import TextDialog

        # Exchange rates are prices of a kind: the core wants the manager's right or their PIN (asked first).
        approval = None
        if not self.session.may(Permission.EDIT_CATALOGUE):
            approval = self.host.ask_approval(
                {Permission.EDIT_CATALOGUE}, tr("Setting an exchange rate needs a manager.")
            )
            if approval is None:
                return
        current = self.fx_currency.currentData() or "USD"
        dialog = TextDialog(
            tr("Exchange rate"),
            tr("Currency and đồng per unit, e.g. USD 25.400 or KRW 18,35 (0 removes the currency)"),
            f"{current} ",
            self.window(),
        )
        if not run_modal(dialog):
            return
        entry = dialog.value

        def set_rate(s: TillSession) -> tuple[str, dict[str, FxRate]]:
            return s.set_fx_rate(entry, approval), s.fx_rates()

        def done(result: tuple[str, dict[str, FxRate]]) -> None:
            currency, self.fx_rates = result
            self._fill_currencies()
            index = self.fx_currency.findData(currency)
            if index >= 0:
                self.fx_currency.setCurrentIndex(index)

        self.till.op(set_rate, parent=self).success(done).failure(
            lambda exc: self.notice.show_message(exc.message(current_language()), "error")
        ).run()

    # --- finishing ----------------------------------------------------------------------------------------------------------
    def remove_last_tender(self) -> None:
        if self.tenders:
            removed = self.tenders.pop()
            if removed.method == "vietqr":
                self.confirmations.pop(removed.reference, None)
                if self.received is not None and self.received.reference == removed.reference:
                    self.received = None
                    self.qr.clear()
                    self._fill_bank_state()
                    self.host.customer_display_update()
            self.update_summary()

    def complete_sale(self) -> None:
        if self.paying:
            return
        tenders = list(self.tenders)
        cash = self._read(self.cash_edit)
        if cash is None:
            return
        cash = cash or self._exact_cash()  # Enter or F12 on an empty cash field: the exact amount
        if cash:
            tenders.append(Tender.cash(cash))
        if not tenders and self.forms.currentIndex() == 1 and self.transfer is not None:
            self.notice.show_message(tr("Press “Money received” once the transfer has arrived"), "warn")
            return
        session = self.session
        references = {t.reference for t in tenders if t.method == "vietqr"}
        confirmations = [c for ref, c in self.confirmations.items() if ref in references]

        def paid(sale: CommittedSale) -> None:
            self.tenders = []
            self.confirmations = {}
            self.received = None
            # Quietly: this screen's summary of the paid cart is redone once, by ``done`` after the sale
            # screen is shown — not first, in the cashier's wait for the answer.
            blocked = self.cash_edit.blockSignals(True)
            self.cash_edit.clear()
            self.cash_edit.blockSignals(blocked)
            self.host.sale_completed(sale)

        def done() -> None:
            self._busy_look.stop()
            self.paying = False
            self.update_summary()

        self.paying = True
        self.host.guarded(
            lambda approval: session.pay(tenders, approval, confirmations),
            (),  # pay raises ApprovalNeeded naming what the cart needs
            tr("This sale has a discount above your limit. A manager approves it with their PIN."),
        ).success(paid).cancelled(  # the manager's approval was not given: the sale is still open
            lambda: self.notice.show_message(tr("Not approved: change the discount or ask a manager"), "warn")
        ).finally_(done).run()
        self._busy_look.start()

    def leave(self) -> None:
        self.host.go("sale")

    def waiting(self) -> bool:
        return self._qr_timer.isActive()

    def ask_buyer(self) -> None:
        """The customer wants an invoice in a company's or their own name ("xuất hoá đơn công ty")."""
        import dataclasses

        from ui.einvoice_buyer import BuyerDialog

        buyer = self.till.session.buyer
        if (
            buyer is not None and self.till.session.traveller is not None
        ):  # F11 puts another buyer in their place
            buyer = dataclasses.replace(buyer, passport_no="")
        dialog = BuyerDialog(buyer, self)
        if run_modal(dialog) and dialog.buyer is not None:
            self.till.session.buyer = dialog.buyer
            self.till.session.traveller = None  # another buyer: no longer the traveller
        self.show_buyer()

    def ask_traveller(self) -> None:
        """Shift+F11: a foreign traveller buying for the VAT refund — their passport on the sale's e-invoice."""
        from pos.vat_refund.traveller import traveller_buyer
        from ui.traveller_buyer import TravellerDialog

        session = self.till.session
        dialog = TravellerDialog(session.traveller, self)
        if run_modal(dialog):
            if dialog.passport is not None:
                session.traveller = dialog.passport
                session.buyer = traveller_buyer(dialog.passport)
            elif dialog.cleared and session.traveller is not None:
                session.traveller = None
                session.buyer = None
        self.show_buyer()

    def show_buyer(self) -> None:
        b = self.till.session.buyer
        p = self.till.session.traveller
        if b is None:
            text = ""
        elif p is not None:
            text = tr(
                "Invoice to traveller: {name}\npassport {number} · {nationality} · valid to {expires}"
            ).format(
                name=p.full_name,
                number=p.number,
                nationality=p.nationality,
                expires=p.expires_on.strftime("%d/%m/%Y"),
            )
        else:
            ident = b.tax_code or b.id_number or b.phone
            text = tr("Invoice to: {name} ({ident})").format(name=b.name, ident=ident)
        self.buyer_label.setText(text)
        # Wrapped text asks its height for the width it has: the column's layout gives a label one line otherwise.
        width = self.buyer_label.width()
        self.buyer_label.setMinimumHeight(self.buyer_label.heightForWidth(width) if text and width > 0 else 0)

    def handle_key(self, event: QKeyEvent) -> bool:
        key = Qt.Key(event.key())
        actions = {
            Qt.Key.Key_F1: lambda: self.choose("cash"),
            Qt.Key.Key_F2: lambda: self.choose("vietqr"),
            Qt.Key.Key_F3: lambda: self.choose("card"),
            Qt.Key.Key_F4: lambda: self.choose("fx_cash"),
            Qt.Key.Key_F5: self.cash_exact,
            Qt.Key.Key_F6: lambda: self.take_suggestion(0),
            Qt.Key.Key_F7: lambda: self.take_suggestion(1),
            Qt.Key.Key_F8: lambda: self.take_suggestion(2),
            Qt.Key.Key_F10: self.remove_last_tender,
            Qt.Key.Key_F11: (
                self.ask_traveller
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                else self.ask_buyer
            ),
            Qt.Key.Key_F9: self.confirm_transfer,
            Qt.Key.Key_F12: self.complete_sale,
            Qt.Key.Key_Escape: self.leave,
        }
        if key in actions:
            actions[key]()
            return True
        return False

    def handle_scan(self, code: str) -> None:
        self.notice.show_message(tr("Go back to the sale (Esc) to add more products"), "warn")
        self.host.beep()


def _bank_time(confirmation: Confirmation) -> str:
    """The bank's time as the cashier reads it (``14:02:37 07/12``), or a dash when the source gave none."""
    when = confirmation.bank_time
    return when.strftime("%H:%M:%S %d/%m") if when is not None else "—"
