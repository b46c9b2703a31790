"""What every manager screen shares: the terminal, the signed-in person, asking for an approval when the core
refuses for lack of a right, and showing core errors in the current language."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pos.errors import PermissionDenied, PosError
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission
from pos.till.terminal import Terminal
from ui.i18n import current_language, tr
from ui.qt import (
    QAbstractItemModel,
    QAbstractItemView,
    QEvent,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from ui.theme import set_role

T = TypeVar("T")
#: Asks someone with the right for their PIN; returns the approval, or None if cancelled.
ApprovalAsker = Callable[[frozenset[Permission]], Approval | None]


def label(text: str = "", role: str = "") -> QLabel:
    widget = QLabel(text)
    if role:
        set_role(widget, role)
    return widget


def caption(text: str = "") -> QLabel:
    """A form field's caption, centred on the (touch-sized) field beside it."""
    widget = QLabel(text)
    widget.setMinimumHeight(40)
    widget.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return widget


def row_table(model: QAbstractItemModel, *, single: bool = False) -> QTableView:
    """A table of ``model`` that selects whole rows (one at a time with ``single``), without row numbers."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    return view


def form_scroll(form_card: QWidget) -> QScrollArea:
    """``form_card`` in a frameless vertical scroll area: on a 768-pixel screen a long form scrolls rather than
    squashing its fields."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setStyleSheet("QScrollArea { background: transparent; }")
    scroll.viewport().setAutoFillBackground(False)
    scroll.setWidget(form_card)
    return scroll


def card() -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("Card")
    frame.setStyleSheet("#Card { background: #ffffff; border: 1px solid #d9e2e0; border-radius: 8px; }")
    box = QVBoxLayout(frame)
    box.setContentsMargins(16, 12, 16, 12)
    return frame, box


def figure(title: QLabel, value: QLabel) -> QFrame:
    """A small card with a caption over a big number."""
    frame, box = card()
    set_role(title, "muted")
    set_role(value, "h2")
    box.addWidget(title)
    box.addWidget(value)
    return frame


class ManagerScreen(QWidget):
    """A page of the manager's side. Subclasses build in ``__init__`` and set texts in ``retranslate``."""

    def __init__(
        self, terminal: Terminal, actor: StaffMember, ask_approval: ApprovalAsker | None = None
    ) -> None:
        super().__init__()
        self.terminal = terminal
        self.engine = terminal.engine
        self.actor = actor
        self.ask_approval = ask_approval
        self.setObjectName(type(self).__name__)
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(24, 18, 24, 18)
        self.outer.setSpacing(12)
        top = QHBoxLayout()
        self.heading = label("", "h1")
        top.addWidget(self.heading)
        top.addStretch(1)
        self.who = label("", "muted")
        top.addWidget(self.who)
        self.outer.addLayout(top)
        self.message = label("", "error")
        self.message.setWordWrap(True)
        self.message.hide()
        self.last_error: PosError | None = (
            None  # what show_error last showed (a form may also mark its fields)
        )

    def retranslate(self) -> None:
        self.who.setText(f"{self.actor.name} · {self.terminal.code}")

    def on_key(self, key: Qt.Key) -> bool:
        """A function key the section acts on (the key printed on its button); True if taken."""
        return False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_error(self, error: PosError | None) -> None:
        self.last_error = error
        if error is None:
            self.message.hide()
            return
        self.message.setText(error.message(current_language()))
        self.message.show()

    def show_message(self, text: str) -> None:
        """A problem the screen words itself (``text`` already translated); no core error goes with it."""
        self.last_error = None
        self.message.setText(text)
        self.message.show()

    def guarded(self, action: Callable[[Approval | None], T], permissions: frozenset[Permission]) -> T | None:
        """Run ``action``; if the core refuses for lack of a right, ask for an approval and run it once more."""
        self.show_error(None)
        try:
            return action(None)
        except PermissionDenied as exc:
            if exc.code != "needs_approval" or self.ask_approval is None:
                self.show_error(exc)
                return None
        except PosError as exc:
            self.show_error(exc)
            return None
        approval = self.ask_approval(permissions)
        if approval is None:
            self.show_message(tr("Not approved"))
            return None
        try:
            return action(approval)
        except PosError as exc:
            self.show_error(exc)
            return None

    # --- exporting to a file ------------------------------------------------------------------------------------
    def ask_open_path(self, title: str, name_filter: str) -> Path | None:
        """A file to read, from the system's open dialog (None: cancelled). Tests replace this method."""
        chosen, _kind = QFileDialog.getOpenFileName(self, title, str(Path.home()), name_filter)
        return Path(chosen) if chosen else None

    def ask_save_path(self, suggested: str) -> Path | None:
        """Where to save an export, from the system's save dialog (None: cancelled). A name without .csv or
        .xlsx gets the one of the chosen file type. Tests replace this method: it is the only dialog."""
        xlsx, csv = (
            tr("Excel workbook (*.xlsx)"),
            tr("CSV file (*.csv)"),
        )
        chosen, kind = QFileDialog.getSaveFileName(
            self, tr("Export to a file"), str(Path.home() / suggested), f"{xlsx};;{csv}"
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() not in (".csv", ".xlsx"):
            path = path.with_name(path.name + (".csv" if kind == csv else ".xlsx"))
        return path

    def run_export(self, write: Callable[[Path], None], suggested: str) -> Path | None:
        """Ask where, then ``write(path)`` (.csv or .xlsx, by its suffix); a refusal or a disk error is shown on the
        screen, and a file is never left half-written (written aside, then renamed). Returns the file written, or None."""
        self.show_error(None)
        path = self.ask_save_path(suggested)
        if path is None:
            return None
        part = path.with_name(f".{path.stem}.part{path.suffix}")  # same suffix: it chooses the format
        try:
            try:
                write(part)
                part.replace(path)
            finally:
                part.unlink(missing_ok=True)
        except PosError as exc:
            self.show_error(exc)
            return None
        except OSError as exc:
            self.show_message(
                tr("Could not write {path}: {reason}").format(path=path, reason=exc.strerror or exc)
            )
            return None
        return path
