"""Reading the downloads back as a journalist's spreadsheet would, and the table of the page they come from."""

import csv
import html
import io
import re

import openpyxl

BOM = "\ufeff"
# A number cell of a CSV for Swedish Excel: no thousands separator, a decimal comma, at most `decimals` decimals.
SWEDISH_NUMBER = re.compile(r"-?[0-9]+(,[0-9]+)?")


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith(BOM), "no byte-order mark: Excel would misread å, ä and ö"
    return list(csv.reader(io.StringIO(text.removeprefix(BOM)), delimiter=";"))


def xlsx_sheet(response):
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def page_rows(page: str, after: str) -> list[list[str]]:
    """The body rows of the page's first table after `after` (`id="ranking"`) as the text of their cells."""
    start = page.index(after)
    body = page[page.index("<tbody>", start) : page.index("</tbody>", start)]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([html.unescape(re.sub(r"<[^>]+>", "", c)).replace("\xa0", " ").strip() for c in cells])
    return rows


def swedish(value: str, decimals: int = 0) -> str:
    """A CSV number cell as the page writes it: spaces between thousands, a true minus sign."""
    number = float(value.replace(",", "."))
    number = 0.0 if round(number, decimals) == 0 else number  # the page writes no "−0"
    text = f"{number:,.{decimals}f}".replace(",", " ").replace(".", ",")
    return text.replace("-", "\u2212")


def swedish_change(value: str) -> str:
    """A CSV per cent cell as the page writes a change: "+0,3 %", "−50,8 %"."""
    text = swedish(value, 1)
    return ("+" if float(value.replace(",", ".")) > 0 and text != "0,0" else "") + text + " %"
