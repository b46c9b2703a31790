"""A foreign traveller as the buyer, set on the payment screen before the sale is paid (Shift+F11): the passport
typed from its data page, as the VAT refund form asks it. The sale's e-invoice then names the traveller
(``NMua/Ten``, ``HVTNMHang``) with the passport number (``NMua/SHChieu``), and the refund form of the sale starts
from these details (``pos.vat_refund.traveller``).

The core checks the passport (``checked_traveller``: number 1–20 letters and digits, the nationality's 3-letter
code, the name, the dates — not expired); what is wrong is shown inline and the dialog stays open, nothing kept.
Pure checks, no database: nothing here waits.
"""

from __future__ import annotations

import datetime as dt

from pos.errors import RefundError
from pos.vat_refund.rules import Passport
from pos.vat_refund.traveller import checked_traveller
from ui.dialogs import _Dialog
from ui.i18n import current_language, tr
from ui.qt import QT_TR_NOOP, QKeyEvent, QLabel, QLineEdit, Qt, QWidget
from ui.theme import set_role
from ui.vat_refund_dialog import FIELDS, fill_passport, parse_day, reasons_text
from ui.widgets import ActionButton


class TravellerDialog(_Dialog):
    """Passport number, nationality, name, issue and expiry; Enter from field to field, on the last one accept.
    ``passport`` (normalised) on OK; F8 takes the traveller off the sale (``cleared``)."""

    def __init__(
        self, initial: Passport | None = None, parent: QWidget | None = None, today: dt.date | None = None
    ) -> None:
        super().__init__(tr("Traveller (passport) on the e-invoice"), parent)
        self.today = today or dt.date.today()
        hint = QLabel(
            tr(
                "For a foreign traveller's VAT refund: the e-invoice names them with their passport number, and "
                "the refund form takes these details."
            )
        )
        hint.setWordWrap(True)
        set_role(hint, "muted")
        self.layout_.addWidget(hint)
        self.edits: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        for field, label, placeholder in FIELDS:
            caption = QLabel(tr(label))
            edit = QLineEdit()
            edit.setObjectName(f"traveller_{field}")
            edit.setPlaceholderText(placeholder)
            edit.returnPressed.connect(self._next)
            self.labels[field], self.edits[field] = caption, edit
            self.layout_.addWidget(caption)
            self.layout_.addWidget(edit)
        if initial is not None:
            fill_passport(self.edits, initial)
        self.add_buttons(QT_TR_NOOP("Use these details"))
        if initial is not None:  # the traveller already on the sale can be taken off
            self.remove = ActionButton(
                QT_TR_NOOP("No traveller on this sale"), "F8", "trash", "quiet", on_click=self.take_off
            )
            self.layout_.addWidget(self.remove)
        self.passport: Passport | None = None
        self.cleared = False
        self.edit = self.edits["number"]
        self.setMinimumWidth(520)

    def _next(self) -> None:
        """Enter moves to the next field; on the last one it accepts."""
        fields = list(self.edits.values())
        current = self.focusWidget()
        if isinstance(current, QLineEdit) and current in fields and fields.index(current) < len(fields) - 1:
            fields[fields.index(current) + 1].setFocus()
        else:
            self.try_accept()

    def try_accept(self) -> None:
        issued = parse_day(self.edits["issued_on"].text())
        expires = parse_day(self.edits["expires_on"].text())
        if issued is None or expires is None:
            bad = [tr(label) for (f, label, _p) in FIELDS[3:] if parse_day(self.edits[f].text()) is None]
            self.show_error(tr("Type the date as DD/MM/YYYY: {fields}").format(fields=", ".join(bad)))
            self.edits["issued_on" if issued is None else "expires_on"].setFocus()
            return
        typed = Passport(
            self.edits["number"].text(),
            self.edits["nationality"].text(),
            self.edits["full_name"].text(),
            issued,
            expires,
        )
        try:
            self.passport = checked_traveller(typed, self.today)
        except RefundError as exc:
            self.passport = None
            self.show_error(tr("Check the passport:") + "\n" + reasons_text(exc.reasons, current_language()))
            self.edits[_field_of(exc.reasons)].setFocus()
            return
        self.accept()

    def take_off(self) -> None:
        """No traveller on this sale after all (F8)."""
        self.cleared = True
        self.passport = None
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F8:
            self.take_off()
        else:
            super().keyPressEvent(event)


def _field_of(reasons: tuple[tuple[str, str], ...]) -> str:
    """The field to go back to: the first the reasons name (by their English words)."""
    first = reasons[0][1].lower() if reasons else ""
    for word, field in (
        ("passport number", "number"),
        ("nationality", "nationality"),
        ("vietnamese passport", "nationality"),
        ("name", "full_name"),
        ("issue", "issued_on"),
        ("expir", "expires_on"),
    ):
        if word in first:
            return field
    return "number"
