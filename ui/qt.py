"""The one module that imports PySide6: every other GUI module does ``from ui.qt import ...``.

Keeping Qt behind one door means a port to another binding, or a version pin, is one file, and a grep for
``PySide6`` tells exactly where the GUI starts.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QByteArray,
    QCoreApplication,
    QDate,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    QSocketNotifier,
    QSortFilterProxyModel,
    Qt,
    QThread,
    QTimer,
    QTranslator,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QBrush,
    QCloseEvent,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetrics,
    QGuiApplication,
    QIcon,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
    QScreen,
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QListView,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QStatusBar,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

__all__ = [
    "QT_TR_NOOP",
    "QAbstractButton",
    "QAbstractItemModel",
    "QAbstractItemView",
    "QAbstractListModel",
    "QAbstractTableModel",
    "QApplication",
    "QBrush",
    "QButtonGroup",
    "QByteArray",
    "QCheckBox",
    "QCloseEvent",
    "QColor",
    "QComboBox",
    "QCoreApplication",
    "QDate",
    "QDateEdit",
    "QDialog",
    "QEvent",
    "QFileDialog",
    "QFont",
    "QFontDatabase",
    "QFontMetrics",
    "QFormLayout",
    "QFrame",
    "QGridLayout",
    "QGuiApplication",
    "QHBoxLayout",
    "QHeaderView",
    "QIcon",
    "QImage",
    "QKeyEvent",
    "QKeySequence",
    "QLabel",
    "QLayout",
    "QLineEdit",
    "QListView",
    "QLocale",
    "QMainWindow",
    "QMessageBox",
    "QModelIndex",
    "QObject",
    "QPaintEvent",
    "QPainter",
    "QPainterPath",
    "QPalette",
    "QPen",
    "QPersistentModelIndex",
    "QPixmap",
    "QPoint",
    "QPushButton",
    "QRect",
    "QRectF",
    "QResizeEvent",
    "QScreen",
    "QScrollArea",
    "QShowEvent",
    "QSize",
    "QSizePolicy",
    "QSocketNotifier",
    "QSortFilterProxyModel",
    "QSpinBox",
    "QStackedWidget",
    "QStandardItem",
    "QStandardItemModel",
    "QStatusBar",
    "QStyle",
    "QStyleOptionViewItem",
    "QStyledItemDelegate",
    "QSvgRenderer",
    "QTableView",
    "QThread",
    "QTimer",
    "QToolButton",
    "QTranslator",
    "QVBoxLayout",
    "QWidget",
    "Qt",
    "Signal",
    "Slot",
    "delete_now",
    "is_alive",
]


def QT_TR_NOOP(text: str) -> str:  # the name pyside6-lupdate looks for
    """Mark ``text`` for translation where it is defined; it is translated with ``tr`` where it is shown."""
    return text


def delete_now(obj: QObject) -> None:
    """Delete ``obj``'s C++ object (and its children) now, as a C++ object going out of scope would.

    For objects whose lifetime must not depend on Python's collector (``ui/modal.py``). Its Python attributes stay
    readable; a Qt call on it afterwards raises ``RuntimeError`` instead of touching freed memory.
    """
    if shiboken6.isValid(obj):
        shiboken6.delete(obj)


def is_alive(obj: QObject) -> bool:
    """Whether ``obj``'s C++ object still exists."""
    return bool(shiboken6.isValid(obj))
