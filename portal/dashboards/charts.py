"""Charts drawn on the server as SVG: no script, no network, and they scale
with the page (viewBox + width 100%), so they read on a phone too."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from portal.summary import format_value

WIDTH, HEIGHT = 480, 230
LEFT, RIGHT, TOP, BOTTOM = 62, 34, 14, 34  # LEFT fits "256.187", RIGHT half of "12/2023"


def _svg(body, title, height=HEIGHT):
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" preserveAspectRatio="xMidYMid meet">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def _axis(max_value, suffix=""):
    """Horizontal grid lines at 0, ½ and the top, labelled."""
    plot = HEIGHT - TOP - BOTTOM
    parts = []
    for fraction in (0, 0.5, 1):
        y = TOP + plot * (1 - fraction)
        value = max_value * fraction
        label = f"{_number(round(value))}{suffix}"
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>'
        )
    return "".join(parts)


def _number(value):
    """A count as the cards write it: 4.136, not 4136."""
    return format_value("", value)


def _labelled(index, count):
    """Every other month is labelled (the last one always), so the labels stay
    legible at phone width."""
    return (count - 1 - index) % 2 == 0


def compliance_bars(points, title):
    """One bar per month: the share of expected regular meetings held.
    `points` are dicts with label, expected, held, share."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points), 1)
    parts = [_axis(100, "%")]
    for index, point in enumerate(points):
        share = point["share"] or 0
        height = plot_h * share
        x = LEFT + index * step + step * 0.15
        y = TOP + plot_h - height
        css = "bar" if share >= 0.9 else "bar warn" if share >= 0.6 else "bar bad"
        if point["expected"] == 0:
            css = "bar none"
        tip = f"{point['label']}: {_number(point['held'])}/{_number(point['expected'])}"
        parts.append(
            f'<rect class="{css}" x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" '
            f'height="{height:.1f}"><title>{escape(tip)}</title></rect>'
        )
        if _labelled(index, len(points)):
            parts.append(
                f'<text class="label" x="{x + step * 0.35:.1f}" y="{HEIGHT - BOTTOM + 20}" '
                f'text-anchor="middle">{escape(point["label"])}</text>'
            )
    return _svg("".join(parts), title)


def line(points, title):
    """A line through `points` (dicts with label and value)."""
    values = [point["value"] for point in points] or [0]
    top = max(max(values), 1)
    top = top * 1.15
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points) - 1, 1)
    coords = [
        (LEFT + index * step, TOP + plot_h * (1 - point["value"] / top))
        for index, point in enumerate(points)
    ]
    parts = [_axis(top)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    parts.append(f'<polyline class="line" points="{path}"/>')
    for (x, y), point in zip(coords, points, strict=True):
        parts.append(
            f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="4">'
            f"<title>{escape(point['label'])}: {_number(point['value'])}</title></circle>"
        )
    for index, ((x, _y), point) in enumerate(zip(coords, points, strict=True)):
        if _labelled(index, len(points)):
            parts.append(
                f'<text class="label" x="{x:.1f}" y="{HEIGHT - BOTTOM + 20}" '
                f'text-anchor="middle">{escape(point["label"])}</text>'
            )
    if points:
        parts.append(
            f'<text class="value" x="{coords[-1][0]:.1f}" y="{coords[-1][1] - 10:.1f}" '
            f'text-anchor="end">{_number(points[-1]["value"])}</text>'
        )
    return _svg("".join(parts), title)


def horizontal_bars(items, title):
    """One labelled bar per (label, value) pair."""
    row = 30
    height = TOP + row * max(len(items), 1) + 8
    top = max([value for _label, value in items] or [0]) or 1
    label_w = 130
    plot_w = WIDTH - label_w - RIGHT - 40
    parts = []
    for index, (label, value) in enumerate(items):
        y = TOP + index * row
        width = plot_w * value / top
        parts.append(
            f'<text class="label" x="{label_w - 8}" y="{y + 17}" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect class="bar" x="{label_w}" y="{y + 4}" width="{width:.1f}" height="{row - 10}"/>'
            f'<text class="value" x="{label_w + width + 6:.1f}" y="{y + 17}">'
            f"{_number(value)}</text>"
        )
    if not items:
        parts.append(
            f'<text class="label" x="{WIDTH / 2}" y="{TOP + 16}" text-anchor="middle">—</text>'
        )
    return _svg("".join(parts), title, height=height)
