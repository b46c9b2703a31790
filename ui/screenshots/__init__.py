"""``ocop-pos screenshots --out DIR``: every screen of the till and of the manager's side, offscreen, to PNG.

``till.py`` drives the till window from sign-in to the close of the shift; ``manager.py`` stages a month of
trading (``pos.demo.month``) and drives the manager's sections. Looking at the pictures is how layout, clipping
and missing glyphs get caught.
"""

from __future__ import annotations

from pathlib import Path

from ui.languages import LANGUAGES
from ui.screenshots.till import SIZE, render_till


def render_all(
    out: Path, langs: tuple[str, ...] = LANGUAGES, size: tuple[int, int] = SIZE, *, manager: bool = True
) -> list[Path]:
    """Render every screen in every language into ``out`` (the till's, then the manager's); returns the files."""
    written = render_till(out, langs, size)
    if manager:
        from ui.screenshots.manager import render_manager

        written += render_manager(out, langs)
    return written
