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


def key_name(event: QKeyEvent) -> str | None:
    """The decoder's name for a key press: one character for printable keys, a key name otherwise.

    None for a modifier pressed alone (the decoder ignores those; they pass straight through).
    """
    key = event.key()
    if key in _MODIFIER_KEYS:
        return None
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return "Enter"
    if key == Qt.Key.Key_Tab:
        return "Tab"
    text = event.text()
    if text == GS or (
        key == Qt.Key.Key_BracketRight and event.modifiers() & Qt.KeyboardModifier.ControlModifier
    ):
        return GS  # FNC1 between GS1 elements: scanners type it as Ctrl+]; it is part of the code
    if (
        len(text) == 1
        and text.isprintable()
        and not (event.modifiers() & _COMMAND_MODIFIERS & ~Qt.KeyboardModifier.KeypadModifier)
    ):
        return text
    name = QKeySequence(event.keyCombination()).toString()
    return name if len(name) >= 2 else f"Key{int(key)}"


def _copy(event: QKeyEvent) -> QKeyEvent:
    return QKeyEvent(
        QEvent.Type.KeyPress,
        event.key(),
        event.modifiers(),
        event.text(),
        event.isAutoRepeat(),
        event.count(),
    )


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
        self._held: deque[tuple[QKeyEvent, QObject]] = deque()
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.poll)

    # --- Qt hook --------------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or self._replaying or not self.enabled:
            return False
        assert isinstance(event, QKeyEvent)
        name = key_name(event)
        if name is None:
            return False
        self._held.append((_copy(event), watched))
        self._run(self.decoder.feed(name, self.clock()))
        return True

    # --- driving the decoder -----------------------------------------------------------------------------------
    def poll(self) -> None:
        """Let out keys whose burst went quiet (the timer calls this; tests may call it after moving the clock)."""
        self._run(self.decoder.poll(self.clock()))

    def flush(self) -> None:
        """Deliver every held key now (the window lost focus, a dialog opens, the till closes)."""
        self._run(self.decoder.flush())

    def _run(self, actions: list[Action]) -> None:
        for action in actions:
            if isinstance(action, Typed):
                events = [self._held.popleft() for _ in range(min(len(action.keys), len(self._held)))]
                for ev, watched in events:
                    self._deliver(ev, watched)
            elif isinstance(action, Scan):
                self._held.clear()
                self.on_scan(action.code)
        # Keys the decoder consumed without a word (an Enter swallowed after a scan) are dropped; what it still
        # holds is the newest part of the queue.
        pending = len(self.decoder.pending)
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
        if target is None:
            target = QApplication.activeWindow() or watched
        self._replaying = True
        try:
            QApplication.sendEvent(target, event)
        finally:
            self._replaying = False
