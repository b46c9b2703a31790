"""The one way the till runs a modal dialog: ``exec()``, then the dialog's C++ side deleted at once.

Why (docs/reliability.md, "A dialog's lifetime"): PySide's ``QDialog.exec()`` hands the dialog to Python — it drops
the parent link on the Python side while Qt still lists the dialog as a child of the window. From then on only the
Python wrapper decides when the C++ dialog goes. Held by a reference cycle, the dialog waits for the cyclic
collector, which tears its widgets and layouts down in the order of its own list; shiboken 6.11's ``tp_clear``
gives every cleared wrapper ownership of its C++ object, so a layout item Qt has already freed with its layout is
deleted a second time: a segfault inside ``gc.collect()``, whenever the collector happens to run. Held by anything
else (a lambda on one of its own buttons), the dialog stays a hidden child of the window for the rest of the day.

Deleting the C++ dialog as soon as ``exec()`` returns — what a C++ dialog on the stack does — leaves Python's
collector out of it: Qt deletes the tree in its own order and every wrapper learns that its object is gone. What
the dialog set on itself in Python (``value``, ``approval``, ``buyer``) stays readable; a Qt call on it raises
``RuntimeError``, never touches freed memory.
"""

from __future__ import annotations

from ui.qt import QAbstractButton, QDialog, QMessageBox, delete_now


def run_modal(dialog: QDialog) -> bool:
    """Show ``dialog`` modally; True when it was accepted. The dialog is deleted on return, answered or not."""
    try:
        return bool(dialog.exec())
    finally:
        delete_now(dialog)


def run_message_box(box: QMessageBox) -> QAbstractButton | None:
    """Show ``box`` modally; the button chosen (compare it with ``is``), None when closed without one."""
    try:
        box.exec()
        return box.clickedButton()
    finally:
        delete_now(box)
