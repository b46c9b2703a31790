"""Does this PySide6 lose references to ``None``? The smallest reproduction, as JSON.

PySide6 6.12.0 drops a reference to ``None`` each time a view asks a model for data it does not have (``data()``
returning ``None``) — a few per model reset and repaint. On Python 3.11, where ``None`` is an ordinary object with a
reference count, the count reaches zero and the interpreter aborts with "Fatal Python error: none_dealloc"; the
till died after about 90 scans. Python 3.12+ makes ``None`` immortal, which hides the bug, not the
damage to other objects.

Two figures, each after a warm-up, with the collector run before each reading:

* ``model_reset_repaint``: a bare ``QAbstractTableModel`` (5 × 3, ``data()`` returns ``None``) in a shown
  ``QTableView``, reset and repainted; the change in ``sys.getrefcount(None)`` per round. Must be 0; 6.12.0: −4.
* ``widget_create_delete``: a small widget with a layout, a label and a line edit, shown and deleted; per round.
  Positive in every PySide6 we measured (references gained, never given back): harmless for ``None``, whose count
  only rises, and the reason the soak bounds the till's drift from below only (docs/dependencies.md).

    python scripts/repro_pyside_none_refcount.py [--rounds N] [--record docs/evidence/pyside-none-refcount.json]

``--record`` merges this run into the file, keyed by PySide6 version. Exit status 0 when no references are lost,
1 when they are. The script leaves with ``os._exit``: a PySide that lost references would otherwise abort the
interpreter at shutdown, after the JSON is out.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import PySide6
from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, Qt, qVersion
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

ROOT = Path(__file__).resolve().parent.parent
NO_PARENT = QModelIndex()


class EmptyModel(QAbstractTableModel):
    """Five rows, three columns, no data: every cell asks and gets ``None``."""

    def rowCount(self, parent: QModelIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else 5

    def columnCount(self, parent: QModelIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else 3

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return None


def settle(app: QApplication) -> None:
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def drift(app: QApplication, step: Callable[[], None], rounds: int, warmup: int = 50) -> float:
    """Change of ``sys.getrefcount(None)`` per call of ``step``, after ``warmup`` calls."""
    for _ in range(warmup):
        step()
    settle(app)
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(rounds):
        step()
    settle(app)
    gc.collect()
    return (sys.getrefcount(None) - before) / rounds


def measure(rounds: int) -> dict[str, object]:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    model = EmptyModel()
    view = QTableView()
    view.setModel(model)
    view.resize(400, 300)
    view.show()
    settle(app)

    def reset_and_repaint() -> None:
        model.beginResetModel()
        model.endResetModel()
        view.viewport().repaint()
        app.processEvents()

    host = QWidget()
    host.show()

    def create_and_delete() -> None:
        w = QWidget(host)
        lay = QVBoxLayout(w)
        lay.addWidget(QLabel("x"))
        lay.addWidget(QLineEdit())
        w.show()
        settle(app)
        w.deleteLater()

    model_drift = drift(app, reset_and_repaint, rounds)
    widget_drift = drift(app, create_and_delete, max(20, rounds // 10))
    return {
        "pyside6": PySide6.__version__,
        "qt": qVersion(),
        "python": platform.python_version(),
        "none_immortal": sys.version_info >= (3, 12),
        "rounds": rounds,
        "model_reset_repaint": round(model_drift, 3),
        "widget_create_delete": round(widget_drift, 3),
        "loses_references": model_drift < -0.05 or widget_drift < -0.05,
    }


def record(path: Path, result: dict[str, object]) -> None:
    runs: dict[str, object] = {}
    if path.exists():
        runs = json.loads(path.read_text(encoding="utf-8")).get("runs", {})
    runs[str(result["pyside6"])] = result
    data = {
        "script": "scripts/repro_pyside_none_refcount.py",
        "runs": dict(sorted(runs.items())),
    }
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=500)
    parser.add_argument(
        "--record", type=Path, help="merge the result into this JSON file (by PySide6 version)"
    )
    args = parser.parse_args(argv)
    result = measure(args.rounds)
    if args.record is not None:
        record(args.record if args.record.is_absolute() else Path.cwd() / args.record, result)
    print(json.dumps(result, indent=2))
    return 1 if result["loses_references"] else 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    sys.stdout.flush()
    os._exit(code)  # not a normal exit: see the docstring
