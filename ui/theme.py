"""The till's look: one stylesheet, one type family with Vietnamese glyphs, icons drawn from bundled SVGs.

Widgets say *what* they are (``role`` property: ``primary``, ``pay``, ``danger``, ``quiet``, ``total``...), the
stylesheet ``resources/styles/pos.qss`` says how that looks. Colours used in painting code (delegates, the
customer display) come from :data:`COLORS` so they match the stylesheet.
"""

from __future__ import annotations

import functools
from pathlib import Path

from ui.qt import (
    QApplication,
    QByteArray,
    QColor,
    QFont,
    QFontDatabase,
    QIcon,
    QPainter,
    QPixmap,
    QSize,
    QSvgRenderer,
    Qt,
    QWidget,
)

ROOT = Path(__file__).resolve().parent.parent
ICONS_DIR = ROOT / "resources" / "icons"
STYLES_DIR = ROOT / "resources" / "styles"
STYLESHEET = STYLES_DIR / "pos.qss"

#: Families with full Vietnamese coverage, best first. Noto Sans ships with Debian's fonts-noto-core.
FONT_FAMILIES = ("Noto Sans", "Segoe UI", "Roboto", "DejaVu Sans", "Arial")
BASE_POINT_SIZE = 11

COLORS = {
    "bg": "#eef2f1",
    "card": "#ffffff",
    "line": "#d9e2e0",
    "text": "#10201e",
    "muted": "#5b6b69",
    "brand": "#0e5e56",
    "brand_dark": "#0a3f3a",
    "brand_soft": "#dcefeb",
    "pay": "#15803d",
    "danger": "#b91c1c",
    "danger_soft": "#fde8e8",
    "warn": "#92400e",
    "warn_soft": "#fef3c7",
    "ok_soft": "#dcfce7",
    "star": "#d99a06",
    "white": "#ffffff",
}

#: Tile colours of quick-key pictograms, by catalogue category.
CATEGORY_COLORS = {
    "seafood": "#1d6fa5",
    "processed": "#b45309",
    "snacks": "#a16207",
    "farm": "#4d7c0f",
    "tea": "#166534",
    "drinks": "#0e7490",
    "spirits": "#7e22ce",
    "herbal": "#15803d",
    "crafts": "#9d174d",
    "gifts": "#c2410c",
}


def ui_font_family() -> str:
    available = set(QFontDatabase.families())
    for family in FONT_FAMILIES:
        if family in available:
            return family
    return QApplication.font().family()


def apply_theme(app: QApplication) -> None:
    """Set the font, the Fusion style (the same on every OS) and the stylesheet on ``app``."""
    app.setStyle("Fusion")
    font = QFont(ui_font_family())
    font.setPointSize(BASE_POINT_SIZE)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    app.setStyleSheet(stylesheet())


@functools.cache
def stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8").replace("@FONT@", ui_font_family())


@functools.cache
def _svg(name: str) -> str:
    path = ICONS_DIR / f"{name}.svg"
    if not path.exists():
        path = ICONS_DIR / "cat-other.svg"
    return path.read_text(encoding="utf-8")


@functools.lru_cache(maxsize=512)
def icon_pixmap(name: str, size: int, color: str = COLORS["text"]) -> QPixmap:
    """``name``'s SVG drawn ``size`` px square in ``color`` (device-pixel-ratio 2 for crisp HiDPI)."""
    data = QByteArray(_svg(name).replace("currentColor", color).encode("utf-8"))
    renderer = QSvgRenderer(data)
    pix = QPixmap(size * 2, size * 2)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    pix.setDevicePixelRatio(2.0)
    return pix


def icon(name: str, color: str = COLORS["text"], size: int = 24) -> QIcon:
    result = QIcon()
    result.addPixmap(icon_pixmap(name, size, color))
    return result


def toggle_icon(name: str, off: str, on: str, size: int = 24) -> QIcon:
    """An icon for a checkable button: ``off`` colour normally, ``on`` while checked (a white pictogram would
    vanish on the white of a checked header button)."""
    result = QIcon()
    result.addPixmap(icon_pixmap(name, size, off), QIcon.Mode.Normal, QIcon.State.Off)
    result.addPixmap(icon_pixmap(name, size, on), QIcon.Mode.Normal, QIcon.State.On)
    return result


def set_role(widget: QWidget, role: str) -> None:
    """Tag ``widget`` for the stylesheet and re-polish it so a changed role shows at once."""
    if widget.property("role") == role:
        return
    widget.setProperty("role", role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


@functools.lru_cache(maxsize=256)
def category_pixmap(category: str | None, size: int) -> QPixmap:
    """A product picture stand-in: the category pictogram in white on a rounded tile of the category colour."""
    color = QColor(CATEGORY_COLORS.get(category or "", COLORS["brand"]))
    pix = QPixmap(size * 2, size * 2)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawRoundedRect(0, 0, size * 2, size * 2, size * 0.4, size * 0.4)
    glyph = icon_pixmap(f"cat-{category}" if category else "cat-other", size, COLORS["white"])
    inset = size // 2
    painter.drawPixmap(inset, inset, size, size, glyph)
    painter.end()
    pix.setDevicePixelRatio(2.0)
    return pix


def product_pixmap(picture: str | None, category: str | None, size: int, home: Path | None = None) -> QPixmap:
    """The product's own picture when it has one on disk (absolute, or relative to the terminal home or the
    resources folder), else its category tile."""
    if picture:
        candidates = [Path(picture)]
        if home is not None:
            candidates.append(home / picture)
        candidates.append(ROOT / "resources" / picture)
        for path in candidates:
            if path.is_file():
                pix = QPixmap(str(path))
                if not pix.isNull():
                    return pix.scaled(
                        QSize(size * 2, size * 2),
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
    return category_pixmap(category, size)
