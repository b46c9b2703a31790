"""Asking a manager (or shift lead) to type their PIN to approve one action on the manager screens."""

from __future__ import annotations

from pos.errors import PosError
from pos.staff.approval import approve
from pos.staff.member import StaffMember
from pos.staff.permissions import PERMISSION_LABELS, Approval, Permission
from pos.staff.pins import install_secret
from pos.till.terminal import Terminal
from ui.manager.words import lang, t
from ui.modal import run_modal
from ui.qt import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget
from ui.theme import set_role


class ApprovalDialog(QDialog):
    def __init__(
        self,
        terminal: Terminal,
        requester: StaffMember,
        permissions: frozenset[Permission],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.terminal = terminal
        self.requester = requester
        self.permissions = permissions
        self.approval: Approval | None = None
        self.setModal(True)
        self.setWindowTitle(t("Cần duyệt", "Approval needed"))
        box = QVBoxLayout(self)
        what = ", ".join(PERMISSION_LABELS[p][0 if lang() == "vi" else 1] for p in sorted(permissions))
        box.addWidget(QLabel(t(f"{what}: nhờ quản lý nhập mã PIN", f"{what}: a manager's PIN, please")))
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        box.addWidget(self.pin)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(t("Lý do", "Reason"))
        box.addWidget(self.reason)
        self.error = QLabel("")
        set_role(self.error, "error")
        box.addWidget(self.error)
        row = QHBoxLayout()
        cancel, ok = QPushButton(t("Huỷ", "Cancel")), QPushButton(t("Duyệt", "Approve"))
        set_role(ok, "primary")
        cancel.clicked.connect(self.reject)
        ok.clicked.connect(self.try_accept)
        self.pin.returnPressed.connect(self.try_accept)
        row.addWidget(cancel)
        row.addWidget(ok)
        box.addLayout(row)

    def try_accept(self) -> None:
        try:
            self.approval = approve(
                self.terminal.engine,
                install_secret(self.terminal.settings.home),
                self.pin.text(),
                self.permissions,
                requested_by=self.requester,
                reason=self.reason.text().strip(),
                terminal_code=self.terminal.code,
            )
        except PosError as exc:
            self.pin.clear()
            self.error.setText(exc.message(lang()))
            return
        self.accept()


def dialog_asker(terminal: Terminal, requester: StaffMember, parent: QWidget | None = None):  # type: ignore[no-untyped-def]
    """An ``ApprovalAsker`` that shows the PIN dialog."""

    def ask(permissions: frozenset[Permission]) -> Approval | None:
        dialog = ApprovalDialog(terminal, requester, permissions, parent)
        return dialog.approval if run_modal(dialog) else None

    return ask
