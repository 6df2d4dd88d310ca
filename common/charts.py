"""Small SVG charts written here: the same markup in the page and in the PDF, no library, no CDN."""

from html import escape


def stacked_bar_chart(
    labels: list[str],
    series: list[tuple[str, str, list[float]]],
    *,
    title: str,
    width: int = 680,
    height: int = 260,
) -> str:
    """Return an SVG stacked bar chart; `series` holds (name, colour, values) tuples."""
    totals = [sum(s[2][i] for s in series) for i in range(len(labels))]
    out, geometry = _frame(labels, series, max(totals, default=0), title, width, height)
    left, top, plot_h, slot, y_max = geometry
    bar_w = slot * 0.62
    for i, label in enumerate(labels):
        x = left + slot * i + (slot - bar_w) / 2
        base: float = top + plot_h
        for name, colour, values in series:
            h = plot_h * values[i] / y_max
            base -= h
            out.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{colour}"><title>{escape(label)} {escape(name)} {values[i]:,.0f}</title></rect>'
            )
        out.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    _legend(out, series, left, height)
    return "".join(out)


def grouped_bar_chart(
    labels: list[str],
    series: list[tuple[str, str, list[float]]],
    *,
    title: str,
    width: int = 680,
    height: int = 260,
) -> str:
    """Return an SVG chart with the series' bars side by side for each label."""
    peak = max((v for s in series for v in s[2]), default=0)
    out, geometry = _frame(labels, series, peak, title, width, height)
    left, top, plot_h, slot, y_max = geometry
    bar_w = slot * 0.8 / max(len(series), 1)
    for i, label in enumerate(labels):
        x0 = left + slot * i + slot * 0.1
        for j, (name, colour, values) in enumerate(series):
            h = plot_h * values[i] / y_max
            x = x0 + bar_w * j
            out.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" '
                f'height="{h:.1f}" fill="{colour}"><title>{escape(label)} {escape(name)} '
                f"{values[i]:,.0f}</title></rect>"
            )
        out.append(
            f'<text x="{x0 + slot * 0.4:.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    _legend(out, series, left, height)
    return "".join(out)


def _frame(labels, series, peak, title, width, height):
    """The SVG's opening, title and horizontal grid; returns (parts, geometry)."""
    left, right, top, bottom = 56, 12, 28, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = peak or 1
    step: float = _nice_step(peak)
    y_max = step * (int(peak // step) + 1)
    slot = plot_w / max(len(labels), 1)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        f'font-size="11" font-family="IPAexGothic, Noto Sans CJK JP, sans-serif" class="summary-chart">',
        f'<text x="{left}" y="16" font-size="13">{escape(title)}</text>',
    ]
    tick = 0.0
    while tick <= y_max + 1e-9:
        y = top + plot_h - plot_h * tick / y_max
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d9dee3" />'
        )
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{int(tick):,}</text>')
        tick += step
    return out, (left, top, plot_h, slot, y_max)


def _legend(out, series, left, height):
    lx = left
    for name, colour, _ in series:
        out.append(f'<rect x="{lx}" y="{height - 14}" width="10" height="10" fill="{colour}" />')
        out.append(f'<text x="{lx + 14}" y="{height - 5}">{escape(name)}</text>')
        lx += 14 + 13 * len(name) + 16
    out.append("</svg>")


def _nice_step(peak: float) -> float:
    raw = peak / 5
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    for m in (1, 2, 5, 10):
        if raw <= m * magnitude:
            return m * magnitude
    return 10 * magnitude
