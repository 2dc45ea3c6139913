"""A report as a print-ready A4 PDF, with fpdf2 (pure Python: it installs from the package index alone).

The emissions chart is the municipality page's Vega-Lite specification (`core.charts.stacked_sector_chart`), drawn
as PNG by vl-convert from the figures the content holds, with the table behind it; every section follows with its
items, each figure with its source, and the report ends with the releases and sources it used.

fpdf2's built-in fonts hold Latin-1, which has every Swedish letter; the few typographic signs outside it (dashes,
the minus sign, narrow spaces) are written as their plain equivalents, so no font file needs to be shipped.
"""

import io

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from samverkan.core.charts import stacked_sector_chart
from samverkan.core.formatting import format_number, vega_locale

from ..frameworks import FRAMEWORKS
from .xlsx import value_text

PDF_CONTENT_TYPE = "application/pdf"
GREY = (90, 90, 90)
GREEN = (26, 94, 74)
_PLAIN = str.maketrans(
    {
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2026": "...",
        "\u202f": " ",
        "\u2082": "2",
        "\u2265": ">=",
        "\u2264": "<=",
    }
)


def plain(text) -> str:
    """Text the built-in fonts can write (see the module's docstring)."""
    return str(text).translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def cell_text(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return value_text(value, "yesno")
    if isinstance(value, int):
        return str(value) if 1900 <= value <= 2100 else format_number(value)
    if isinstance(value, float):
        return format_number(value, 0 if abs(value) >= 100 or value == 0 else 2)
    return str(value)


class _Report(FPDF):
    footer_text = ""

    def footer(self):
        self.set_y(-12)
        self.set_font("helvetica", size=7)
        self.set_text_color(*GREY)
        self.cell(0, 6, plain(f"{self.footer_text}  {self.page_no()}/{{nb}}"), align="R")
        self.set_text_color(0, 0, 0)


def _chart_png(content: dict) -> tuple[bytes, str] | None:
    """The emissions chart from the content's table of emissions by sector and year, as PNG; None without one."""
    table = next(
        (
            item["value"]
            for section in content["sections"]
            for item in section["items"]
            if item["key"] == "inventory-by-sector" and item["value"] and item["value"]["rows"]
        ),
        None,
    )
    if table is None:
        return None
    columns, rows = table["columns"], table["rows"]
    total_at = table.get("total_column")
    if total_at is None:  # filled before the column was given: found by its label in either language
        total_at = next((i for i, c in enumerate(columns) if c.startswith(("Total", "Totalt"))), None)
    if total_at is None:
        return None
    years = [row[0] for row in rows]
    sectors = [(columns[i], {row[0]: row[i] or 0.0 for row in rows}) for i in range(1, total_at)]
    title = _("Emissions by sector, %(first)s–%(last)s") % {"first": years[0], "last": years[-1]}
    chart = stacked_sector_chart(
        years=years,
        sectors=sectors,
        total={row[0]: row[total_at] for row in rows},
        title=title,
        description=title,
        value_title="t CO2e",
        year_title=_("Year"),
        total_label=_("Dashed line: total"),
        columns=columns,
        rows=rows,
    )
    import vl_convert  # noqa: PLC0415 (heavy: imported when a PDF is first drawn, not by every command)

    return vl_convert.vegalite_to_png(chart.spec, scale=2, format_locale=vega_locale()), title


def _table(pdf: FPDF, columns: list[str], rows: list[list]) -> None:
    size = 7 if len(columns) <= 6 else 5.5
    pdf.set_font("helvetica", size=size)
    heading = FontFace(emphasis="BOLD", fill_color=(232, 240, 236))
    with pdf.table(headings_style=heading, line_height=size * 0.55, text_align="LEFT", padding=0.6) as table:
        table.row([plain(c) for c in columns])
        for cells in rows:
            table.row([plain(cell_text(v)) for v in cells])
    pdf.ln(2)


def _item(pdf: FPDF, item: dict) -> None:
    width = pdf.epw
    pdf.set_font("helvetica", "B", 9)
    label = item["label"] + (" *" if item["mandatory"] else "")
    pdf.multi_cell(width, 5, plain(label), new_x="LMARGIN", new_y="NEXT")
    value = item["value"]
    if item["kind"] == "table":
        if value and value["rows"]:
            _table(pdf, value["columns"], value["rows"])
        else:
            pdf.set_font("helvetica", "I", 8)
            pdf.multi_cell(width, 4.5, plain(_("(none)")), new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.set_font("helvetica", size=9)
        if item["kind"] == "choice":
            labels = {c["value"]: c["label"] for c in item.get("choices", [])}
            shown = labels.get(value, "")
        else:
            shown = cell_text(value) if item["kind"] == "number" else value_text(value, item["kind"])
        pdf.multi_cell(width, 4.5, plain(shown or "–"), new_x="LMARGIN", new_y="NEXT")
    if item.get("rationale"):
        pdf.set_font("helvetica", "I", 8)
        pdf.multi_cell(
            width, 4, plain(_("Rationale: %(text)s") % {"text": item["rationale"]}), new_x="LMARGIN", new_y="NEXT"
        )
    source = item.get("source")
    if source and source.get("text"):
        pdf.set_font("helvetica", size=7)
        pdf.set_text_color(*GREY)
        pdf.multi_cell(
            width, 3.5, plain(_("Source: %(text)s") % {"text": source["text"]}), new_x="LMARGIN", new_y="NEXT"
        )
        pdf.set_text_color(0, 0, 0)
    pdf.ln(1.5)


def _heading(pdf: FPDF, text: str, size: int = 13) -> None:
    pdf.set_font("helvetica", "B", size)
    pdf.set_text_color(*GREEN)
    pdf.multi_cell(pdf.epw, size * 0.5, plain(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(1)


def pdf_bytes(content: dict) -> bytes:
    framework = FRAMEWORKS.get(content["framework"])
    swedish = (get_language() or "sv").startswith("sv")
    name = (framework.name if swedish else framework.name_en) if framework else ""
    title = name or content["framework"]
    pdf = _Report(format="A4", unit="mm")
    pdf.footer_text = f"{content['organization']['name']} - {title} {content['year']}"
    pdf.set_title(plain(pdf.footer_text))
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_margins(15, 15, 15)
    pdf.add_page()
    _heading(pdf, title, 16)
    pdf.set_font("helvetica", size=10)
    lines = [
        content["organization"]["name"],
        _("Year: %(year)s") % {"year": content["year"]},
        _("Filled on %(date)s from the data Samverkan holds") % {"date": content.get("filled_on", "")},
        _("Framework version %(version)s") % {"version": content["version"]},
    ]
    for line in lines:
        pdf.cell(0, 5, plain(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    chart = _chart_png(content)
    if chart is not None:
        png, caption = chart
        pdf.image(io.BytesIO(png), w=pdf.epw)
        pdf.set_font("helvetica", "I", 8)
        pdf.multi_cell(
            pdf.epw, 4, plain(caption + ". " + _("The figures are in the table below.")), new_x="LMARGIN", new_y="NEXT"
        )
        pdf.ln(2)
    for section in content["sections"]:
        _heading(pdf, section["title"])
        for item in section["items"]:
            _item(pdf, item)
    if content.get("inventories"):
        _heading(pdf, _("Inventories"))
        for inventory in content["inventories"]:
            pdf.set_font("helvetica", "B", 9)
            pdf.cell(
                0,
                5,
                plain(f"{inventory['kind']} {inventory['year']} ({inventory['release']})"),
                new_x="LMARGIN",
                new_y="NEXT",
            )
            rows = [[s["covenant_sector"], s["t_co2e"], s["notation_key"] or ""] for s in inventory["sectors"]]
            rows.append([_("Total"), inventory["total_t_co2e"], ""])
            _table(pdf, [_("Covenant sector"), "t CO2e", _("Notation key")], rows)
    if content.get("deadlines"):
        _heading(pdf, _("Deadlines"))
        _table(pdf, [_("Deadline"), _("Due")], [[d["label"], d["due"]] for d in content["deadlines"]])
    _heading(pdf, _("Releases and sources"))
    pdf.set_font("helvetica", size=8)
    sources = [f"{r['label']} ({r['slug']})" for r in content["releases"]]
    for section in content["sections"]:
        for item in section["items"]:
            text = (item.get("source") or {}).get("text")
            if text and text not in sources:
                sources.append(text)
    for text in sources:
        pdf.multi_cell(pdf.epw, 4, plain("- " + text), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
