"""A bar chart painted with QPainter (the till's Qt has no QtCharts): one series, labels under the bars,
values above them, negative bars in red below the axis."""

from __future__ import annotations

from collections.abc import Sequence

from pos.money import format_vnd
from ui.qt import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen, QRectF, QSize, Qt, QWidget
from ui.theme import COLORS


def short_money(amount: int) -> str:
    """Compact amounts for bar labels: 1,2 tr / 350 k (Vietnamese shorthand, understood by everyone here)."""
    a = abs(amount)
    sign = "-" if amount < 0 else ""
    if a >= 1_000_000:
        return f"{sign}{a / 1_000_000:.1f} tr".replace(".", ",")
    if a >= 1_000:
        return f"{sign}{a // 1_000} k"
    return format_vnd(amount, symbol=False)


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.points: list[tuple[str, int]] = []
        self.setMinimumHeight(220)

    def set_series(self, title: str, points: Sequence[tuple[str, int]]) -> None:
        self.title = title
        self.points = list(points)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(640, 260)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor(COLORS["card"]))
        font = QFont(self.font())
        fm = QFontMetrics(font)
        bold = QFont(font)
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(QColor(COLORS["text"]))
        p.drawText(QRectF(12, 6, self.width() - 24, fm.height() + 4), Qt.AlignmentFlag.AlignLeft, self.title)
        p.setFont(font)
        if not self.points:
            p.end()
            return
        top = 16 + 2 * fm.height()
        bottom = self.height() - 10 - fm.height() * 2
        left, right = 16, self.width() - 16
        values = [v for _, v in self.points]
        high = max(max(values), 0)
        low = min(min(values), 0)
        span = (high - low) or 1
        zero_y = top + (bottom - top) * high / span
        slot = (right - left) / len(self.points)
        bar_w = max(4.0, slot * 0.62)
        p.setPen(QPen(QColor(COLORS["line"]), 1))
        p.drawLine(int(left), int(zero_y), int(right), int(zero_y))
        widest = max(fm.horizontalAdvance(text) for text, _ in self.points) + 10
        every = max(1, -(-widest // max(1, int(slot))))  # label every n-th bar so labels never overlap
        for i, (label, value) in enumerate(self.points):
            x = left + slot * i + (slot - bar_w) / 2
            h = (bottom - top) * abs(value) / span
            y = zero_y - h if value >= 0 else zero_y
            color = QColor(COLORS["brand"] if value >= 0 else COLORS["danger"])
            p.fillRect(QRectF(x, y, bar_w, max(h, 1.0)), color)
            p.setPen(QColor(COLORS["muted"]))
            if value and bar_w >= fm.horizontalAdvance("000 k") * 0.8:
                ty = y - fm.height() - 2 if value >= 0 else y + h + 2
                p.drawText(
                    QRectF(x - 20, ty, bar_w + 40, fm.height()),
                    Qt.AlignmentFlag.AlignHCenter,
                    short_money(value),
                )
            if i % every == 0:
                p.setPen(QColor(COLORS["text"]))
                p.drawText(
                    QRectF(left + slot * i - 20, bottom + 6, slot + 40, fm.height()),
                    Qt.AlignmentFlag.AlignHCenter,
                    label,
                )
        p.end()
