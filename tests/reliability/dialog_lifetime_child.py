"""Every modal dialog of the till, opened and answered many times through the real window, with the garbage
collector run after each action, in a process of its own (run by ``test_dialog_lifetime.py``).

    python -m tests.reliability.dialog_lifetime_child --home HOME --report REPORT.json [--rounds N]

The dialogs are answered by ``tests.conftest_ui.on_dialogs``, whose closure keeps the dialogs it handled in a
reference cycle: what any closure, traceback or cache that holds a dialog does, and what left a dialog's wrapper to
Python's collector. Before ``ui/modal.py`` the collector then tore down a dialog that ``exec()`` had handed to
Python and the process died with SIGSEGV inside ``gc.collect()`` (docs/reliability.md, "A dialog's lifetime").

After each action the child records which dialogs still exist in C++ (none should: the action is over) and how
many dialogs the window still has as children; after each round, the window's whole object tree (walked with
``children()``, which unlike ``findChildren`` leaves the wrappers' ownership alone). The child only measures and
reports (JSON); the test decides what passes.
"""

from __future__ import annotations

import argparse
import faulthandler
import gc
import json
import os
import random
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

MANAGER_PIN = "9999"


def tree_size(root: Any) -> int:
    """``root`` and every QObject under it, hidden ones included, walked with ``children()``."""
    count, stack = 0, [root]
    while stack:
        obj = stack.pop()
        count += 1
        stack.extend(obj.children())
    return count


def run(home: Path, report_path: Path, rounds: int) -> int:
    from pos.settings import HOME_ENV, load_settings
    from pos.till.terminal import Terminal
    from tests.conftest_ui import FakeClock, PrintRecorder, human, on_dialogs, press
    from tests.reliability.till_soak_child import Shift
    from ui.app import build_window, ensure_app
    from ui.qt import QDialog, Qt, is_alive

    os.environ[HOME_ENV] = str(home)
    faulthandler.enable(file=sys.stderr, all_threads=True)  # a segfault leaves the Python stacks behind
    terminal = Terminal.open(load_settings(home))
    ensure_app()
    clock = FakeClock()
    window = build_window(terminal, PrintRecorder(), clock=clock)
    window.resize(1024, 768)
    window.show()
    window.activateWindow()
    shift = Shift(window, clock, random.Random(7), lambda _progress: None)
    report: dict[str, Any] = {"rounds": rounds, "finished": False, "actions": Counter(), "dialogs": Counter()}
    left_alive: list[str] = []
    window_dialogs: list[str] = []
    trees: list[int] = []

    def save() -> None:
        report_path.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")

    def typed(text: str) -> Callable[[Any], None]:
        def step(_dialog: Any) -> None:
            human(shift.keys, window, text, clock)
            press(shift.keys, window, Qt.Key.Key_Return, clock)

        return step

    def amount_and_reason(_dialog: Any) -> None:
        human(shift.keys, window, "20000", clock)
        press(shift.keys, window, Qt.Key.Key_Return, clock)
        human(shift.keys, window, "tien le", clock)
        press(shift.keys, window, Qt.Key.Key_Return, clock)

    def act(name: str, steps: tuple[Callable[[Any], None], ...], key: Any, modifier: Any = None) -> None:
        """One action that opens dialogs; then what is left of them, then the collector."""
        handled = on_dialogs(*steps)
        shift.press(key, modifier)
        shift.settle()
        report["actions"][name] += 1
        for dialog in handled:
            report["dialogs"][type(dialog).__name__] += 1
            if is_alive(dialog):
                left_alive.append(f"{name}: {type(dialog).__name__}")
        window_dialogs.extend(
            f"{name}: {type(c).__name__}" for c in window.children() if isinstance(c, QDialog)
        )
        if len(handled) < len(steps):
            shift.problems.append(f"{name}: {len(handled)} of {len(steps)} dialogs opened")
        report["last_action"] = name
        save()  # what a dying child leaves behind
        gc.collect()  # a dialog left to the collector is collected now, not some time later

    def line_price() -> int:
        line = window.till.session.cart.lines[-1]
        return max(1_000, line.unit_price * 9 // 10 // 1_000 * 1_000)

    shift.sign_in("C01", "1111")
    for _round in range(rounds):
        shift.scan(shift.rng.choice(shift.cheap))
        act("quantity (F3)", (typed("2"),), Qt.Key.Key_F3)
        act("line discount (F4)", (typed("5"),), Qt.Key.Key_F4)
        shift.scan(shift.rng.choice(shift.cheap))
        act(
            "price override (Shift+F4) and approval",
            (typed(str(line_price())), typed(MANAGER_PIN)),
            Qt.Key.Key_F4,
            Qt.KeyboardModifier.ShiftModifier,
        )
        act("sale discount (F5) and approval", (typed("30"), typed(MANAGER_PIN)), Qt.Key.Key_F5)
        act("clear the sale (F9)", (lambda d: d.accept(),), Qt.Key.Key_F9)
        shift.expect(window.till.session.cart.is_empty, "sale cleared")
        shift.press(Qt.Key.Key_F1)
        shift.expect(window.current == "menu", "till menu open")
        act("paid in (F1, F5) and approval", (amount_and_reason, typed(MANAGER_PIN)), Qt.Key.Key_F5)
        act(
            "X report (F1, F7): approval and report",
            (typed(MANAGER_PIN), lambda d: d.reject()),
            Qt.Key.Key_F7,
        )
        shift.press(Qt.Key.Key_Escape)
        shift.expect(window.current == "sale", "back to selling")
        gc.collect()
        trees.append(tree_size(window))
    shift.sign_out()
    window.shutdown()
    window.close()
    terminal.close()
    report.update(
        {
            "finished": True,
            "dialogs_alive_after_their_action": left_alive[:20],
            "dialogs_alive_count": len(left_alive),
            "dialogs_left_in_window": window_dialogs[:20],
            "dialogs_left_in_window_count": len(window_dialogs),
            "window_tree_per_round": trees,
            "problems": shift.problems[:20],
        }
    )
    save()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="a copy of the demo terminal's home")
    parser.add_argument("--report", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args(argv)
    return run(args.home, args.report, args.rounds)


if __name__ == "__main__":
    sys.exit(main())
