"""The VAT refund form for a foreign traveller, at the counter: the passport's details typed from its data page,
the rules asked (``pos.vat_refund``: every reason when the purchase does not qualify), the form issued, kept with
the sale and printed. Opened for the last sale with Shift+F12 on the sale screen, or from the till menu (F9) for
the last receipt or one typed or scanned there.

Nothing here decides: ``check_sale`` and ``issue_form`` do, on the till's executor (the GUI thread never waits
on the database); the dialog shows what they said in the cashier's language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from pos.errors import PosError, RefundError
from pos.receipts.document import ReceiptDoc
from pos.vat_refund.forms import RefundForm, check_sale, form_doc, issue_form
from pos.vat_refund.rules import Decision, Passport, Reason
from ui.dialogs import _Dialog
from ui.formatting import money
from ui.i18n import current_language, tr
from ui.qt import QT_TR_NOOP, QHBoxLayout, QKeyEvent, QLabel, QLineEdit, Qt, QWidget
from ui.theme import set_role
from ui.widgets import ActionButton

if TYPE_CHECKING:
    from pos.till.session import TillSession
    from ui.till import Till

#: (field, label, placeholder)
FIELDS = (
    ("number", QT_TR_NOOP("Passport number"), "E12345678"),
    ("nationality", QT_TR_NOOP("Nationality (3-letter code on the passport)"), "CHN, KOR, USA…"),
    ("full_name", QT_TR_NOOP("Full name as on the passport"), "ZHANG WEI"),
    ("issued_on", QT_TR_NOOP("Date of issue"), "DD/MM/YYYY"),
    ("expires_on", QT_TR_NOOP("Date of expiry"), "DD/MM/YYYY"),
)


def parse_day(value: str) -> dt.date | None:
    """A date as a cashier types it from a passport: ``30/04/2030``, ``30.04.2030``, ``2030-04-30``."""
    raw = value.strip()
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", raw)
    try:
        if m:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


def fill_passport(edits: dict[str, QLineEdit], passport: Passport) -> None:
    """The passport's details in the dialog's fields (the refund form's and this one's share them)."""
    edits["number"].setText(passport.number)
    edits["nationality"].setText(passport.nationality)
    edits["full_name"].setText(passport.full_name)
    edits["issued_on"].setText(passport.issued_on.strftime("%d/%m/%Y"))
    edits["expires_on"].setText(passport.expires_on.strftime("%d/%m/%Y"))


def reasons_text(reasons: tuple[Reason, ...], lang: str) -> str:
    return "\n".join(f"• {vi if lang == 'vi' else en}" for vi, en in reasons)


class VatRefundDialog(_Dialog):
    """Passport details → Check (F5) → Issue and print (Enter on the last field, or F12). ``form`` once issued."""

    def __init__(
        self,
        till: Till,
        sale_id: str,
        receipt_label: str,
        print_doc: Callable[[ReceiptDoc, str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tr("VAT refund form for a foreign traveller"), parent)
        self.till = till
        self.sale_id = sale_id
        self.print_doc = print_doc
        self.receipt = QLabel(tr("Receipt {label}").format(label=receipt_label))
        set_role(self.receipt, "muted")
        self.layout_.addWidget(self.receipt)
        self.edits: dict[str, QLineEdit] = {}
        for field, label, placeholder in FIELDS:
            self.layout_.addWidget(QLabel(tr(label)))
            edit = QLineEdit()
            edit.setObjectName(f"refund_{field}")
            edit.setPlaceholderText(placeholder)
            edit.returnPressed.connect(self._next)
            self.edits[field] = edit
            self.layout_.addWidget(edit)
        self.outcome = QLabel("")
        self.outcome.setObjectName("refund_result")
        self.outcome.setWordWrap(True)
        self.outcome.hide()
        self.layout_.addWidget(self.outcome)
        self.layout_.addWidget(self.error)
        row = QHBoxLayout()
        self.b_cancel = ActionButton(QT_TR_NOOP("Close"), "Esc", "back", "quiet", on_click=self.reject)
        self.b_check = ActionButton(QT_TR_NOOP("Check"), "F5", "check", on_click=self.check)
        self.b_issue = ActionButton(
            QT_TR_NOOP("Issue and print"), "F12", "printer", "primary", on_click=self.try_accept
        )
        for b in (self.b_cancel, self.b_check, self.b_issue):
            row.addWidget(b)
        self.layout_.addLayout(row)
        self.decision: Decision | None = None
        self.form: RefundForm | None = None
        self.edit = self.edits["number"]
        self.setMinimumWidth(560)
        self._prefill()

    def _prefill(self) -> None:
        """The traveller set on the payment screen before the sale (``pos.vat_refund.traveller``): their passport
        is already on the sale's e-invoice, so the form starts from it rather than from a retyping."""
        from pos.vat_refund.traveller import traveller_of

        sale_id = self.sale_id

        def read(s: TillSession) -> Passport | None:
            return traveller_of(s.engine, sale_id)

        self.till.op(read, parent=self, reads_only=True).success(self._prefilled).run()

    def _prefilled(self, passport: Passport | None) -> None:
        if passport is None or any(e.text() for e in self.edits.values()):
            return
        fill_passport(self.edits, passport)
        self.receipt.setText(
            self.receipt.text() + " · " + tr("passport as set at payment, already on the e-invoice")
        )
        self.edits["expires_on"].setFocus()

    # --- the passport ----------------------------------------------------------------------------------------------
    def passport(self) -> Passport | None:
        """The typed details, or None with the fields to fix named (dates the rules cannot read)."""
        issued = parse_day(self.edits["issued_on"].text())
        expires = parse_day(self.edits["expires_on"].text())
        bad = [
            tr(label)
            for (field, label, _p), day in zip(FIELDS[3:], (issued, expires), strict=True)
            if day is None
        ]
        if bad or issued is None or expires is None:
            self.show_error(tr("Type the date as DD/MM/YYYY: {fields}").format(fields=", ".join(bad)))
            self.edits["issued_on" if issued is None else "expires_on"].setFocus()
            return None
        return Passport(
            self.edits["number"].text(),
            self.edits["nationality"].text(),
            self.edits["full_name"].text(),
            issued,
            expires,
        )

    def _next(self) -> None:
        """Enter moves to the next field; on the last one it issues the form (after the rules said yes)."""
        fields = list(self.edits.values())
        current = self.focusWidget()
        if isinstance(current, QLineEdit) and current in fields and fields.index(current) < len(fields) - 1:
            fields[fields.index(current) + 1].setFocus()
        else:
            self.try_accept()

    # --- asking the rules ------------------------------------------------------------------------------------------
    def check(self) -> None:
        passport = self.passport()
        if passport is None:
            return
        self.clear_error()
        sale_id = self.sale_id

        def ask(s: TillSession) -> Decision:
            return check_sale(s.engine, sale_id, passport)

        self.till.op(ask, parent=self, reads_only=True).success(self._show_decision).failure(
            self._failed
        ).run()

    def _show_decision(self, decision: Decision) -> None:
        self.decision = decision
        lang = current_language()
        if decision.qualifies:
            text = tr("Qualifies: goods {goods}, VAT {vat}, bank fee {fee}, refund due {refund}").format(
                goods=money(decision.goods_value),
                vat=money(decision.vat_amount),
                fee=money(decision.bank_fee),
                refund=money(decision.refund_amount),
            )
            set_role(self.outcome, "last-sale")
        else:
            text = tr("Does not qualify:") + "\n" + reasons_text(decision.reasons, lang)
            set_role(self.outcome, "error")
        left_out = "\n".join(
            f"– {line.name}: {vi if lang == 'vi' else en}" for line, (vi, en) in decision.left_out
        )
        if left_out:
            text += "\n" + tr("Left off the form:") + "\n" + left_out
        self._set_result(text)

    def _set_result(self, text: str) -> None:
        self.outcome.setText(text)
        self.outcome.show()
        if self.isVisible():
            self.fit_contents()

    def try_accept(self) -> None:
        """Issue the form (the core checks every rule again in the same transaction), then print it."""
        passport = self.passport()
        if passport is None:
            return
        self.clear_error()
        sale_id = self.sale_id

        def issue(s: TillSession) -> tuple[RefundForm, ReceiptDoc]:
            staff = s.require_staff()
            form = issue_form(s.engine, sale_id, passport, staff.name, actor=staff, terminal_code=s.code)
            return form, form_doc(s.engine, form)

        self.till.op(issue, parent=self).success(self._issued).failure(self._failed).run()

    def _issued(self, result: tuple[RefundForm, ReceiptDoc]) -> None:
        form, doc = result
        self.form = form
        self.print_doc(doc, form.form_no)
        self.accept()

    def _failed(self, exc: PosError) -> None:
        lang = current_language()
        if isinstance(exc, RefundError) and exc.reasons:
            set_role(self.outcome, "error")
            self._set_result(tr("Does not qualify:") + "\n" + reasons_text(exc.reasons, lang))
        else:
            self.show_error(exc.message(lang))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F5:
            self.check()
        elif event.key() == Qt.Key.Key_F12:
            self.try_accept()
        else:
            super().keyPressEvent(event)
