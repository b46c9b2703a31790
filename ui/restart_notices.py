"""What the till tells the cashier after it stopped unexpectedly, and when it brought a sale in progress back.

The facts come from the core (``pos.last_run.UncleanStop``: how and when the last run ended and which log file
holds the details; ``pos.selling.open_cart.RestoredCart``: the cart, who started it and when); this module only
words them in the cashier's language. The sign-in screen shows :class:`StopNotice` until someone dismisses it;
the sale screen shows :func:`restored_cart_text` in its notice line the first time it is entered.
"""

from __future__ import annotations

import datetime as dt

from pos.last_run import UncleanStop
from pos.selling.open_cart import RestoredCart
from ui.i18n import tr
from ui.qt import QT_TR_NOOP, QFrame, QHBoxLayout, QLabel, Qt, QVBoxLayout, QWidget
from ui.theme import COLORS, icon_pixmap, set_role
from ui.widgets import ActionButton


def local_datetime(utc_naive: dt.datetime) -> str:
    """A stored UTC time as the shop's local date and time (``25/03/2026 14:05``)."""
    return utc_naive.replace(tzinfo=dt.UTC).astimezone().strftime("%d/%m/%Y %H:%M")


def unclean_stop_text(stop: UncleanStop, cart_kept: bool) -> str:
    """The sign-in screen's notice: that the till stopped, when, why if known, and where the log is."""
    when, path = local_datetime(stop.stopped_at), str(stop.log_path)
    if stop.kind == "crash":
        text = tr(
            "The till stopped unexpectedly at {time}: the program crashed. The details are in the log file "
            "{path} — please send that file to support."
        )
    elif stop.kind == "restart":
        text = tr(
            "The till stopped unexpectedly at about {time}: the computer restarted or lost power while the till "
            "was open. The log file is {path}."
        )
    else:
        text = tr(
            "The till stopped unexpectedly at about {time}: it was ended by the system or lost power. "
            "The log file is {path}."
        )
    text = text.format(time=when, path=path)
    if cart_kept:
        text += " " + tr("The sale in progress was kept: it is waiting on the sale screen.")
    return text


def restored_cart_text(restored: RestoredCart, after_unclean_stop: bool, needs_approval: bool) -> str:
    """The sale screen's notice for a cart brought back at start: after what, who started it and when."""
    who = restored.started_by or "?"
    when = local_datetime(restored.started_at)
    if after_unclean_stop:
        text = tr("The sale in progress was restored after an unexpected stop (started by {name} at {time}).")
    else:
        text = tr("The sale in progress when the till was closed was restored (started by {name} at {time}).")
    text = text.format(name=who, time=when)
    if restored.from_another_day():
        text += " " + tr("It was started on {date}: its lines keep that day's prices.").format(
            date=restored.started_on.strftime("%d/%m/%Y")
        )
    if needs_approval:
        text += " " + tr("Its discounts need a manager's approval again at payment.")
    return text


class StopNotice(QFrame):
    """A warning card over the sign-in screen that stays until someone dismisses it (the button, or Esc)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NoticeBar")
        set_role(self, "warn")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(8)
        top = QHBoxLayout()
        top.setSpacing(10)
        mark = QLabel()
        mark.setPixmap(icon_pixmap("warning", 26, COLORS["warn"]))
        mark.setAlignment(Qt.AlignmentFlag.AlignTop)
        top.addWidget(mark)
        self.text = QLabel()
        self.text.setObjectName("NoticeText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )  # the path can be copied
        top.addWidget(self.text, 1)
        layout.addLayout(top)
        self.dismiss = ActionButton(QT_TR_NOOP("Dismiss"), "Esc", "check", "quiet", on_click=self.hide)
        self.dismiss.setFixedWidth(150)
        layout.addWidget(self.dismiss, 0, Qt.AlignmentFlag.AlignRight)
        self.stop: UncleanStop | None = None
        self.cart_kept = False
        self.hide()

    def show_stop(self, stop: UncleanStop, cart_kept: bool) -> None:
        self.stop, self.cart_kept = stop, cart_kept
        self.retranslate()
        self.show()

    def retranslate(self) -> None:
        self.dismiss.retranslate()
        if self.stop is not None:
            self.text.setText(unclean_stop_text(self.stop, self.cart_kept))
