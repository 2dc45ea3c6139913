"""Time and peak memory of refusing hostile workbooks, each in a fresh process (issue 13).

    uv run python bench/hostile_files.py

Each case runs in its own child process, as a server worker would meet it: Django set up, the file
read through core.importing.Workbook with a plan workbook's limits. The child reports the time from
opening the file to the refusal and its peak resident memory (VmHWM; getrusage's ru_maxrss keeps a
forking parent's peak across exec, so it would report the parent); a child that dies
is reported with its exit code. Without the checks, CV1000000 takes about 3 GB and XFD1048576
aborts the process ("memory allocation of 549755813888 bytes failed").
"""

import base64
import json
import random
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import json, os, resource, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
import django
django.setup()
def peak_mb():
    # VmHWM: this process's own peak; ru_maxrss would keep the parent's peak across exec (vfork)
    status = open("/proc/self/status").read()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024
from pathlib import Path
from samverkan.core import limits
from samverkan.core.errors import DataFileError
from samverkan.core.importing import Workbook
before = peak_mb()
started = time.perf_counter()
try:
    workbook = Workbook(Path(sys.argv[1]), max_rows=limits.PLAN_WORKBOOK_ROWS)
    for name in workbook.sheet_names:
        workbook.sheet(name)
    outcome = "read"
except DataFileError as error:
    outcome = str(error.problems[0])
seconds = time.perf_counter() - started
peak = peak_mb()
print(json.dumps({"outcome": outcome, "seconds": seconds, "before_mb": before, "peak_mb": peak}))
"""


def plan_like(path: Path) -> None:
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Åtgärder")
    for column, heading in enumerate(["Id [id]", "Titel [title]", "Status [status]"]):
        sheet.write(0, column, heading)
    for row in range(1, 201):
        sheet.write_row(row, 0, ["", f"Åtgärd {row}", "ongoing"])
    workbook.close()


def with_cell(source: Path, target: Path, reference: str, keep_dimension: bool = True) -> Path:
    row = re.sub(r"[A-Z]", "", reference)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                xml = data.decode()
                if not keep_dimension:
                    xml = re.sub(r"<dimension [^>]*/>", "", xml)
                xml = xml.replace("</sheetData>", f'<row r="{row}"><c r="{reference}"><v>1</v></c></row></sheetData>')
                data = xml.encode()
            new.writestr(item, data)
    return target


def dot_dot(source: Path, target: Path) -> Path:
    """The sheet's Target rewritten to "../xl/worksheets/sheet1.xml" and that literal member at CV1000000."""
    far = with_cell(source, target.with_suffix(".far.xlsx"), "CV1000000")
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = re.sub(rb'Target="[^"]*sheet1\.xml"', b'Target="../xl/worksheets/sheet1.xml"', data)
            new.writestr(item, data)
        with zipfile.ZipFile(far) as hostile:
            new.writestr("xl/../xl/worksheets/sheet1.xml", hostile.read("xl/worksheets/sheet1.xml"))
    return target


def ods_disguise(target: Path) -> Path:
    """980 000 empty rows of 100 cells, then a value, with an xl/workbook.xml beside, saved as .ods."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:spreadsheet>'
        '<table:table table:name="Blad1"><table:table-row table:number-rows-repeated="980000">'
        '<table:table-cell table:number-columns-repeated="100"/></table:table-row><table:table-row>'
        '<table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return target


def shared_strings(source: Path, target: Path, count: int) -> Path:
    """`count` empty shared strings; random bytes in a comment keep the compression ratio a workbook's."""
    noise = base64.b64encode(random.Random(13).randbytes(300_000))
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/sharedStrings.xml":
                data = data.replace(b"</sst>", b"<!--" + noise + b"-->" + b"<si/>" * count + b"</sst>")
            new.writestr(item, data)
    return target


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="samverkan-hostile-"))
    base = folder / "plan.xlsx"
    plan_like(base)
    cases = {
        "plan workbook, 200 actions": base,
        "one cell at CV1000000": with_cell(base, folder / "cv1000000.xlsx", "CV1000000"),
        "one cell at XFD1048576, no <dimension>": with_cell(base, folder / "xfd.xlsx", "XFD1048576", False),
        "sheet at xl/../xl/worksheets, CV1000000": dot_dot(base, folder / "dotdot.xlsx"),
        ".ods with xl/workbook.xml, 980 000 rows": ods_disguise(folder / "disguise.ods"),
        "500 001 shared strings": shared_strings(base, folder / "strings500k.xlsx", 500_001),
        "12 000 000 shared strings": shared_strings(base, folder / "strings12m.xlsx", 12_000_000),
    }
    print(f"{'case':42} {'size':>8} {'time':>8} {'RSS before':>11} {'peak RSS':>9}  outcome")
    for name, path in cases.items():
        result = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)], cwd=ROOT, capture_output=True, text=True, check=False
        )
        size = f"{path.stat().st_size / 1024:.1f} KB"
        if result.returncode != 0:
            print(f"{name:42} {size:>8}  died with exit code {result.returncode}: {result.stderr[-200:]}")
            continue
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        print(
            f"{name:42} {size:>8} {figures['seconds'] * 1000:>6.0f}ms {figures['before_mb']:>8.0f} MB"
            f" {figures['peak_mb']:>6.0f} MB  {figures['outcome'][:90]}"
        )


if __name__ == "__main__":
    main()
