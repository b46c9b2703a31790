"""Small focused dialogs: a number, a price, a discount, a manager's PIN, a yes/no. Esc always closes them unchanged.

Each checks what it can on the spot (a number that is not a number, a wrong PIN) and stays open with the reason
shown inline, so a cashier is never bounced out and back in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from pos.errors import PosError
from pos.money import parse_vnd
from pos.selling.cart import Discount
from pos.staff.permissions import Approval, Permission, approver_roles, permission_labels
from ui.formatting import ROLE_NAMES, parse_qty
from ui.i18n import current_language, tr
from ui.qt import (
    QT_TR_NOOP,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QShowEvent,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ui.theme import set_role
from ui.widgets import ActionButton, PinPad, heading

if TYPE_CHECKING:
    from pos.shifts.report import ShiftReport
    from ui.executor import Op


def who_may_approve(permissions: Iterable[Permission]) -> str:
    """ "shift lead, manager or administrator": the roles that may approve ``permissions``, in words."""
    names = [tr(ROLE_NAMES[role.value]).lower() for role in approver_roles(permissions)]
    if len(names) <= 1:
        return "".join(names)
    return tr("{some} or {last}").format(some=", ".join(names[:-1]), last=names[-1])


class _Dialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setObjectName("PosDialog")
        self.layout_ = QVBoxLayout(self)
        # Never smaller than what it holds: a dialog squeezed below its contents clipped the PIN pad's last row.
        self.layout_.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.layout_.setContentsMargins(24, 18, 24, 18)
        self.layout_.setSpacing(10)
        self.title = heading(title, "h2")
        self.layout_.addWidget(self.title)
        self.error = QLabel("")
        set_role(self.error, "error")
        self.error.setWordWrap(True)
        self.error.hide()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_contents()
        self.activateWindow()
        edit = getattr(self, "edit", None)
        if isinstance(edit, QLineEdit):
            edit.setFocus()
            edit.selectAll()

    def fit_contents(self) -> None:
        """As tall as the contents at this width, once the style sheet's fonts apply.

        A wrapped label (the explanation) is taller than the layout's minimum says (Qt leaves height-for-width
        out of a window's minimum size), and a dialog squeezed to that minimum cut off the PIN pad's last row.
        """
        if not self.testAttribute(Qt.WidgetAttribute.WA_Resized):  # a size the caller chose is kept
            self.adjustSize()
        need = self.heightForWidth(self.width())
        if need > 0:
            self.setMinimumHeight(need)
            if need > self.height():
                self.resize(self.width(), need)

    def done(self, result: int) -> None:
        super().done(result)
        parent = self.parentWidget()
        if parent is not None:
            parent.activateWindow()  # keys go back to the till window at once

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        if self.isVisible():
            self.fit_contents()

    def clear_error(self) -> None:
        self.error.hide()

    def _reason_edited(self, text: str) -> None:
        if text.strip():  # "type the reason first" goes as soon as there is one
            self.clear_error()

    def add_buttons(self, ok_label: str, cancel_label: str = QT_TR_NOOP("Cancel")) -> ActionButton:
        row = QHBoxLayout()
        cancel = ActionButton(cancel_label, "Esc", "back", "quiet", on_click=self.reject)
        ok = ActionButton(ok_label, "Enter", "check", "primary", on_click=self.try_accept)
        row.addWidget(cancel)
        row.addWidget(ok)
        self.layout_.addWidget(self.error)
        self.layout_.addLayout(row)
        return ok

    def try_accept(self) -> None:  # pragma: no cover - overridden
        self.accept()


class NumberDialog(_Dialog):
    """A quantity or weight, typed or tapped. ``value`` is in thousandths."""

    def __init__(self, title: str, prompt: str, initial: str = "", parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.layout_.addWidget(QLabel(prompt))
        self.edit = QLineEdit(initial)
        self.edit.setObjectName("BigEntry")
        self.edit.selectAll()
        self.edit.returnPressed.connect(self.try_accept)
        self.layout_.addWidget(self.edit)
        self.layout_.addWidget(PinPad(self.edit))
        self.add_buttons(QT_TR_NOOP("OK"))
        self.value: int | None = None

    def try_accept(self) -> None:
        value = parse_qty(self.edit.text())
        if value is None:
            self.show_error(tr("Type a number above zero, e.g. 2 or 0,5"))
            return
        self.value = value
        self.accept()


class PriceDialog(_Dialog):
    """A unit price in đồng, typed or tapped (``150.000``, ``150000``, ``150k``). ``value`` is đồng."""

    def __init__(self, title: str, prompt: str, initial: str = "", parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        label = QLabel(prompt)
        label.setWordWrap(True)
        self.layout_.addWidget(label)
        self.edit = QLineEdit(initial)
        self.edit.setObjectName("BigEntry")
        self.edit.setPlaceholderText(tr("Unit price in đồng"))
        self.edit.returnPressed.connect(self.try_accept)
        self.layout_.addWidget(self.edit)
        self.layout_.addWidget(PinPad(self.edit))
        self.add_buttons(QT_TR_NOOP("OK"))
        self.value: int | None = None

    def try_accept(self) -> None:
        try:
            price = parse_vnd(self.edit.text())
        except PosError as exc:
            self.show_error(exc.message(current_language()))
            return
        if price <= 0:
            self.show_error(tr("Type a price above zero (a free item is a 100 % discount)"))
            return
        self.value = price
        self.accept()


class DiscountDialog(_Dialog):
    """A discount in percent or đồng (the toggle), checked against the cart by the caller."""

    def __init__(self, title: str, base_text: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.layout_.addWidget(QLabel(base_text))
        toggle = QHBoxLayout()
        self.percent = QPushButton(tr("Percent %"))
        self.amount = QPushButton(tr("Amount ₫"))
        for b in (self.percent, self.amount):
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            set_role(b, "toggle")
            toggle.addWidget(b)
        self.percent.setChecked(True)
        # Bound methods, not lambdas holding ``self``: a connection keeps its lambda alive, and a lambda holding the
        # dialog kept every discount dialog (a hidden child of the till window) alive for the rest of the day.
        self.percent.clicked.connect(self._percent_mode)
        self.amount.clicked.connect(self._amount_mode)
        self.layout_.addLayout(toggle)
        self.edit = QLineEdit()
        self.edit.setObjectName("BigEntry")
        self.edit.setPlaceholderText(tr("0 removes the discount"))
        self.edit.returnPressed.connect(self.try_accept)
        self.layout_.addWidget(self.edit)
        self.layout_.addWidget(PinPad(self.edit))
        self.add_buttons(QT_TR_NOOP("Apply"))
        self.value: Discount | None = None

    def _percent_mode(self) -> None:
        self._mode(True)

    def _amount_mode(self) -> None:
        self._mode(False)

    def _mode(self, percent: bool) -> None:
        self.percent.setChecked(percent)
        self.amount.setChecked(not percent)
        self.edit.setFocus()

    def try_accept(self) -> None:
        text = self.edit.text().strip().rstrip("%")
        try:
            if not text or text == "0":
                self.value = Discount()
            elif self.percent.isChecked():
                if not text.isdigit() or not 0 <= int(text) <= 100:
                    self.show_error(tr("A percentage is a whole number from 0 to 100"))
                    return
                self.value = Discount(percent=int(text))
            else:
                self.value = Discount(amount=parse_vnd(text))
        except PosError as exc:
            self.show_error(exc.message(current_language()))
            return
        self.accept()


class ApprovalDialog(_Dialog):
    """Someone with the right approves one action by PIN, on the spot. ``approval`` is set when accepted.

    ``check(pin, reason)`` gives the op that asks the core (``pos.staff.approval.approve``, a deliberately slow
    PIN hash, on the database executor); a wrong PIN, a locked approver or one without the right is shown inline
    and the dialog stays open; Esc leaves without approving.
    """

    def __init__(
        self,
        explanation: str,
        permissions: Iterable[Permission],
        check: Callable[[str, str], Op[Approval]],
        parent: QWidget | None = None,
        *,
        ask_reason: bool = False,
        reason: str = "",
    ) -> None:
        super().__init__(tr("Approval"), parent)
        self.permissions = frozenset(permissions)
        label = QLabel(explanation)
        label.setWordWrap(True)
        self.layout_.addWidget(label)
        what = permission_labels(self.permissions, current_language())
        self.what = QLabel(tr("Needs approval: {what}").format(what=what))
        self.what.setWordWrap(True)
        set_role(self.what, "muted")
        self.layout_.addWidget(self.what)
        # Who may approve, from the rights the approval needs (a refund: a shift lead; a deeper discount: a
        # manager) — the core checks the same table.
        self.who = QLabel(
            tr("Approved with the PIN of: {roles}").format(roles=who_may_approve(self.permissions))
        )
        self.who.setWordWrap(True)
        set_role(self.who, "h3")
        self.layout_.addWidget(self.who)
        self.reason: QLineEdit | None = None
        if ask_reason:
            self.reason = QLineEdit(reason)
            self.reason.setObjectName("BigEntry")
            self.reason.setPlaceholderText(tr("Reason"))
            self.layout_.addWidget(self.reason)
        self.edit = QLineEdit()
        self.edit.setObjectName("BigEntry")
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setPlaceholderText(tr("PIN of the person approving"))
        self.edit.returnPressed.connect(self.try_accept)
        self.layout_.addWidget(self.edit)
        self.layout_.addWidget(PinPad(self.edit))
        self.add_buttons(QT_TR_NOOP("Approve"))
        if self.reason is not None:  # "type the reason first" goes as soon as there is one
            self.reason.textEdited.connect(self._reason_edited)
        self._check = check
        self._reason_text = reason
        self.approval: Approval | None = None

    def try_accept(self) -> None:
        reason = self.reason.text().strip() if self.reason is not None else self._reason_text
        if self.reason is not None and not reason:
            self.show_error(tr("Type the reason first"))
            self.reason.setFocus()
            return
        if not self.edit.isEnabled():
            return  # the PIN is being checked
        self.edit.setEnabled(False)

        def approved(approval: Approval) -> None:
            self.approval = approval
            self.accept()

        def refused(exc: PosError) -> None:
            self.edit.setEnabled(True)
            self.edit.clear()
            self.edit.setFocus()
            self.show_error(exc.message(current_language()))

        self._check(self.edit.text(), reason).success(approved).failure(refused).run()


class AmountReasonDialog(_Dialog):
    """An amount of money and why (paid-in, paid-out). ``value`` is ``(amount, reason)`` when accepted."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        label = QLabel(prompt)
        label.setWordWrap(True)
        self.layout_.addWidget(label)
        self.edit = QLineEdit()
        self.edit.setObjectName("BigEntry")
        self.edit.setPlaceholderText(tr("Amount in đồng"))
        self.layout_.addWidget(self.edit)
        self.reason = QLineEdit()
        self.reason.setObjectName("BigEntry")
        self.reason.setPlaceholderText(tr("Reason"))
        self.reason.returnPressed.connect(self.try_accept)
        self.reason.textEdited.connect(self._reason_edited)
        self.edit.returnPressed.connect(self.reason.setFocus)
        self.layout_.addWidget(self.reason)
        self.layout_.addWidget(PinPad(self.edit))
        self.add_buttons(QT_TR_NOOP("OK"))
        self.value: tuple[int, str] | None = None

    def try_accept(self) -> None:
        try:
            amount = parse_vnd(self.edit.text().strip() or "0")
        except PosError as exc:
            self.show_error(exc.message(current_language()))
            return
        if amount <= 0:
            self.show_error(tr("Type an amount above zero"))
            self.edit.setFocus()
            return
        if not self.reason.text().strip():
            self.show_error(tr("Type the reason first"))
            self.reason.setFocus()
            return
        self.value = (amount, self.reason.text().strip())
        self.accept()


class ConfirmDialog(_Dialog):
    def __init__(self, title: str, text: str, ok_label: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        label = QLabel(text)
        label.setWordWrap(True)
        self.layout_.addWidget(label)
        ok = self.add_buttons(ok_label)
        ok.set_role("danger")

    def try_accept(self) -> None:
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept()
            return
        super().keyPressEvent(event)


class OfferDialog(_Dialog):
    """A yes/no offer with "remember my answer": ``run_modal`` gives the answer, ``remember`` whether to keep it
    (read when the dialog closes, so it stays readable after ``run_modal`` has deleted the dialog)."""

    def __init__(
        self,
        title: str,
        text: str,
        yes_label: str,
        no_label: str,
        remember_label: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent)
        label = QLabel(text)
        label.setWordWrap(True)
        self.layout_.addWidget(label)
        self.remember_box = QCheckBox(remember_label)
        self.remember_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.layout_.addWidget(self.remember_box)
        self.remember = False
        self.add_buttons(yes_label, no_label)

    def done(self, result: int) -> None:
        self.remember = self.remember_box.isChecked()  # "Not now" or Esc may be remembered too
        super().done(result)

    def try_accept(self) -> None:
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept()
            return
        super().keyPressEvent(event)


class TextDialog(_Dialog):
    """One line of text (a rate, a label)."""

    def __init__(
        self,
        title: str,
        prompt: str,
        initial: str = "",
        parent: QWidget | None = None,
        *,
        required: bool = False,
        placeholder: str = "",
    ) -> None:
        super().__init__(title, parent)
        label = QLabel(prompt)
        label.setWordWrap(True)
        self.layout_.addWidget(label)
        self.edit = QLineEdit(initial)
        self.edit.setObjectName("BigEntry")
        self.edit.setPlaceholderText(placeholder)
        self.edit.returnPressed.connect(self.try_accept)
        self.layout_.addWidget(self.edit)
        self.add_buttons(QT_TR_NOOP("OK"))
        self.required = required
        self.value = ""

    def try_accept(self) -> None:
        if self.required and not self.edit.text().strip():
            self.show_error(tr("This cannot be left empty"))
            return
        self.value = self.edit.text().strip() if self.required else self.edit.text()
        self.accept()


class ReportDialog(_Dialog):
    """An X report on screen, with a button to print it. ``print_requested`` is set when the cashier asks."""

    def __init__(self, title: str, report: ShiftReport, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        from ui.report_view import ReportGrid

        self.grid = ReportGrid()
        self.grid.set_report(report)
        self.layout_.addWidget(self.grid)
        self.print_requested = False
        self.add_buttons(QT_TR_NOOP("Print"), QT_TR_NOOP("Close"))

    def try_accept(self) -> None:
        self.print_requested = True
        self.accept()
