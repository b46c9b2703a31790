"""Asking a manager (or shift lead) to type their PIN to approve one action on the manager screens."""

from __future__ import annotations

from pos.errors import PosError
from pos.staff.approval import approve
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission, permission_labels
from pos.staff.pins import install_secret
from pos.till.terminal import Terminal
from ui.i18n import current_language, tr
from ui.manager.base import ApprovalAsker
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
        self.setWindowTitle(tr("Approval needed"))
        box = QVBoxLayout(self)
        what = permission_labels(permissions, current_language())
        box.addWidget(QLabel(tr("{what}: a manager's PIN, please").format(what=what)))
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        box.addWidget(self.pin)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(tr("Reason"))
        box.addWidget(self.reason)
        self.error = QLabel("")
        set_role(self.error, "error")
        box.addWidget(self.error)
        row = QHBoxLayout()
        cancel, ok = QPushButton(tr("Cancel")), QPushButton(tr("Approve"))
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
            self.error.setText(exc.message(current_language()))
            return
        self.accept()


def dialog_asker(terminal: Terminal, requester: StaffMember, parent: QWidget | None = None) -> ApprovalAsker:
    """An ``ApprovalAsker`` that shows the PIN dialog."""

    def ask(permissions: frozenset[Permission]) -> Approval | None:
        dialog = ApprovalDialog(terminal, requester, permissions, parent)
        return dialog.approval if run_modal(dialog) else None

    return ask
