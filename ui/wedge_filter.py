"""The keyboard-wedge scanner, application-wide: every key press goes through ``pos.devices.wedge``.

The filter sits on the ``QApplication`` so a scan is recognised whatever widget has focus. Each key press is
swallowed and fed to :class:`WedgeDecoder` together with a copy of the event; the decoder answers with

* ``Scan(code)`` — the held copies are dropped (the code never reaches a text field, its Enter never presses a
  button) and ``on_scan(code)`` runs;
* ``Typed(keys)`` — a person typed: the held copies are re-delivered, in order, to the widget that has focus
  now, after ``on_key`` had a chance to take them as till commands (function keys).

A single-shot timer armed for ``next_deadline_ms`` lets held keys out when their burst goes quiet. Time comes
from an injectable clock (milliseconds), so tests drive the decoder with exact, realistic key timing.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import NamedTuple

from pos.barcodes import GS
from pos.devices.wedge import Action, Scan, Typed, WedgeConfig, WedgeDecoder
from ui.qt import QApplication, QEvent, QKeyEvent, QKeySequence, QObject, Qt, QTimer, QWidget

_MODIFIER_KEYS = {
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Meta,
    Qt.Key.Key_Super_L,
    Qt.Key.Key_Super_R,
    Qt.Key.Key_Hyper_L,
    Qt.Key.Key_Hyper_R,
    Qt.Key.Key_CapsLock,
    Qt.Key.Key_NumLock,
    Qt.Key.Key_ScrollLock,
}
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)


def monotonic_ms() -> float:
    return time.monotonic() * 1000.0


_KEY_PRESS = QEvent.Type.KeyPress
#: Modifiers that make a printable key a command (Ctrl+S is not an "s"); the keypad's flag does not.
_COMMAND_NOT_KEYPAD = _COMMAND_MODIFIERS & ~Qt.KeyboardModifier.KeypadModifier


def key_name(event: QKeyEvent) -> str | None:
    """The decoder's name for a key press: one character for printable keys, a key name otherwise.

    None for a modifier pressed alone (the decoder ignores those; they pass straight through).
    """
    return _name(event, event.key(), event.modifiers(), event.text())


def _name(event: QKeyEvent, key: int, modifiers: Qt.KeyboardModifier, text: str) -> str | None:
    """:func:`key_name` from the event's key, modifiers and text, already read: every key of every scan comes
    here, and each read of a Qt enum from an event makes a Python enum object (a few µs on this path)."""
    if len(text) == 1 and text != GS and text.isprintable() and not (modifiers & _COMMAND_NOT_KEYPAD):
        return text  # a digit or a letter: what a scan is made of (no modifier key or Enter has such a text)
    if key in _MODIFIER_KEYS:
        return None
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return "Enter"
    if key == Qt.Key.Key_Tab:
        return "Tab"
    text = event.text()
    if text == GS or (key == Qt.Key.Key_BracketRight and modifiers & Qt.KeyboardModifier.ControlModifier):
        return GS  # FNC1 between GS1 elements: scanners type it as Ctrl+]; it is part of the code
    name = QKeySequence(event.keyCombination()).toString()
    return name if len(name) >= 2 else f"Key{int(key)}"


class _HeldKey(NamedTuple):
    """A key press held back while its burst is judged: what is needed to send it again. Kept as values, not
    as a copied ``QKeyEvent``: a scan's keys are dropped, never sent, and building an event costs more than
    reading it (the event is made when a person's key is let out, at a person's pace)."""

    key: int
    modifiers: Qt.KeyboardModifier
    text: str
    auto_repeat: bool
    repeat_count: int

    def event(self) -> QKeyEvent:
        return QKeyEvent(_KEY_PRESS, self.key, self.modifiers, self.text, self.auto_repeat, self.repeat_count)


class WedgeFilter(QObject):
    """Install with ``app.installEventFilter(f)``. ``on_scan(code)`` takes scans; ``on_key(event) -> bool``
    may take a human key as a till command (return True) before it is delivered to the focused widget."""

    def __init__(
        self,
        on_scan: Callable[[str], None],
        on_key: Callable[[QKeyEvent], bool] | None = None,
        config: WedgeConfig | None = None,
        clock: Callable[[], float] = monotonic_ms,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.decoder = WedgeDecoder(config)
        self.on_scan = on_scan
        self.on_key = on_key
        self.clock = clock
        self.enabled = True
        self._held: deque[tuple[_HeldKey, QObject]] = deque()
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.poll)

    # --- Qt hook --------------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Every event of the application comes here (paints, timers, ...): the cheapest tests first — PySide
        # gives a key event its own class, and asking the type of every event makes a Python enum each time.
        if (
            not isinstance(event, QKeyEvent)
            or self._replaying
            or not self.enabled
            or event.type() != _KEY_PRESS
        ):
            return False
        key, modifiers, text = event.key(), event.modifiers(), event.text()
        name = _name(event, key, modifiers, text)
        if name is None:
            return False
        self._held.append((_HeldKey(key, modifiers, text, event.isAutoRepeat(), event.count()), watched))
        self._run(self.decoder.feed(name, self.clock()))
        return True

    # --- driving the decoder -----------------------------------------------------------------------------------
    def poll(self) -> None:
        """Let out keys whose burst went quiet (the timer calls this; tests may call it after moving the clock)."""
        self._run(self.decoder.poll(self.clock()))

    def flush(self) -> None:
        """Deliver every held key now (the window lost focus, a dialog opens, the till closes)."""
        self._run(self.decoder.flush())

    def redeliver(self, event: QKeyEvent) -> None:
        """A human key the window held back while the till was busy: to the till's commands, then to the widget
        that has focus now."""
        self._deliver(event, QApplication.focusWidget() or QApplication.activeWindow() or self)

    def _run(self, actions: list[Action]) -> None:
        for action in actions:
            if isinstance(action, Typed):
                events = [self._held.popleft() for _ in range(min(len(action.keys), len(self._held)))]
                for held, watched in events:
                    self._deliver(held.event(), watched)
            elif isinstance(action, Scan):
                self._held.clear()
                self.on_scan(action.code)
        # Keys the decoder consumed without a word (an Enter swallowed after a scan) are dropped; what it still
        # holds is the newest part of the queue.
        pending = self.decoder.held_count
        while len(self._held) > pending:
            self._held.popleft()
        self._arm()

    def _arm(self) -> None:
        deadline = self.decoder.next_deadline_ms()
        if deadline is None:
            self._timer.stop()
            return
        self._timer.start(max(0, int(deadline - self.clock()) + 1))

    def _deliver(self, event: QKeyEvent, watched: QObject) -> None:
        if self.on_key is not None and self.on_key(event):
            return
        # The widget with focus now (focus may have moved while the key was held), else where the key was sent.
        target: QObject | None = QApplication.focusWidget()
        if target is None and isinstance(watched, QWidget):
            top = watched.window()
            target = top.focusWidget() or watched  # the window's own focus, if the window is not active
        modal = QApplication.activeModalWidget()
        if modal is not None and not (
            isinstance(target, QWidget) and (target is modal or modal.isAncestorOf(target))
        ):
            target = modal.focusWidget() or modal  # a modal dialog owns the keyboard
        popup = QApplication.activePopupWidget()  # an open dropdown list takes the keys (arrows, Enter, Esc)
        if popup is not None and not (
            isinstance(target, QWidget) and (target is popup or popup.isAncestorOf(target))
        ):
            target = popup.focusWidget() or popup
        if target is None:
            target = QApplication.activeWindow() or watched
        self._replaying = True
        try:
            QApplication.sendEvent(target, event)
        finally:
            self._replaying = False
