"""Bar charts for the dashboards and the household view, drawn on the server with matplotlib as SVG.

Readable without colour: each series has its own hatching as well as its own shade, every bar carries its value,
and the page shows the same numbers in a table beside the chart (WCAG 2.1 AA: 1.4.1 use of colour, 1.1.1 text
alternatives). The SVG names itself for screen readers (role="img", aria-label).
"""

import io
import re
from html import escape

import matplotlib

matplotlib.use("Agg")  # no display on a server
from matplotlib import pyplot as plt  # noqa: E402 - after the backend is chosen
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

SHADES = ["#0b3d6b", "#8c8c8c", "#d9d9d9", "#4a4a4a"]  # dark to light: told apart in greyscale too
HATCHES = ["", "///", "...", "xx"]
plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 9, "svg.fonttype": "none", "hatch.linewidth": 0.6})


def bars(groups: list[str], series: list[tuple[str, list[float]]], *, title: str, unit: str = "st") -> str:
    """Grouped bars: groups along the x axis; series = (name, value per group). Returns an <svg> element."""
    figure = Figure(figsize=(7.2, 2.8), dpi=100)
    ax = figure.subplots()
    width = 0.8 / max(len(series), 1)
    positions = range(len(groups))
    for s, (name, values) in enumerate(series):
        shown = ax.bar([p - 0.4 + width * (s + 0.5) for p in positions], values, width, label=name,
                       color=SHADES[s % len(SHADES)], hatch=HATCHES[s % len(HATCHES)], edgecolor="#1b1b1b",
                       linewidth=0.6)
        ax.bar_label(shown, labels=[_number(v) for v in values], fontsize=7, padding=1)
    ax.set_xticks(list(positions), groups, fontsize=8)
    ax.set_ylabel(unit)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: _number(value)))  # "12 000", as amounts are written
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(y=0.15)
    ax.legend(loc="upper left", bbox_to_anchor=(0, 1.18), ncols=max(len(series), 1), frameon=False, fontsize=8)
    figure.tight_layout()
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    svg = out.getvalue()
    svg = svg[svg.index("<svg"):]  # no XML prolog or DOCTYPE inside a page
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.S)
    svg = re.sub(r'style="([^"]*)"', _attributes, svg)
    return re.sub(r"<svg ", f'<svg role="img" aria-label="{escape(title)}" focusable="false" ', svg, count=1)


def _attributes(found: re.Match[str]) -> str:
    """style="fill: #fff; stroke-width: 0.8" as presentation attributes: the pages' Content-Security-Policy
    (style-src 'self') blocks inline styles, and every shape would be drawn black."""
    pairs = (part.split(":", 1) for part in found.group(1).split(";") if ":" in part)
    return " ".join(f'{name.strip()}="{escape(value.strip().strip(chr(39)))}"' for name, value in pairs)


def _number(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}".replace(",", "\u00a0")
    return f"{value:.1f}".replace(".", ",")
