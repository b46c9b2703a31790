"""Every modal dialog of the GUI runs through ``ui/modal.py``: no other ``exec()`` call in ``ui/``.

Why: a dialog shown with a bare ``exec()`` is left to Python's garbage collector, which crashed the till
(docs/reliability.md, "A dialog's lifetime"). The rule is read from the source, so a new dialog cannot slip past it.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Where ``exec()`` may be called: the one way to run a dialog, and the application's own event loop.
ALLOWED = {"ui/modal.py", "ui/app.py"}


def exec_calls(source: str) -> list[int]:
    """Line numbers of ``something.exec()`` / ``something.exec_()`` calls in ``source``."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("exec", "exec_")
    ]


def test_exec_calls_are_found() -> None:
    assert exec_calls("dialog.exec()\nif box.exec_(): pass\nexec('x')\n") == [1, 2]


def test_only_ui_modal_runs_a_dialog() -> None:
    found = {
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "ui").rglob("*.py"))
        if str(path.relative_to(ROOT)) not in ALLOWED
        for line in exec_calls(path.read_text(encoding="utf-8"))
    }
    assert not found, f"use ui.modal.run_modal / run_message_box instead of exec(): {sorted(found)}"
