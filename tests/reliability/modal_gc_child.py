"""The PySide defect behind the till's crash in ``gc.collect()``, in twenty lines, in a process of its own.

    python -m tests.reliability.modal_gc_child --through exec|run_modal [--dialogs N]

A dialog with a parent, a layout and a row of buttons added with ``addLayout`` (every ``ui/dialogs.py`` dialog),
shown with ``exec()`` and then held only by a reference cycle, is freed by the collector. ``exec()`` made the
Python wrapper the dialog's owner; PySide wrapped the row's two ``QWidgetItem``s for ``addLayout`` and filed them
under the outer layout. The collector clears the wrappers in the order of its own list, and shiboken 6.11's
``tp_clear`` gives each one ownership of its C++ object: when the row comes first, its wrapper deletes the C++
row — and Qt deletes the row's items with it — then an item's wrapper, owner now too, deletes its item again.
``gc.collect(0)`` after the dialog is made puts the row ahead of the dialog in that list, as an application's
own allocations do at some point of a day (the till's long soak got there well into its shift).

``--through exec`` is the bare pattern (dies with SIGSEGV on PySide 6.11.3); ``--through run_modal`` shows the
same dialog through ``ui.modal.run_modal``, which deletes the C++ dialog when ``exec()`` returns. Exit 0 and
"survived" on stdout when the process lives.
"""

from __future__ import annotations

import argparse
import faulthandler
import gc
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def run(through: str, dialogs: int) -> int:
    from ui.modal import run_modal
    from ui.qt import QApplication, QDialog, QHBoxLayout, QPushButton, QTimer, QVBoxLayout, QWidget

    faulthandler.enable(file=sys.stderr)
    app = QApplication.instance() or QApplication([])
    window = QWidget()
    gc.disable()  # the collector runs where this script says, not where an allocation happens to trigger it
    for i in range(dialogs):
        dialog = QDialog(window)
        outer = QVBoxLayout(dialog)
        gc.collect(0)  # the dialog and its layout move to an older generation, behind what is made next
        row = QHBoxLayout()
        row.addWidget(QPushButton("Cancel"))
        row.addWidget(QPushButton("OK"))
        outer.addLayout(row)  # PySide wraps the row's items and files them under ``outer``
        QTimer.singleShot(0, dialog.accept)
        if through == "exec":
            dialog.exec()  # PySide drops the parent link on the Python side: the wrapper owns the dialog now
        else:
            run_modal(dialog)
        held: list[object] = [dialog]
        held.append(held)  # a reference cycle holds the dialog (a closure, a traceback, a test's helper)
        del dialog, outer, row, held
        print(f"dialog {i + 1}: collecting", flush=True)
        gc.collect()
    del app
    print("survived", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--through", choices=("exec", "run_modal"), required=True)
    parser.add_argument("--dialogs", type=int, default=20)
    args = parser.parse_args(argv)
    return run(args.through, args.dialogs)


if __name__ == "__main__":
    sys.exit(main())
