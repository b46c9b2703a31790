"""Tables as PDF documents (the producers' settlement statements), with fpdf2.

Why fpdf2: it is pure Python from PyPI (no system library, no browser or LaTeX on the server), embeds a TrueType
font so Vietnamese prints correctly, and draws a table page by page with its header repeated — all a statement
needs. The font is Debian's DejaVu Sans when installed (``fonts-dejavu-core``), else the Noto Sans Mono the project
ships in ``resources/fonts``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pos.reports.table import Table
from pos.server.office.formats import cell

_SYSTEM = Path("/usr/share/fonts/truetype/dejavu")
_BUNDLED = Path(__file__).resolve().parents[3] / "resources" / "fonts"


def _fonts() -> tuple[Path, Path]:
    regular, bold = _SYSTEM / "DejaVuSans.ttf", _SYSTEM / "DejaVuSans-Bold.ttf"
    if regular.is_file() and bold.is_file():
        return regular, bold
    return _BUNDLED / "NotoSansMono-Regular.ttf", _BUNDLED / "NotoSansMono-Bold.ttf"


def table_pdf(
    title: str,
    facts: Sequence[tuple[str, str]],
    table: Table,
    *,
    lang: str = "vi",
    footer: Sequence[str] = (),
    more: Sequence[Table] = (),
) -> bytes:
    """A landscape A4 document: the title, the facts (label: value), the table with its totals, ``more`` tables
    under their captions, the footer lines."""
    from fpdf import FPDF

    regular, bold = _fonts()
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_font("Body", "", str(regular))
    pdf.add_font("Body", "B", str(bold))
    pdf.add_page()
    pdf.set_font("Body", "B", 15)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font("Body", "", 10)
    for label, value in facts:
        pdf.set_font("Body", "B", 10)
        pdf.cell(55, 6, label)
        pdf.set_font("Body", "", 10)
        pdf.multi_cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    _grid(pdf, table, lang)
    for extra in more:  # further tables (a statement's subtotals per centre, the tills counted), captioned
        pdf.ln(4)
        pdf.set_font("Body", "B", 11)
        pdf.multi_cell(0, 7, extra.title(lang), new_x="LMARGIN", new_y="NEXT")
        _grid(pdf, extra, lang)
    pdf.set_font("Body", "", 10)
    pdf.ln(4)
    for line in footer:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _grid(pdf: Any, table: Table, lang: str) -> None:
    """The table with its heading repeated on each page and its totals row in bold."""
    widths = _widths(table, pdf.epw)
    right = {"money", "qty", "int", "pct"}
    pdf.set_font("Body", "", 8.5)
    with pdf.table(
        col_widths=widths,
        text_align=tuple("RIGHT" if c.kind in right else "LEFT" for c in table.columns),
        line_height=5.5,
        first_row_as_headings=True,
        repeat_headings=1,
    ) as grid:
        head = grid.row()
        for c in table.columns:
            head.cell(c.title(lang))
        for row in table.rows:
            r = grid.row()
            for c, v in zip(table.columns, row, strict=True):
                r.cell(cell(c.kind, v, lang))
        if table.totals is not None:
            pdf.set_font("Body", "B", 8.5)
            r = grid.row()
            for c, v in zip(table.columns, table.totals, strict=True):
                r.cell(cell(c.kind, v, lang))


def _widths(table: Table, total: float) -> tuple[float, ...]:
    base = {"text": 3.0, "money": 2.0, "qty": 1.4, "int": 1.2, "pct": 1.1, "date": 1.8, "datetime": 2.2}
    raw = [base.get(c.kind, 2.0) * (2.2 if c.key in ("name", "label") else 1.0) for c in table.columns]
    scale = total / sum(raw)
    return tuple(w * scale for w in raw)
