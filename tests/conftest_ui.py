"""Fixtures for the GUI tests: a demo-seeded terminal home, the real till window, a scanner that types.

The demo catalogue (with argon2-hashed staff PINs) is seeded once per session into a template home, and every
test gets its own copy of the files, so tests are independent and fast. Time for the keyboard-wedge decoder is
a fake clock the test moves by hand: key timing is exact, whatever the machine's load.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pos.demo.catalogue import seed_demo
from pos.settings import HOME_ENV, load_settings
from pos.shifts.cash import CashCount
from pos.shifts.shift import open_shift
from pos.staff.auth import authenticate
from pos.staff.pins import install_secret
from pos.till.terminal import Terminal


class FakeClock:
    """Milliseconds that only move when the test says so."""

    def __init__(self, start_ms: float = 1_000_000.0) -> None:
        self.now = start_ms

    def __call__(self) -> float:
        return self.now

    def advance(self, ms: float) -> None:
        self.now += ms


class PrintRecorder:
    """Stands in for the receipt printer at the hardware edge: records sale ids, from the worker thread."""

    def __init__(self, fail: bool = False) -> None:
        self.sale_ids: list[str] = []
        self.threads: list[str] = []
        self.fail = fail
        self.done = threading.Event()

    def __call__(self, sale_id: str) -> None:
        self.threads.append(threading.current_thread().name)
        if self.fail:
            from pos.errors import DeviceError

            self.done.set()
            raise DeviceError("Máy in hết giấy", "The printer is out of paper")
        self.sale_ids.append(sale_id)
        self.done.set()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("demo-template")
    old = os.environ.get(HOME_ENV)
    os.environ[HOME_ENV] = str(home)
    try:
        terminal = Terminal.open(load_settings(home))
        secret = install_secret(home)
        seed_demo(terminal.engine, secret)
        # The day has begun: the cashier opened the shift with a counted float (tests of opening close it first).
        cashier = authenticate(terminal.engine, secret, "1111", staff_code="C01", terminal_code=terminal.code)
        open_shift(terminal.engine, cashier, terminal.code, CashCount.of({100_000: 5, 50_000: 4, 10_000: 10}))
        with terminal.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        terminal.close()
    finally:
        if old is None:
            os.environ.pop(HOME_ENV, None)
        else:
            os.environ[HOME_ENV] = old
    return home


@pytest.fixture
def ui_home(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    shutil.copytree(demo_template, home)
    monkeypatch.setenv(HOME_ENV, str(home))
    return home


@pytest.fixture
def ui_terminal(ui_home: Path) -> Iterator[Terminal]:
    terminal = Terminal.open(load_settings(ui_home))
    yield terminal
    terminal.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def printer() -> PrintRecorder:
    return PrintRecorder()


@pytest.fixture
def window(qtbot, ui_terminal: Terminal, clock: FakeClock, printer: PrintRecorder):  # type: ignore[no-untyped-def]
    """The real till window over the demo terminal, scanner filter installed, nobody signed in yet."""
    from ui.app import build_window, ensure_app

    ensure_app()
    win = build_window(ui_terminal, printer, clock=clock)
    qtbot.addWidget(win)
    win.resize(1024, 768)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    yield win
    win.shutdown()


def type_keys(qtbot, widget, text: str, clock: FakeClock, gap_ms: float) -> None:  # type: ignore[no-untyped-def]
    """Key presses on ``widget`` one every ``gap_ms`` (a scanner: 1–5 ms; a person: 100 ms and more).

    A letter outside ASCII (Vietnamese: ạ, ơ, ễ…) arrives as a key press that carries the composed letter as its
    text, as a Vietnamese input method such as Unikey delivers it; ``QTest`` itself types ASCII only.
    """
    from ui.qt import QApplication, QEvent, QKeyEvent, Qt

    for ch in text:
        target = QApplication.focusWidget() or widget
        if ch == "\x1d":  # FNC1/GS, as a scanner types it
            qtbot.keyClick(target, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
        elif ch.isascii():
            qtbot.keyClick(target, ch)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(target, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
        clock.advance(gap_ms)


def scan(qtbot, window, code: str, clock: FakeClock, gap_ms: float = 3.0) -> None:  # type: ignore[no-untyped-def]
    """A keyboard-wedge scan of ``code`` + Enter into whatever has focus, then a quiet pause."""
    from ui.qt import QApplication, Qt

    type_keys(qtbot, window, code, clock, gap_ms)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Return)
    clock.advance(200)
    window.wedge.poll()


def human(qtbot, window, text: str, clock: FakeClock, gap_ms: float = 150.0) -> None:  # type: ignore[no-untyped-def]
    """A person typing ``text``; held keys are let out once the typing pauses."""
    type_keys(qtbot, window, text, clock, gap_ms)
    clock.advance(200)
    window.wedge.poll()


def press(qtbot, window, key, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    """A person pressing one named key (F12, Enter, Esc...)."""
    from ui.qt import QApplication

    qtbot.keyClick(QApplication.focusWidget() or window, key)
    clock.advance(200)
    window.wedge.poll()


def on_dialogs(*steps):  # type: ignore[no-untyped-def]
    """Run each step on the next modal dialog that opens (a PIN prompt, a reason...), in order.

    Call it just before the action that opens the first dialog. Each step gets the dialog; a step that
    accepts or rejects it lets the action go on (and maybe open the next dialog). Returns the dialogs handled.
    Gives up quietly after a couple of seconds without a dialog, so a missing prompt fails the test's own
    assertions instead of hanging it; a step that raises closes its dialog (rejected) for the same reason.
    """
    from ui.qt import QApplication, QTimer

    pending = list(steps)
    handled: list[object] = []
    tries = [0]

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or any(dialog is d for d in handled) or not dialog.isVisible():
            tries[0] += 1
            if tries[0] < 400:
                QTimer.singleShot(5, run)
            return
        handled.append(dialog)
        tries[0] = 0
        step = pending.pop(0)
        if pending:
            QTimer.singleShot(0, run)
        try:
            step(dialog)
        except BaseException:
            if dialog.isVisible():  # a failed step closes its dialog: the test fails instead of hanging
                dialog.reject()
            raise

    QTimer.singleShot(0, run)
    return handled


def type_into(qtbot, window, clock: FakeClock, text: str, enter: bool = True):  # type: ignore[no-untyped-def]
    """A dialog step: a person types ``text`` into the focused field (and presses Enter)."""
    from ui.qt import Qt

    def step(_dialog: object) -> None:
        human(qtbot, window, text, clock)
        if enter:
            press(qtbot, window, Qt.Key.Key_Return, clock)

    return step


def fully_visible(widget) -> bool:  # type: ignore[no-untyped-def]
    """``widget`` is shown and no part of it is cut off by any of its parents (a clipped key, a field cut off)."""
    from ui.qt import QPoint, QRect

    if not widget.isVisible():
        return False
    parent = widget.parentWidget()
    while parent is not None:
        if not parent.rect().contains(QRect(widget.mapTo(parent, QPoint(0, 0)), widget.size())):
            return False
        if parent.isWindow():
            break
        parent = parent.parentWidget()
    return True


def text_fits(label) -> bool:  # type: ignore[no-untyped-def]
    """A label's text is shown whole: on one line within its width, or wrapped within its height."""
    from ui.qt import QFontMetrics

    fm = QFontMetrics(label.font())
    text = label.text()
    if label.wordWrap():
        widest_word = max((fm.horizontalAdvance(w) for w in text.split()), default=0)
        return widest_word <= label.width() and label.heightForWidth(label.width()) <= label.height()
    return fm.horizontalAdvance(text) <= label.contentsRect().width()


class SecondScreen:
    """A monitor plugged in beside the till's (hardware: this stands in for the QScreen the system would add)."""

    def availableGeometry(self):  # type: ignore[no-untyped-def]
        from ui.qt import QRect

        return QRect(1024, 0, 1024, 600)

    def name(self) -> str:
        return "HDMI-2"


def plug_second_screen(window, monkeypatch) -> SecondScreen:  # type: ignore[no-untyped-def]
    """The till now has two monitors: its own and ``SecondScreen`` (the system's screenAdded follows)."""
    second = SecondScreen()
    own = window.screen()
    monkeypatch.setattr(window.display_control, "screens", lambda: [own, second])
    window.display_control.screen_added(second)
    return second
