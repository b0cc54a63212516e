"""A timeline as a standalone SVG document: readable without JavaScript, printable, downloadable.

Lines rather than bars because up to six series share one axis. Each series differs in colour (the
Okabe-Ito palette, which readers with every common colour-vision deficiency can tell apart) and in
dash pattern (for print in grey and for readers who cannot tell any colours apart). The share of a
period dated only approximately is a hatched band under the line; each point carries a <title>, which
browsers show on hover without any script.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
DASHES = ("", "8 4", "2 3", "10 3 2 3", "4 4", "12 3 2 3 2 3")
WIDTH, PLOT_HEIGHT = 760, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 64
LEGEND_ROW = 20


@dataclass
class ChartSeries:
    label: str
    values: list[float]  # one per period: the count or the share
    approximate: list[float]  # the part of each value dated only approximately
    hovers: list[str]  # text shown for each point
    undated_note: str = ""


@dataclass
class Chart:
    title: str
    periods: list[str]  # axis labels, one per period
    series: list[ChartSeries]
    y_label: str
    y_format: object = str  # number -> axis text (Bengali digits in the Bengali interface)
    notes: list[str] = field(default_factory=list)  # lines under the legend (undated counts)
    approximate_label: str = ""
    integer: bool = True  # counts: whole-number ticks


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _fmt(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def render(chart: Chart, element_id: str = "timeline-svg") -> str:
    n = len(chart.periods)
    legend_rows = math.ceil(len(chart.series) / 2) + (1 if chart.approximate_label else 0) + len(chart.notes)
    height = TOP + PLOT_HEIGHT + BOTTOM + legend_rows * LEGEND_ROW + 8
    plot_width = WIDTH - LEFT - RIGHT
    tick = _nice_ceiling(max((v for s in chart.series for v in s.values), default=0) / 4)
    if chart.integer:
        tick = max(1, math.ceil(tick))
    top_value = tick * 4
    step = plot_width / max(n, 1)

    def x(i):
        return LEFT + (i + 0.5) * step

    def y(v):
        return TOP + PLOT_HEIGHT - (v / top_value) * PLOT_HEIGHT

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{element_id}" class="timeline-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" aria-labelledby="{element_id}-title" '
        "font-family=\"'Noto Sans Bengali', 'Archive Bengali', sans-serif\" font-size=\"12\">",
        f'<title id="{element_id}-title">{escape(chart.title)}</title>',
        "<defs>",
    ]
    for i, _s in enumerate(chart.series):
        colour = COLOURS[i % len(COLOURS)]
        out.append(
            f'<pattern id="{element_id}-hatch-{i}" patternUnits="userSpaceOnUse" width="6" height="6" '
            f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{colour}" fill-opacity="0.12"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{colour}" stroke-width="2" stroke-opacity="0.55"/></pattern>'
        )
    out.append(
        f'<pattern id="{element_id}-hatch-key" patternUnits="userSpaceOnUse" width="6" height="6" '
        'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#555" stroke-width="2"/></pattern>'
    )
    out.append("</defs>")
    out.append(f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#fff"/>')
    # Horizontal grid and the value axis.
    for k in range(5):
        value = top_value * k / 4
        yy = y(value)
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_fmt(yy)}" y2="{_fmt(yy)}" stroke="#ddd" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{LEFT - 6}" y="{_fmt(yy + 4)}" text-anchor="end" fill="#333">{escape(chart.y_format(value))}</text>'
        )
    out.append(
        f'<text x="14" y="{TOP + PLOT_HEIGHT / 2:.0f}" text-anchor="middle" fill="#333" '
        f'transform="rotate(-90 14 {TOP + PLOT_HEIGHT / 2:.0f})">{escape(chart.y_label)}</text>'
    )
    base = TOP + PLOT_HEIGHT
    out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}" stroke="#333"/>')
    # Period labels: at most about twelve, evenly spaced, so they never overlap.
    every = max(1, math.ceil(n / 12))
    for i in range(0, n, every):
        out.append(
            f'<line x1="{_fmt(x(i))}" x2="{_fmt(x(i))}" y1="{base}" y2="{base + 4}" stroke="#333"/>'
            f'<text x="{_fmt(x(i))}" y="{base + 18}" text-anchor="middle" fill="#333">{escape(chart.periods[i])}</text>'
        )
    for i, s in enumerate(chart.series):
        colour, dash = COLOURS[i % len(COLOURS)], DASHES[i % len(DASHES)]
        out.append(f'<g class="series" data-series="{i}">')
        if any(s.approximate):
            upper = [(x(j), y(v)) for j, v in enumerate(s.values)]
            lower = [(x(j), y(v - a)) for j, (v, a) in enumerate(zip(s.values, s.approximate, strict=True))]
            if n == 1:  # a band needs width: give the single period its slot
                upper = [(x(0) - step / 4, upper[0][1]), (x(0) + step / 4, upper[0][1])]
                lower = [(x(0) - step / 4, lower[0][1]), (x(0) + step / 4, lower[0][1])]
            points = " ".join(f"{_fmt(a)},{_fmt(b)}" for a, b in upper + lower[::-1])
            out.append(
                f'<polygon class="approximate" points="{points}" fill="url(#{element_id}-hatch-{i})"/>'
            )
        if n > 1:
            points = " ".join(f"{_fmt(x(j))},{_fmt(y(v))}" for j, v in enumerate(s.values))
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(
                f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
            )
        if n <= 200:
            for j, v in enumerate(s.values):
                out.append(
                    f'<circle cx="{_fmt(x(j))}" cy="{_fmt(y(v))}" r="3.5" fill="{colour}" '
                    f"data-value={quoteattr(s.hovers[j])}><title>{escape(s.hovers[j])}</title></circle>"
                )
        out.append("</g>")
    # Legend: a line sample (colour and dash) and the label, two per row.
    row_y = base + 44
    for i, s in enumerate(chart.series):
        colour, dash = COLOURS[i % len(COLOURS)], DASHES[i % len(DASHES)]
        lx = LEFT + (i % 2) * (plot_width / 2)
        ly = row_y + (i // 2) * LEGEND_ROW
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<g class="legend-item"><line x1="{_fmt(lx)}" x2="{_fmt(lx + 36)}" y1="{ly - 4}" y2="{ly - 4}" '
            f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
            f'<text x="{_fmt(lx + 44)}" y="{ly}" fill="#111">{escape(s.label)}</text></g>'
        )
    row_y += math.ceil(len(chart.series) / 2) * LEGEND_ROW
    if chart.approximate_label:
        out.append(
            f'<rect x="{LEFT}" y="{row_y - 12}" width="36" height="12" fill="url(#{element_id}-hatch-key)" stroke="#888"/>'
            f'<text x="{LEFT + 44}" y="{row_y}" fill="#111">{escape(chart.approximate_label)}</text>'
        )
        row_y += LEGEND_ROW
    for note in chart.notes:
        out.append(f'<text x="{LEFT}" y="{row_y}" fill="#333">{escape(note)}</text>')
        row_y += LEGEND_ROW
    out.append("</svg>")
    return "\n".join(out)
