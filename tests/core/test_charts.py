"""Chart specifications are valid Vega-Lite (pages build them without Altair's slow validation)."""

from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema.core import load_schema

from samverkan.core.charts import stacked_sector_chart, yearly_line_chart


def test_line_chart_spec_is_valid_vega_lite_and_breaks_at_missing_years():
    chart = yearly_line_chart(
        points=[(2020, 10), (2021, 11), (2025, 14)],
        title="t",
        description="d",
        value_title="v",
        year_title="y",
        columns=["y", "v"],
    )
    spec = chart.spec
    validate_jsonschema(spec, load_schema())
    values = spec.get("datasets")
    data = next(iter(values.values())) if values else spec["data"]["values"]
    assert [row["value"] for row in data] == [10, 11, None, None, None, 14]


def test_stacked_sector_chart_spec_is_valid_vega_lite_and_renders_to_svg():
    chart = stacked_sector_chart(
        years=[2023, 2024],
        sectors=[("Transporter", {2023: 5.0, 2024: 4.0}), ("Jordbruk", {2023: 1.0, 2024: 1.5})],
        total={2023: 6.0, 2024: 5.5},
        title="t",
        description="Utsläpp",
        value_title="t CO2e",
        year_title="År",
        total_label="total",
        columns=["År"],
        rows=[],
    )
    validate_jsonschema(chart.spec, load_schema())
    svg = str(chart.svg())
    assert svg.startswith('<svg role="img" aria-label="Utsläpp"')
    assert "Transporter" in svg and "Jordbruk" in svg
