"""Horizontal bar charts as inline SVG, drawn at build time. Pure, no Pelican import.

Each chart is an <svg role="img" aria-labelledby=...> whose title names it; the page
puts the same numbers in a <table> right after it, for screen readers and for readers
without CSS. Colours come from the stylesheet (classes), so dark mode and print work.
"""

from __future__ import annotations

from markupsafe import Markup, escape

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 170
BAR_WIDTH = 210
NUMBER_WIDTH = 40
LABEL_CHARS = 22


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, int]]) -> Markup:
    """An SVG bar chart of (label, value) rows, labelled by the element `<chart_id>-judul`."""
    largest = max((value for _label, value in rows), default=0) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + NUMBER_WIDTH
    parts = [
        f'<svg class="grafik" id="{chart_id}" role="img" aria-labelledby="{chart_id}-judul" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-judul">{escape(title)}</title>',
    ]
    for index, (label, value) in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        bar = round(BAR_WIDTH * value / largest, 1)
        shown = label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1] + "…"
        parts.append(
            f'<g><text class="grafik-label" x="{LABEL_WIDTH - 8}" y="{y + 16}" '
            f'text-anchor="end">{escape(shown)}</text>'
            f'<rect class="grafik-batang" x="{LABEL_WIDTH}" y="{y}" width="{bar}" '
            f'height="{BAR_HEIGHT}"></rect>'
            f'<text class="grafik-angka" x="{LABEL_WIDTH + bar + 6}" y="{y + 16}">'
            f'{value}</text></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
