"""Charts as inline SVG drawn on the server: no chart library and no build step, readable without JavaScript.

Bars for comparing a few keys (horizontal, labels on the left), columns for a series over time; every bar has a
``<title>`` so a pointer shows the exact figure. Values are the same integers as the table under the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

from pos.server.office.formats import money

PALETTE = ("#1f6f5c", "#c98b2b", "#4a78b5", "#a4485c")


def _short(n: int) -> str:
    a = abs(n)
    for unit, size in (("tỷ", 1_000_000_000), ("tr", 1_000_000), ("k", 1_000)):
        if a >= size:
            v = n / size
            return f"{v:.1f}".rstrip("0").rstrip(".").replace(".", ",") + f" {unit}"
    return str(n)


def bars(
    labels: Sequence[str],
    series: Sequence[Sequence[int]],
    names: Sequence[str] = (),
    *,
    title: str = "",
    width: int = 900,
) -> Markup:
    """Horizontal bars: one group per label, one bar per series (e.g. this week and last week)."""
    n = len(labels)
    if n == 0:
        return Markup("")
    k = max(1, len(series))
    bar_h, gap, left = 16, 8, 280
    group_h = k * bar_h + gap
    legend = 22 if names else 0
    height = 24 + legend + n * group_h
    peak = max([1, *(abs(v) for s in series for v in s)])
    plot = width - left - 80
    out = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    if names:
        x = left
        for j, name in enumerate(names):
            out.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{PALETTE[j % 4]}"/>')
            out.append(f'<text x="{x + 16}" y="16" class="legend">{escape(name)}</text>')
            x += 24 + 7 * len(name)
    for i, label in enumerate(labels):
        y0 = 16 + legend + i * group_h
        out.append(
            f'<text x="{left - 6}" y="{y0 + k * bar_h / 2 + 4:.0f}" text-anchor="end" class="label">'
            f"{escape(label[:44])}</text>"
        )
        for j, s in enumerate(series):
            v = s[i] if i < len(s) else 0
            w = max(1.0, plot * abs(v) / peak) if v else 0
            y = y0 + j * bar_h
            out.append(
                f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h - 2}" fill="{PALETTE[j % 4]}">'
                f"<title>{escape(label)}: {money(v)}</title></rect>"
            )
            out.append(f'<text x="{left + w + 4:.1f}" y="{y + bar_h - 4}" class="value">{_short(v)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def columns(
    labels: Sequence[str], values: Sequence[int], *, title: str = "", width: int = 760, height: int = 220
) -> Markup:
    """Vertical columns over time (days, weeks, months); every few labels are written under the axis."""
    n = len(labels)
    if n == 0:
        return Markup("")
    left, bottom, top = 56, 28, 12
    plot_w, plot_h = width - left - 8, height - bottom - top
    peak = max([1, *(abs(v) for v in values)])
    step = plot_w / n
    every = max(1, n // 12)
    out = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for frac in (0.5, 1.0):
        y = top + plot_h * (1 - frac)
        out.append(f'<line x1="{left}" x2="{width - 8}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        out.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" class="axis">{_short(int(peak * frac))}</text>'
        )
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        h = plot_h * max(0, v) / peak
        x = left + i * step
        out.append(
            f'<rect x="{x + step * 0.1:.1f}" y="{top + plot_h - h:.1f}" width="{max(1.0, step * 0.8):.1f}" '
            f'height="{h:.1f}" fill="{PALETTE[0]}"><title>{escape(label)}: {money(v)}</title></rect>'
        )
        if i % every == 0:
            out.append(
                f'<text x="{x + step / 2:.1f}" y="{height - 10}" text-anchor="middle" class="axis">{escape(label)}</text>'
            )
    out.append(f'<line x1="{left}" x2="{width - 8}" y1="{top + plot_h}" y2="{top + plot_h}" class="base"/>')
    out.append("</svg>")
    return Markup("".join(out))
