"""The buyer's details for the e-invoice, asked for at the payment screen (F11) when a customer wants an invoice
in a company's or their own name. The core checks them (``pos.einvoice.buyer.checked_buyer``: the tax code's
check digit, required fields); what is wrong is shown inline and the dialog stays open.
"""

from __future__ import annotations

from pos.einvoice.buyer import Buyer, BuyerKind, checked_buyer
from pos.einvoice.errors import BuyerError
from ui.dialogs import _Dialog
from ui.i18n import current_language, tr
from ui.qt import QT_TR_NOOP, QButtonGroup, QHBoxLayout, QKeyEvent, QLabel, QLineEdit, QWidget
from ui.widgets import ActionButton

#: (field, label, shown for company, shown for person)
FIELDS = (
    ("tax_code", QT_TR_NOOP("Tax code (MST)"), True, True),
    ("name", QT_TR_NOOP("Name"), True, True),
    ("address", QT_TR_NOOP("Address"), True, True),
    ("id_number", QT_TR_NOOP("Citizen ID (CCCD)"), False, True),
    ("phone", QT_TR_NOOP("Phone"), False, True),
    ("email", QT_TR_NOOP("Email for the invoice"), True, True),
)


class BuyerDialog(_Dialog):
    """Company (tax code, name, address, email) or person (name, citizen ID, phone, email); ``buyer`` on OK."""

    def __init__(self, initial: Buyer | None = None, parent: QWidget | None = None) -> None:
        super().__init__(tr("Buyer on the e-invoice"), parent)
        self.kind: BuyerKind = initial.kind if initial else "company"
        #: A traveller's passport number (``SHChieu``) is not edited here (``ui/traveller_buyer.py`` sets it); a
        #: correction of that person's other details keeps it rather than drop it from the invoice.
        self.passport_no = initial.passport_no if initial else ""
        row = QHBoxLayout()
        self.kinds = QButtonGroup(self)
        self.company = ActionButton(
            QT_TR_NOOP("Company"), "F1", "receipt", "method", on_click=lambda: self.set_kind("company")
        )
        self.person = ActionButton(
            QT_TR_NOOP("Person"), "F2", "user", "method", on_click=lambda: self.set_kind("person")
        )
        for button in (self.company, self.person):
            button.setCheckable(True)
            self.kinds.addButton(button)
            row.addWidget(button)
        self.layout_.addLayout(row)
        self.edits: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        for field, label, _c, _p in FIELDS:
            caption = QLabel(tr(label))
            edit = QLineEdit(getattr(initial, field) if initial else "")
            edit.setObjectName(f"buyer_{field}")
            edit.returnPressed.connect(self._next)
            self.labels[field], self.edits[field] = caption, edit
            self.layout_.addWidget(caption)
            self.layout_.addWidget(edit)
        self.add_buttons(QT_TR_NOOP("Use these details"))
        self.buyer: Buyer | None = None
        self.set_kind(self.kind)
        self.edit = self.edits["tax_code"]

    def set_kind(self, kind: BuyerKind) -> None:
        self.kind = kind
        self.company.setChecked(kind == "company")
        self.person.setChecked(kind == "person")
        for field, _label, company, person in FIELDS:
            shown = company if kind == "company" else person
            self.labels[field].setVisible(shown)
            self.edits[field].setVisible(shown)
        first = self.edits["tax_code" if kind == "company" else "name"]
        first.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from ui.qt import Qt

        if event.key() == Qt.Key.Key_F1:
            self.set_kind("company")
        elif event.key() == Qt.Key.Key_F2:
            self.set_kind("person")
        else:
            super().keyPressEvent(event)

    def _visible(self) -> list[QLineEdit]:
        return [e for e in self.edits.values() if not e.isHidden()]

    def _next(self) -> None:
        """Enter moves to the next field; on the last one it accepts."""
        fields = self._visible()
        current = self.focusWidget()
        if isinstance(current, QLineEdit) and current in fields and fields.index(current) < len(fields) - 1:
            fields[fields.index(current) + 1].setFocus()
        else:
            self.try_accept()

    def try_accept(self) -> None:
        values = {f: e.text() for f, e in self.edits.items() if not e.isHidden()}
        try:
            passport = self.passport_no if self.kind == "person" else ""
            self.buyer = checked_buyer(Buyer(kind=self.kind, **values, passport_no=passport))
        except BuyerError as exc:
            messages = exc.field_messages(current_language())
            self.show_error("\n".join(f"{tr(self._label(f))}: {m}" for f, m in messages.items()))
            if messages:
                self.edits[next(iter(messages))].setFocus()
            return
        self.accept()

    @staticmethod
    def _label(field: str) -> str:
        return next(label for f, label, _c, _p in FIELDS if f == field)
