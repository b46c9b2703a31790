"""The till's status bar: is the receipt printer printing, is the till in touch with head office, and have its
e-invoices reached the tax authority.

Both are read at a glance from the cashier's seat: a coloured pictogram and a short sentence, with the one
button that helps ("Retry" for a printer that was fixed, "Sync now"). Problems are spelt out ("Out of paper ·
3 receipts waiting"), never a code.
"""

from __future__ import annotations

import datetime as dt

from pos.einvoice.worker import SenderStatus
from pos.sync.status import SyncStatus
from ui.i18n import core_words, current_language, tr
from ui.printing import PrinterState
from ui.qt import QEvent, QHBoxLayout, QLabel, QPushButton, QSizePolicy, Qt, QWidget
from ui.theme import COLORS, icon_pixmap

LEVEL_COLORS = {
    "ok": COLORS["pay"],
    "busy": COLORS["brand"],
    "warn": COLORS["warn"],
    "error": COLORS["danger"],
    "off": COLORS["muted"],
}


def _small_button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setMinimumHeight(30)
    button.setStyleSheet(
        f"QPushButton {{ padding: 2px 12px; border: 1px solid {COLORS['line']}; border-radius: 6px;"
        f" background: {COLORS['card']}; color: {COLORS['brand_dark']}; }}"
        f"QPushButton:pressed {{ background: {COLORS['brand_soft']}; }}"
    )
    return button


class _Indicator(QWidget):
    def __init__(self) -> None:
        super().__init__()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 0, 8, 0)
        lay.setSpacing(6)
        self.row = lay
        self.icon = QLabel()
        self.icon.setFixedSize(20, 20)
        self.text = QLabel()
        self.text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        lay.addWidget(self.icon)
        lay.addWidget(self.text)
        self.level = "off"

    def _paint(self, icon_name: str, level: str, text: str) -> None:
        self.level = level
        color = LEVEL_COLORS.get(level, COLORS["muted"])
        self.icon.setPixmap(icon_pixmap(icon_name, 20, color))
        self.text.setText(text)
        weight = "600" if level in ("error", "warn") else "400"
        self.text.setStyleSheet(f"color: {color}; font-weight: {weight};")

    def refresh(self) -> None:  # pragma: no cover - overridden
        pass

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh()
        super().changeEvent(event)


def describe_printer(s: PrinterState) -> str:
    """The printer's state in a line: ``Printer ready`` / ``Printer not printing: Out of paper · 3 receipts waiting``."""
    lang = current_language()
    level = s.level
    if level == "off":
        return tr("No receipt printer set up")
    if not s.configured:
        return tr("Printer settings invalid: {problem}").format(problem=s.problem(lang))
    waiting = tr("%n receipts waiting", "", s.pending) if s.pending else ""
    if level == "error":
        text = tr("Printer not printing: {problem}").format(problem=s.problem(lang) or tr("offline"))
    elif level == "warn":
        text = tr("Printer: {problem}").format(problem=s.problem(lang))
    elif level == "busy":
        text = tr("Printing…")
    else:
        text = tr("Printer ready")
    return f"{text} · {waiting}" if waiting else text


class PrinterIndicator(_Indicator):
    """``Printer ready`` / ``Printing… 2 waiting`` / ``Printer not printing: Out of paper · 3 receipts waiting``."""

    def __init__(self) -> None:
        super().__init__()
        self.state = PrinterState(False)
        self.retry = _small_button("")
        self.row.addWidget(self.retry)
        self.refresh()

    def set_state(self, state: PrinterState) -> None:
        self.state = state
        self.refresh()

    def describe(self) -> str:
        return describe_printer(self.state)

    def refresh(self) -> None:
        self._paint("printer", self.state.level, self.describe())
        self.setToolTip(self.state.where)
        self.retry.setText(tr("Retry"))
        self.retry.setVisible(self.state.configured and self.state.level == "error")


CAMERA_LEVELS = {"running": "ok", "opening": "busy", "no_camera": "error", "unplugged": "error"}


class CameraIndicator(_Indicator):
    """The webcam scanner's state, for when its preview is hidden: ``Camera scanning`` / ``Camera unplugged…``."""

    def __init__(self) -> None:
        super().__init__()
        self.state, self.vi, self.en = "opening", "", ""
        self.refresh()

    def set_status(self, state: str, vi: str, en: str) -> None:
        self.state, self.vi, self.en = state, vi, en
        self.refresh()

    def refresh(self) -> None:
        message = core_words(self.vi, self.en)
        self._paint("camera", CAMERA_LEVELS.get(self.state, "off"), message or tr("Camera: starting…"))


def _local_hm(moment: dt.datetime) -> str:
    """A UTC time (naive or aware) as the shop's local time: ``14:32``, or ``28/11 14:32`` if not today."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
    local = aware.astimezone()
    if local.date() == dt.datetime.now().astimezone().date():
        return local.strftime("%H:%M")
    return local.strftime("%d/%m %H:%M")


class SyncIndicator(_Indicator):
    """``Online · last sync 14:32`` / ``Offline · 12 sales to send · last sync 09:10``, and "Sync now"."""

    def __init__(self) -> None:
        super().__init__()
        self.status: SyncStatus | None = None
        self.sync_now = _small_button("")
        self.row.addWidget(self.sync_now)
        self.refresh()

    def set_status(self, status: SyncStatus) -> None:
        self.status = status
        self.refresh()

    def describe(self) -> tuple[str, str]:
        """The level and the sentence."""
        s = self.status
        if s is None:
            return "off", tr("Head office: starting…")
        if not s.registered:
            return "off", tr("Head office: this till is not registered")
        parts: list[str] = []
        if s.syncing:
            parts.append(tr("Syncing…"))
            level = "busy"
        elif s.online:
            parts.append(tr("Online"))
            level = "ok"
        else:
            parts.append(tr("Offline"))
            level = "error"
        if s.queued:
            parts.append(tr("%n to send", "", s.queued))
        if s.quarantined:
            parts.append(tr("%n refused by head office", "", s.quarantined))
            level = "warn" if level == "ok" else level
        if s.last_success_at is not None:
            parts.append(tr("last sync {time}").format(time=_local_hm(s.last_success_at)))
        else:
            parts.append(tr("never synced"))
        return level, " · ".join(parts)

    def refresh(self) -> None:
        level, text = self.describe()
        self._paint("globe", level, text)
        s = self.status
        self.setToolTip(s.last_error(current_language()) if s is not None else "")
        self.sync_now.setText(tr("Sync now"))
        self.sync_now.setEnabled(s is None or not s.syncing)


class DisplayIndicator(_Indicator):
    """The customer display, named: off, on the second screen, or waiting for one; one button to change it."""

    def __init__(self) -> None:
        super().__init__()
        self.toggle = _small_button("")
        self.toggle.setObjectName("DisplayToggle")
        self.row.addWidget(self.toggle)
        self.state = "off"
        self.refresh()

    def set_state(self, state: str) -> None:
        self.state = state
        self.refresh()

    def refresh(self) -> None:
        if self.state == "on":
            self._paint("display", "ok", tr("Customer display: on"))
            self.toggle.setText(tr("Close it"))
        elif self.state == "waiting":
            self._paint("display", "busy", tr("Customer display: waiting for a second screen"))
            self.toggle.setText(tr("Cancel"))
        else:
            self._paint("display", "off", tr("Customer display: off"))
            self.toggle.setText(tr("Open it"))


class EInvoiceIndicator(_Indicator):
    """``E-invoices sent`` / ``E-invoices: 3 waiting · 1 rejected · 2 late`` (for head office's relay: ``E-invoices
    at head office: …``), the reason in the tooltip, and "Send now" for a till that sends its own. Hidden for a
    store that does not issue e-invoices."""

    def __init__(self) -> None:
        super().__init__()
        self.status = SenderStatus()
        self.send_now = _small_button("")
        self.row.addWidget(self.send_now)
        self.refresh()

    def set_status(self, status: SenderStatus) -> None:
        self.status = status
        self.refresh()

    def describe(self) -> tuple[str, str]:
        """The level and the sentence."""
        s = self.status
        relay = s.via == "relay"
        head = tr("E-invoices at head office") if relay else tr("E-invoices")
        parts: list[str] = []
        if s.waiting:
            parts.append(tr("%n waiting", "", s.waiting))
        if s.rejected:
            parts.append(tr("%n rejected", "", s.rejected))
        if s.overdue:
            parts.append(tr("%n late", "", s.overdue))
        problem = s.last_error_vi or s.last_error_en
        if s.rejected or s.overdue:
            level = "error"
        elif s.sending:
            level = "busy"
        elif problem and s.waiting:
            level = "warn"
            parts.append(tr("not sending"))
        elif s.waiting:
            level = "busy"
        else:
            level = "ok"
        if not parts:
            return level, tr("{head}: all sent").format(head=head)
        return level, f"{head}: " + " · ".join(parts)

    def refresh(self) -> None:
        s = self.status
        self.setVisible(s.enrolled or bool(s.waiting or s.rejected))
        level, text = self.describe()
        self._paint("receipt", level, text)
        self.setToolTip(s.last_error(current_language()))
        self.send_now.setText(tr("Send now"))
        self.send_now.setVisible(s.via != "relay" and bool(s.waiting))
