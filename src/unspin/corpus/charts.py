"""Small inline SVG charts for the corpus report: no scripts, no CDN, escaped text.

Every function returns one ``<svg>`` element as a string, sized in pixels, with a
``<title>`` per mark so a reader can hover for the exact value.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

#: Distinct colours for series (techniques, stances); cycled past the end.
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
    "#ff9da7", "#9c755f", "#bab0ac", "#1f77b4", "#8c564b", "#17becf", "#bcbd22",
)  # fmt: skip
WIDTH = 760
#: Edge of light marks (technique colours) so they stand out on white.
OUTLINE = "#555555"
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def series_colours(names: list[str]) -> dict[str, str]:
    """One colour per name, in order: pass the same mapping to every chart so a series keeps its colour."""
    return {name: colour(i) for i, name in enumerate(names)}


def _fmt(value: float) -> str:
    if float(value).is_integer() and value >= 10:
        return f"{value:.0f}"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _svg(height: int, label: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(label)}" {FONT}>' + "".join(body) + "</svg>"
    )


def _legend(series: list[str], y: int, colours: Mapping[str, str]) -> tuple[list[str], int]:
    """Legend swatches laid out in rows; returns the marks and the height used."""
    marks, x, row = [], 0, 0
    for name in series:
        width = 22 + 7 * len(name)
        if x + width > WIDTH and x > 0:
            x, row = 0, row + 1
        top = y + row * 18
        marks.append(f'<rect x="{x}" y="{top}" width="12" height="12" fill="{colours[name]}"/>')
        marks.append(f'<text x="{x + 16}" y="{top + 10}">{escape(name)}</text>')
        x += width
    return marks, (row + 1) * 18 if series else 0


def hbar_chart(items: list[tuple[str, float]], label: str, unit: str = "") -> str:
    """One horizontal bar per item, longest scale = largest value."""
    label_w, bar_h = 220, 20
    top = max((v for _, v in items), default=0.0) or 1.0
    body = []
    for i, (name, value) in enumerate(items):
        y = i * (bar_h + 6)
        w = (WIDTH - label_w - 70) * value / top
        body.append(f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end">{escape(name[:34])}</text>')
        body.append(
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour(0)}">'
            f"<title>{escape(name)}: {_fmt(value)}{escape(unit)}</title></rect>"
        )
        body.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 14}">{_fmt(value)}</text>')
    return _svg(max(len(items) * (bar_h + 6), 20), label, body)


def stacked_hbar_chart(
    rows: list[tuple[str, dict[str, float]]],
    series: list[str],
    label: str,
    unit: str = "",
    colours: Mapping[str, str] | None = None,
) -> str:
    """One bar per row, split into the series' values, with a legend below."""
    colours = colours or series_colours(series)
    label_w, bar_h = 180, 22
    top = max((sum(values.values()) for _, values in rows), default=0.0) or 1.0
    scale = (WIDTH - label_w - 60) / top
    body = []
    for i, (name, values) in enumerate(rows):
        y = i * (bar_h + 8)
        body.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{escape(name[:28])}</text>')
        x = float(label_w)
        for key in series:
            value = values.get(key, 0.0)
            if value <= 0:
                continue
            body.append(
                f'<rect x="{x:.1f}" y="{y}" width="{value * scale:.1f}" height="{bar_h}" fill="{colours[key]}" '
                f'stroke="#ffffff" stroke-width="0.5">'
                f"<title>{escape(name)}, {escape(key)}: {_fmt(value)}{escape(unit)}</title></rect>"
            )
            x += value * scale
        body.append(f'<text x="{x + 6:.1f}" y="{y + 15}">{_fmt(sum(values.values()))}</text>')
    legend_y = len(rows) * (bar_h + 8) + 8
    legend, legend_h = _legend(series, legend_y, colours)
    return _svg(legend_y + legend_h + 4, label, body + legend)


def line_chart(
    x_labels: list[str],
    series: dict[str, list[float]],
    label: str,
    unit: str = "",
    colours: Mapping[str, str] | None = None,
) -> str:
    """Lines over categorical x values (months), y from 0 to the largest value, with a legend."""
    left, right, top_pad, plot_h = 50, 40, 10, 220
    names = list(series)
    colours = colours or series_colours(names)
    top = max((v for values in series.values() for v in values), default=0.0) or 1.0
    step = (WIDTH - left - right) / max(len(x_labels) - 1, 1)

    def point(i: int, v: float) -> tuple[float, float]:
        return left + i * step, top_pad + plot_h * (1 - v / top)

    body = [f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{WIDTH - right}" y2="{top_pad + plot_h}" stroke="#888"/>']
    for k in range(5):
        v = top * k / 4
        y = point(0, v)[1]
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="#eee"/>')
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{_fmt(v)}</text>')
    every = max(1, len(x_labels) // 12)
    for i, name in enumerate(x_labels):
        if i % every == 0:
            x = point(i, 0)[0]
            body.append(f'<text x="{x:.1f}" y="{top_pad + plot_h + 16}" text-anchor="middle">{escape(name)}</text>')
    for name in names:
        points = [point(i, v) for i, v in enumerate(series[name])]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        # A dark casing under each line: the report's technique colours are light (text sits on them).
        body.append(f'<polyline points="{path}" fill="none" stroke="{OUTLINE}" stroke-width="4.5"/>')
        body.append(f'<polyline points="{path}" fill="none" stroke="{colours[name]}" stroke-width="2.5"/>')
        for (x, y), xl, v in zip(points, x_labels, series[name], strict=True):
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colours[name]}" stroke="{OUTLINE}">'
                f"<title>{escape(name)}, {escape(xl)}: {_fmt(v)}{escape(unit)}</title></circle>"
            )
    legend, legend_h = _legend(names, top_pad + plot_h + 28, colours)
    return _svg(top_pad + plot_h + 32 + legend_h, label, body + legend)


def interval_chart(items: list[tuple[str, float, tuple[float, float] | None]], label: str, unit: str = "") -> str:
    """A dot per item at its value with a whisker over its interval (none drawn when it is ``None``)."""
    label_w, row_h = 220, 24
    top = max((max(v, iv[1] if iv else v) for _, v, iv in items), default=0.0) or 1.0
    scale = (WIDTH - label_w - 90) / top
    body = []
    for i, (name, value, interval) in enumerate(items):
        y = i * row_h + 12
        body.append(f'<text x="{label_w - 8}" y="{y + 4}" text-anchor="end">{escape(name[:34])}</text>')
        body.append(f'<line x1="{label_w}" y1="{y}" x2="{WIDTH - 80}" y2="{y}" stroke="#eeeeee"/>')
        detail = f"{_fmt(value)}{unit}"
        if interval is not None:
            low, high = label_w + interval[0] * scale, label_w + interval[1] * scale
            body.append(
                f'<line x1="{low:.1f}" y1="{y}" x2="{high:.1f}" y2="{y}" stroke="{colour(0)}" stroke-width="2"/>'
            )
            for x in (low, high):
                body.append(f'<line x1="{x:.1f}" y1="{y - 5}" x2="{x:.1f}" y2="{y + 5}" stroke="{colour(0)}"/>')
            detail += f" (95% interval {_fmt(interval[0])} to {_fmt(interval[1])})"
        else:
            detail += " (too few articles for an interval)"
        x = label_w + value * scale
        body.append(
            f'<circle cx="{x:.1f}" cy="{y}" r="4.5" fill="{colour(0) if interval else "#ffffff"}" stroke="{colour(0)}" '
            f'stroke-width="1.5"><title>{escape(name)}: {escape(detail)}</title></circle>'
        )
        body.append(f'<text x="{WIDTH - 74}" y="{y + 4}">{_fmt(value)}</text>')
    return _svg(max(len(items) * row_h, 24), label, body)
