"""Small SVG bar charts drawn on the server, for the staff dashboard. Pure."""

from __future__ import annotations

from html import escape

BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 190
VALUE_WIDTH = 50


def bar_chart(
    items: list[tuple[str, int]],
    *,
    title: str,
    empty: str,
    width: int = 560,
    colour: str = "#00576b",
) -> str:
    """Horizontal bars, one per (label, value), with the value at the end of each bar; the
    text `empty` when there are none. Texts come in the reader's language."""
    height = max(1, len(items)) * (BAR_HEIGHT + GAP) + 30
    biggest = max((value for _, value in items), default=0) or 1
    room = width - LABEL_WIDTH - VALUE_WIDTH
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    if not items:
        parts.append(f'<text x="0" y="44" font-size="13">{escape(empty)}</text>')
    for index, (label, value) in enumerate(items):
        y = 30 + index * (BAR_HEIGHT + GAP)
        bar = round(room * value / biggest)
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" font-size="12" text-anchor="end">'
            f"<title>{escape(label)}</title>{escape(short)}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{bar}" height="{BAR_HEIGHT}" fill="{colour}"/>'
            f'<text x="{LABEL_WIDTH + bar + 6}" y="{y + 15}" font-size="12">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
