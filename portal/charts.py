"""Bar charts as SVG geometry for the templates (`templates/portal/_chart.html` draws them).

Pure functions from numbers to rectangles and label positions; the page shows the same numbers
in a table beside each chart, so a chart never carries information of its own.
"""

from dataclasses import dataclass, field

# Colours with at least 3:1 contrast against white (WCAG 1.4.11), one per series.
SERIES = ("series-1", "series-2", "series-3", "series-4", "series-5", "series-6")

WIDTH = 520
ROW_HEIGHT = 52  # horizontal bars: the label above, the bar below
LABEL_HEIGHT = 20
BAR_HEIGHT = 22
PLOT_HEIGHT = 220
AXIS_HEIGHT = 48
VALUE_GAP = 8
MARGIN = 8
# A bar's label in the larger type of a phone fits the width up to this many characters (the
# table beside the chart holds the whole text): "Center for Kultur, Fritid og Borgerservice" does.
LABEL_CHARS = 44


@dataclass
class Bar:
    label: str
    display: str  # the value as text ("67 %")
    x: float
    y: float
    width: float
    height: float
    css: str = SERIES[0]


@dataclass
class Text:
    text: str
    x: float
    y: float
    anchor: str = "start"
    css: str = "chart-label"

    @property
    def lines(self) -> list[str]:
        """A label may take two lines ("3. kvt.\n2025"); the template writes one tspan per line."""
        return self.text.split("\n")


@dataclass
class Chart:
    """What `_chart.html` draws: an SVG of `width` × `height` with bars, texts and a legend."""

    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css, label)
    kind: str = ""  # "bars" or "columns": a phone enlarges the bars' texts (insight.css)


def horizontal_bars(items: list[tuple[str, float, str]], maximum: float | None = None) -> Chart:
    """One bar per item (label, value, value as text), the label above its bar, longest = maximum."""
    top = maximum or max((value for _label, value, _display in items), default=0) or 1
    chart = Chart(WIDTH, MARGIN * 2 + ROW_HEIGHT * len(items), kind="bars")
    usable = WIDTH - 2 * MARGIN - 70  # room for the value after the bar
    for number, (label, value, display) in enumerate(items):
        y = MARGIN + number * ROW_HEIGHT
        width = usable * max(value, 0) / top
        chart.texts.append(Text(_shortened(label, LABEL_CHARS), MARGIN, y + LABEL_HEIGHT - 5))
        chart.bars.append(Bar(label, display, MARGIN, y + LABEL_HEIGHT, width, BAR_HEIGHT))
        chart.texts.append(
            Text(display, MARGIN + width + VALUE_GAP, y + LABEL_HEIGHT + BAR_HEIGHT - 6, css="chart-value")
        )
    return chart


def _shortened(label: str, limit: int) -> str:
    if len(label) <= limit:
        return label
    return label[: limit - 1].rstrip() + "…"


def stacked_columns(categories: list[str], series: list[tuple[str, list[float]]]) -> Chart:
    """One column per category, each series stacked in its colour, the total above the column."""
    totals = [sum(values[i] for _label, values in series) for i in range(len(categories))]
    top = max(totals, default=0) or 1
    chart = Chart(WIDTH, MARGIN + PLOT_HEIGHT + AXIS_HEIGHT, kind="columns")
    slot = (WIDTH - 2 * MARGIN) / max(len(categories), 1)
    column = min(slot * 0.6, 64)
    base = MARGIN + PLOT_HEIGHT
    chart.lines.append((MARGIN, base, WIDTH - MARGIN, base))
    scale = (PLOT_HEIGHT - 24) / top
    for index, category in enumerate(categories):
        x = MARGIN + slot * index + (slot - column) / 2
        y = base
        for number, (label, values) in enumerate(series):
            height = values[index] * scale
            if height:
                y -= height
                chart.bars.append(Bar(label, str(values[index]), x, y, column, height, SERIES[number % len(SERIES)]))
        chart.texts.append(Text(str(totals[index]), x + column / 2, y - 6, "middle", "chart-value"))
        chart.texts.append(Text(category, x + column / 2, base + 20, "middle"))
    chart.legend = [(SERIES[number % len(SERIES)], label) for number, (label, _values) in enumerate(series) if label]
    return chart


def columns(items: list[tuple[str, float, str]]) -> Chart:
    """One column per item (label, value, value as text)."""
    return stacked_columns([label for label, _v, _d in items], [("", [value for _l, value, _d in items])])
