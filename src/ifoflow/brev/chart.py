"""A small SVG bar chart for printed summaries and web pages (WeasyPrint and browsers draw SVG; no plotting
library needed). The numbers are always in a table beside it too."""

from html import escape


def bars(groups: list[str], series: list[tuple[str, str, list[int]]], *, width: int = 520, height: int = 200,
         title: str = "Diagram", unit: str = "kr") -> str:
    """Grouped bars: groups on the x axis; series = (label, colour, values per group); `title` names the chart for
    screen readers; `unit` follows the scale's top value ("kr", "st")."""
    top = max([v for _, _, values in series for v in values] + [1])
    pad, legend = 40, 18
    plot_h = height - pad - legend
    group_w = (width - pad) / max(len(groups), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
             f'<line x1="{pad}" y1="{legend + plot_h}" x2="{width}" y2="{legend + plot_h}" stroke="#333"/>']
    for s, (label, colour, values) in enumerate(series):
        parts.append(f'<rect x="{pad + s * 150}" y="2" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{pad + s * 150 + 14}" y="11" font-size="10">{escape(label)}</text>')
        for g, value in enumerate(values):
            h = value / top * (plot_h - 10)
            x = pad + g * group_w + group_w * 0.1 + s * bar_w
            parts.append(f'<rect x="{x:.1f}" y="{legend + plot_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                         f'fill="{colour}"/>')
    for g, name in enumerate(groups):
        parts.append(f'<text x="{pad + g * group_w + group_w / 2:.1f}" y="{height - 8}" font-size="10" '
                     f'text-anchor="middle">{escape(name)}</text>')
    scale = f"{top:,}".replace(",", "\u00a0")
    parts.append(f'<text x="2" y="{legend + 10}" font-size="9">{scale}\u00a0{escape(unit)}</text>')
    return "".join(parts) + "</svg>"
