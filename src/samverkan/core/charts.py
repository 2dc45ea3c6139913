"""Charts as Vega-Lite specifications (built with Altair), rendered to SVG on the server.

One specification serves the screen and, later, print and reports. Rendering on the
server keeps the pages free of script (a strict Content-Security-Policy) and working
without JavaScript; every chart is shown together with the table of its data.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from .cache import content_key
from .formatting import format_number, vega_locale

# Bump when a chart builder changes, so cached SVGs are rendered anew.
SPEC_VERSION = "5"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"
PRIMARY = "#1a5e4a"


@dataclass
class Chart:
    """A chart with the table of its data; `columns` name the table's columns.

    The Vega-Lite specification is built (with Altair, which takes tens of milliseconds) only
    when the SVG for these inputs is not in the cache yet.
    """

    title: str
    description: str
    build: Callable[[], dict]
    inputs: object
    columns: list[str]
    rows: list[list] = field(default_factory=list)

    @property
    def spec(self) -> dict:
        return self.build()

    def svg(self) -> SafeString:
        return render_svg(self.build, self.inputs, self.description)

    def table_body(self) -> SafeString:
        """The table's rows as HTML, built in Python: hundreds of cells through template tags cost milliseconds."""

        def cell(value) -> str:
            return value if isinstance(value, str) else format_number(value)

        rows = []
        for row in self.rows:
            if not row:
                continue
            head = format_html('<th scope="row">{}</th>', row[0])
            cells = format_html_join("", '<td class="num">{}</td>', ((cell(value),) for value in row[1:]))
            rows.append(format_html("<tr>{}{}</tr>", head, cells))
        return mark_safe("\n".join(rows))  # noqa: S308 - every part escaped by format_html


def render_svg(build: Callable[[], dict], inputs: object, description: str) -> SafeString:
    """The chart as inline SVG, cached by its inputs and the page language (not by the data generation: the
    inputs are the figures it draws, so an SVG is right for as long as it is kept)."""
    locale = vega_locale()
    key = content_key("chart-svg", json.dumps(inputs, sort_keys=True, default=str), locale, SPEC_VERSION)
    svg = cache.get(key)
    if svg is None:
        import vl_convert  # noqa: PLC0415 (imported when a chart is first drawn, not by every command)

        svg = vl_convert.vegalite_to_svg(build(), format_locale=locale)
        cache.set(key, svg)
    label = escape(description)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" focusable="false" ', 1)
    return mark_safe(svg)  # noqa: S308 - produced by vl-convert from our own specification


def _base_config(chart):
    return (
        chart.configure(font=FONT)
        .configure_axis(labelFontSize=12, titleFontSize=12, labelColor="#222", titleColor="#222", gridColor="#e3e3e3")
        .configure_view(stroke=None)
    )


def yearly_line_chart(
    *,
    points: list[tuple[int, int | float]],
    title: str,
    description: str,
    value_title: str,
    year_title: str,
    columns: list[str],
    from_zero: bool = False,
) -> Chart:
    """A line over the years, e.g. population 1950 to today, on a time axis (a year per unit).

    By default missing years break the line and the value axis fits the data; `from_zero` draws the value axis from
    zero and joins the years with data (each marked with a point), for series with data in some years only.
    """

    def build() -> dict:
        import altair as alt  # noqa: PLC0415 (imported when first needed: it takes over a second to import)

        known = dict(points)
        if from_zero:
            values = [{"year": year, "value": value} for year, value in sorted(known.items())]
        else:
            # Missing years become nulls so that the line breaks there instead of bridging the gap.
            years = range(min(known), max(known) + 1) if known else []
            values = [{"year": year, "value": known.get(year)} for year in years]
        chart = (
            alt.Chart(alt.Data(values=values))
            .mark_line(color=PRIMARY, strokeWidth=2, point=alt.OverlayMarkDef(size=22, color=PRIMARY))
            .encode(
                x=alt.X(
                    "year:Q",
                    title=year_title,
                    axis=alt.Axis(format="d", tickMinStep=1),
                    scale=alt.Scale(zero=False, nice=False),
                ),
                y=alt.Y("value:Q", title=value_title, scale=alt.Scale(zero=from_zero)),
            )
            .properties(width=640, height=260)
        )
        return _base_config(chart).to_dict(validate=False)

    return Chart(
        title=title,
        description=description,
        build=build,
        inputs=["line", points, value_title, year_title, from_zero],
        columns=columns,
        rows=[[y, v] for y, v in points],
    )


def stacked_sector_chart(
    *,
    years: list[int],
    sectors: list[tuple[str, dict[int, float]]],
    total: dict[int, float],
    title: str,
    description: str,
    value_title: str,
    year_title: str,
    total_label: str,
    columns: list[str],
    rows: list[list],
) -> Chart:
    """Stacked bars by sector for each year with data, on a time axis (1990, 2000, 2005 … spaced as years are),
    with the total as a line of points above them."""

    def build() -> dict:
        import altair as alt  # noqa: PLC0415 (imported when first needed: it takes over a second to import)

        values = [
            {"year": year, "sector": name, "value": series.get(year, 0.0), "order": index}
            for index, (name, series) in enumerate(sectors)
            for year in years
        ]
        totals = [{"year": year, "value": total.get(year)} for year in years]
        first, last = (min(years), max(years)) if years else (0, 1)
        # A bar a little narrower than a year, however many years there are; half a year of room at each end.
        bar_width = max(2, min(24, int(640 / max(last - first + 1, 1) * 0.7)))
        year_axis = alt.X(
            "year:Q",
            title=year_title,
            axis=alt.Axis(format="d", tickMinStep=1, labelOverlap=True),
            scale=alt.Scale(domain=[first - 0.5, last + 0.5], nice=False, zero=False),
        )
        bars = (
            alt.Chart(alt.Data(values=values))
            .mark_bar(size=bar_width)
            .encode(
                x=year_axis,
                y=alt.Y("sum(value):Q", title=value_title, stack="zero"),
                color=alt.Color(
                    "sector:N",
                    title=None,
                    sort=[name for name, _series in sectors],
                    scale=alt.Scale(scheme="tableau10"),
                    legend=alt.Legend(orient="bottom", columns=3, labelLimit=260),
                ),
                order=alt.Order("order:Q"),
            )
        )
        line = (
            alt.Chart(alt.Data(values=totals))
            .mark_line(color="#111", point=alt.OverlayMarkDef(color="#111", size=30), strokeDash=[4, 2])
            .encode(x=year_axis, y="value:Q")
        )
        chart = (bars + line).properties(
            width=640, height=300, title=alt.TitleParams(total_label, anchor="end", fontSize=11, fontWeight="normal")
        )
        return _base_config(chart).to_dict(validate=False)

    inputs = [
        "stacked",
        years,
        [[name, sorted(series.items())] for name, series in sectors],
        sorted(total.items()),
        value_title,
        year_title,
        total_label,
    ]
    return Chart(title=title, description=description, build=build, inputs=inputs, columns=columns, rows=rows)


def progress_chart(
    *,
    lines: list[tuple[str, dict[int, float]]],
    points: list[tuple[str, int, float]],
    title: str,
    description: str,
    value_title: str,
    year_title: str,
    columns: list[str],
    rows: list[list],
) -> Chart:
    """History, trend, Carbon Law path and target paths as lines, each in its own colour and dash; targets as points.

    The first line is the observed history (solid); the others are dashed so that they read as projections.
    """
    palette = [PRIMARY, "#c0392b", "#1f5fa8", "#6b3fa0", "#8a6d00", "#444444", "#b0457a"]
    dashes = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [10, 4], [3, 5]]

    def build() -> dict:
        import altair as alt  # noqa: PLC0415 (imported when first needed: it takes over a second to import)

        names = [name for name, _values in lines]
        values = [
            {"series": name, "year": year, "value": value}
            for name, series in lines
            for year, value in sorted(series.items())
        ]
        scale_colour = alt.Scale(domain=names, range=palette[: len(names)])
        scale_dash = alt.Scale(domain=names, range=dashes[: len(names)])
        legend = alt.Legend(orient="bottom", columns=2, labelLimit=320, symbolStrokeWidth=3, symbolSize=300)
        chart = (
            alt.Chart(alt.Data(values=values))
            .mark_line(strokeWidth=2.5)
            .encode(
                x=alt.X(
                    "year:Q", title=year_title, axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(nice=False)
                ),
                y=alt.Y("value:Q", title=value_title, scale=alt.Scale(zero=True)),
                color=alt.Color("series:N", title=None, scale=scale_colour, legend=legend),
                strokeDash=alt.StrokeDash("series:N", title=None, scale=scale_dash, legend=legend),
                detail="series:N",
            )
        )
        if points:
            marks = [{"series": name, "year": year, "value": value} for name, year, value in points]
            chart = chart + (
                alt.Chart(alt.Data(values=marks))
                .mark_point(shape="diamond", size=120, filled=True, stroke="#111", strokeWidth=1)
                .encode(
                    x="year:Q",
                    y="value:Q",
                    color=alt.Color("series:N", scale=scale_colour, legend=None),
                )
            )
        return _base_config(chart.properties(width=640, height=300)).to_dict(validate=False)

    inputs = ["progress", [[name, sorted(series.items())] for name, series in lines], points, value_title, year_title]
    return Chart(title=title, description=description, build=build, inputs=inputs, columns=columns, rows=rows)
