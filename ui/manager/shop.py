"""The shop's details: the name, address and tax code receipts print, and the bank account VietQR transfers go to.

Saving goes through ``pos.shop.profile.save_profile`` (a manager's right, or their approval; audited); each
problem it names is shown under its own field and nothing is saved until all are fixed. On the right, the
receipt header as it will print and — once an account is saved — the shop's static VietQR, so the manager can
scan it with a banking app and see the account holder's name before a customer does.
"""

from __future__ import annotations

import dataclasses
import io

from PIL import Image

from pos.payments import vietqr
from pos.payments.banks import bank_by_bin
from pos.payments.qr_image import render_qr
from pos.receipts.preview import preview_png
from pos.receipts.samples import sample_sale
from pos.shop.profile import FIELDS, ShopProfile, ShopProfileError, load_profile, save_profile
from pos.staff.member import StaffMember
from pos.staff.permissions import Permission
from pos.till.terminal import Terminal
from ui.i18n import current_language, tr
from ui.manager.base import ApprovalAsker, ManagerScreen, card, form_scroll, label
from ui.manager.base import caption as form_caption
from ui.manager.fields import Field, bank_combo, retranslate_banks, set_bank
from ui.manager.printer_settings import PaperPreview
from ui.qt import (
    QT_TR_NOOP,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPixmap,
    QPushButton,
    QScrollArea,
    Qt,
    QVBoxLayout,
)
from ui.theme import COLORS, set_role

CAPTIONS: dict[str, str] = {
    "name": QT_TR_NOOP("Shop name"),
    "address": QT_TR_NOOP("Address"),
    "tax_code": QT_TR_NOOP("Tax code (MST)"),
    "phone": QT_TR_NOOP("Phone"),
    "footer_vi": QT_TR_NOOP("Receipt footer (Vietnamese)"),
    "footer_en": QT_TR_NOOP("Receipt footer (English)"),
    "bank_bin": QT_TR_NOOP("Bank"),
    "bank_account": QT_TR_NOOP("Account number"),
    "bank_account_name": QT_TR_NOOP("Account holder"),
}


def _pixmap(image: Image.Image) -> QPixmap:
    buffer = io.BytesIO()
    image.convert("L").save(buffer, format="PNG")
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue())
    return pixmap


class ShopScreen(ManagerScreen):
    def __init__(
        self, terminal: Terminal, actor: StaffMember, ask_approval: ApprovalAsker | None = None
    ) -> None:
        super().__init__(terminal, actor, ask_approval)
        self.saved = load_profile(self.engine)
        row = QHBoxLayout()
        row.setSpacing(16)

        form_card, form_box = card()
        self.shop_title = label("", "h3")
        form_box.addWidget(self.shop_title)
        self.form = QFormLayout()
        self.form.setVerticalSpacing(8)
        self.form.setHorizontalSpacing(14)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.edits: dict[str, QLineEdit] = {}
        self.bank = bank_combo()
        self.bank.setObjectName("shop_bank_bin")
        self.fields: dict[str, Field] = {}
        self.captions: dict[str, QLabel] = {}
        self.bank_title = label("", "h3")
        for key in FIELDS:
            if key == "bank_bin":
                self.form.addRow(self.bank_title)
                editor: QComboBox | QLineEdit = self.bank
            else:
                edit = QLineEdit()
                edit.setObjectName(f"shop_{key}")
                edit.editingFinished.connect(self.update_preview)
                self.edits[key] = edit
                editor = edit
            field = Field(editor)
            self.fields[key] = field
            caption = form_caption()
            caption.setMinimumWidth(190)
            self.captions[key] = caption
            self.form.addRow(caption, field)
        self.bank.currentIndexChanged.connect(lambda _i: self.update_preview())
        form_box.addLayout(self.form)
        self.bank_hint = label("", "muted")
        self.bank_hint.setWordWrap(True)
        form_box.addWidget(self.bank_hint)
        form_box.addStretch(1)
        scroll = form_scroll(form_card)
        left = QVBoxLayout()  # Save stays in sight under the form, however far it scrolled
        left.setSpacing(8)
        left.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        self.revert_button = QPushButton()
        self.revert_button.clicked.connect(lambda: self.load(self.saved))
        self.save_button = QPushButton()
        set_role(self.save_button, "primary")
        self.save_button.clicked.connect(self.save)
        for b in (self.revert_button, self.save_button):
            b.setMinimumHeight(46)
            buttons.addWidget(b)
        left.addLayout(buttons)
        self.status = QLabel()
        self.status.setWordWrap(True)
        left.addWidget(self.status)
        left.addWidget(self.message)
        row.addLayout(left, 5)

        side_card, side = card()
        self.preview_title = label("", "h3")
        side.addWidget(self.preview_title)
        self.preview = PaperPreview()
        paper = QScrollArea()
        paper.setWidgetResizable(True)
        paper.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        paper.setWidget(self.preview)
        paper.setStyleSheet(f"QScrollArea {{ background: {COLORS['bg']}; border: none; }}")
        side.addWidget(paper, 1)
        qr_row = QHBoxLayout()
        self.qr = QLabel()
        self.qr.setObjectName("shop_qr")
        self.qr.setFixedSize(150, 150)
        self.qr.setScaledContents(True)
        qr_row.addWidget(self.qr)
        qr_text = QVBoxLayout()
        self.qr_title = label("", "h3")
        self.qr_note = label("", "muted")
        self.qr_note.setWordWrap(True)
        qr_text.addWidget(self.qr_title)
        qr_text.addWidget(self.qr_note, 1)
        qr_row.addLayout(qr_text, 1)
        side.addLayout(qr_row)
        row.addWidget(side_card, 3)
        self.outer.addLayout(row, 1)
        self.load(self.saved)
        self.retranslate()

    # --- the form ---------------------------------------------------------------------------------------------
    def load(self, profile: ShopProfile) -> None:
        for key, edit in self.edits.items():
            edit.setText(getattr(profile, key))
            edit.setCursorPosition(0)
        set_bank(self.bank, profile.bank_bin)
        self.show_field_errors({})
        self.status.clear()
        self.show_error(None)
        self.update_preview()

    def form_profile(self) -> ShopProfile:
        values = {key: edit.text() for key, edit in self.edits.items()}
        return ShopProfile(bank_bin=str(self.bank.currentData() or ""), **values)

    def set_field(self, key: str, value: str) -> None:
        """Fill one field as a person would (tests, screenshots)."""
        if key == "bank_bin":
            set_bank(self.bank, value)
        else:
            self.edits[key].setText(value)
            self.edits[key].setCursorPosition(0)
        self.update_preview()

    def show_field_errors(self, messages: dict[str, str]) -> None:
        for key, field in self.fields.items():
            field.set_error(messages.get(key, ""))

    def save(self) -> ShopProfile | None:
        """Check and save the form; every problem goes under its field and nothing is saved."""
        self.status.clear()
        self.show_field_errors({})
        data = self.form_profile()
        saved = self.guarded(
            lambda approval: save_profile(
                self.engine, self.actor, data, approval=approval, terminal_code=self.terminal.code
            ),
            frozenset({Permission.EDIT_SHOP_PROFILE}),
        )
        if saved is None:
            self._field_errors_from_message()
            return None
        self.saved = saved
        self.load(saved)
        self.status.setStyleSheet(f"color: {COLORS['pay']}; font-weight: 600;")
        self.status.setText(tr("Saved. Receipts from now on print these details."))
        return saved

    def _field_errors_from_message(self) -> None:
        """``guarded`` showed the error as one line; a profile error is also spread under its fields."""
        error = self.last_error
        if isinstance(error, ShopProfileError):
            self.show_error(None)
            self.show_field_errors(error.field_messages(current_language()))

    # --- the preview --------------------------------------------------------------------------------------------
    def update_preview(self) -> None:
        data = self.form_profile()
        lang = current_language()
        doc = dataclasses.replace(
            sample_sale(lines=2, lang=lang),
            shop_name=" ".join(data.name.split()) or "—",
            shop_address=" ".join(data.address.split()),
            tax_code=data.tax_code.strip(),
            footer=data.footer(lang),
        )
        self.preview.set_paper(_pixmap(preview_png(doc, 80, "raster")))
        self._update_qr()

    def _update_qr(self) -> None:
        saved = self.saved
        if not saved.takes_transfers:
            self.qr.clear()
            self.qr.hide()
            self.qr_title.setText(tr("No transfers yet"))
            self.qr_note.setText(
                tr(
                    "Choose the bank, type the account number and holder, then Save to turn VietQR payment on."
                )
            )
            return
        bank = bank_by_bin(saved.bank_bin)
        self.qr.setPixmap(_pixmap(render_qr(vietqr.build(saved.bank_bin, saved.bank_account), box_size=4)))
        self.qr.show()
        self.qr_title.setText(tr("The shop's VietQR"))
        short = bank.short_name if bank else saved.bank_bin
        self.qr_note.setText(
            f"{short} · {saved.bank_account}\n"
            + tr("Scan it with a banking app: the name shown must be {holder}.").format(
                holder=saved.bank_account_name
            )
        )

    # --- texts ----------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        self.heading.setText(tr("Shop"))
        self.shop_title.setText(tr("What the receipts print"))
        self.bank_title.setText(tr("Transfer account (VietQR)"))
        for key, text in CAPTIONS.items():
            self.captions[key].setText(tr(text))
        retranslate_banks(self.bank)
        placeholders = {
            "tax_code": "0101234567 · 0101234567-001",
            "phone": "0203 3812 345",
            "bank_account": "0071001234567",
            "bank_account_name": "NGUYEN VAN A",
        }
        for key, text in placeholders.items():
            self.edits[key].setPlaceholderText(text)
        self.bank_hint.setText(
            tr("The account holder is saved in capitals without diacritics, as the bank shows it.")
        )
        self.revert_button.setText(tr("Revert"))
        self.save_button.setText(tr("Save"))
        self.preview_title.setText(tr("The receipt as it will print"))
        self.update_preview()
