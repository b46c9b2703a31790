"""Form pieces the shop and producer sections share: a field with its own inline error line, and the bank list."""

from __future__ import annotations

from pos.payments.banks import all_banks, bank_by_bin
from ui.i18n import tr
from ui.manager.base import label
from ui.qt import QComboBox, QVBoxLayout, QWidget


class Field(QWidget):
    """An editor with a red line under it that names what is wrong with it (hidden while nothing is)."""

    def __init__(self, editor: QWidget) -> None:
        super().__init__()
        self.editor = editor
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        editor.setMinimumHeight(38)
        box.addWidget(editor)
        self.error = label("", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        box.addWidget(self.error)

    def set_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))


def bank_combo() -> QComboBox:
    """The VietQR banks by short name (the item data is the BIN); the first item is "no bank"."""
    combo = QComboBox()
    combo.addItem("—", "")
    for bank in sorted(all_banks(), key=lambda b: b.short_name.casefold()):
        combo.addItem(f"{bank.short_name} · {bank.bin}", bank.bin)
    combo.setMaxVisibleItems(16)
    return combo


def set_bank(combo: QComboBox, bank_bin: str) -> None:
    """Select ``bank_bin``; a BIN the shipped list does not know (synced from head office) is added as it is."""
    index = combo.findData(bank_bin)
    if index < 0:
        combo.addItem(bank_bin, bank_bin)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


def retranslate_banks(combo: QComboBox) -> None:
    combo.setItemText(0, tr("— none —"))
    for i in range(1, combo.count()):
        bank = bank_by_bin(str(combo.itemData(i)))
        if bank is not None:
            combo.setItemText(i, f"{bank.short_name} · {bank.bin}")
