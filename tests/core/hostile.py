"""Helpers of the hostile-file tests: hostile copies of real files, and a child process to read them in."""

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from django.conf import settings

DATA = Path(settings.BUNDLED_DATA_DIR)
POPULATION = "scb/population-by-municipality-2025-12.xlsx"
ROOT = Path(__file__).resolve().parents[2]

# Reads files as the importers do, in a process that may use at most 1.5 GB of address space;
# one JSON line a file: its problems, and the process's peak memory so far.
CHILD = """
import json, os, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))
import django
django.setup()
def peak_mb():
    # VmHWM: this process's own peak; ru_maxrss would keep the parent's peak across exec (vfork)
    status = open("/proc/self/status").read()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024
from pathlib import Path
from samverkan.core import limits
from samverkan.core.errors import DataFileError
for case in sys.argv[1:]:
    kind, path = case.split("=", 1)
    path = Path(path)
    started = time.perf_counter()
    problems = []
    try:
        if kind == "plan":
            from samverkan.core.importing import Workbook
            workbook = Workbook(path, max_rows=limits.PLAN_WORKBOOK_ROWS)
            for name in workbook.sheet_names:
                workbook.sheet(name)
        elif kind == "population":
            from samverkan.places.importers import read_population
            problems = read_population(path)[1]
        elif kind == "json":
            from samverkan.core.importing import read_json
            read_json(path)
        elif kind == "emissions":
            from samverkan.emissions.importers import parse
            problems = parse(path).problems
    except DataFileError as error:
        problems = error.problems
    peak = peak_mb()
    print(json.dumps({"problems": [p.as_dict() for p in problems], "peak_mb": peak,
                      "seconds": time.perf_counter() - started}), flush=True)
"""


def read_in_child(*cases: tuple[str, Path]) -> list[dict]:
    """Each (importer, file) read in one child process; the child must not die."""
    result = subprocess.run(
        [sys.executable, "-c", CHILD, *(f"{kind}={path}" for kind, path in cases)],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return [json.loads(line) for line in result.stdout.strip().splitlines()[-len(cases) :]]


def rewrite_member(source: Path, target: Path, member: str | None, change) -> Path:
    """A copy of a real workbook with one member's XML (or every sheet's) changed, written with zipfile."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == member or (member is None and item.filename.startswith("xl/worksheets/sheet")):
                data = change(data.decode("utf-8")).encode("utf-8")
            new.writestr(item, data)
    return target


def with_cell(reference: str):
    """A value at `reference`, written with the sheet's own prefix (SCB writes "x:")."""
    row = re.sub(r"[A-Z]", "", reference)

    def change(xml: str) -> str:
        if not (end := re.search(r"</(\w+:)?sheetData>", xml)):
            return xml  # an empty sheet
        prefix = end[1] or ""
        cell = f'<{prefix}row r="{row}"><{prefix}c r="{reference}"><{prefix}v>1</{prefix}v></{prefix}c></{prefix}row>'
        return xml.replace(f"</{prefix}sheetData>", f"{cell}</{prefix}sheetData>")

    return change


def declaring(area: str):
    return lambda xml: re.sub(r'<(\w+:)?dimension ref="[^"]*"\s*/>', rf'<\1dimension ref="{area}"/>', xml, count=1)


def without_dimension(xml: str) -> str:
    return re.sub(r"<(\w+:)?dimension [^>]*/>", "", xml)


MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest'
    ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)


def ods(path: Path, rows: str) -> Path:
    """A minimal OpenDocument spreadsheet: a header row and an action, then `rows`."""
    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    head = "".join(
        f"<table:table-row>{cell.format(a)}{cell.format(b)}</table:table-row>"
        for a, b in [("Titel [title]", "Status [status]"), ("Cykelbanor", "ongoing")]
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Åtgärder">{head}{rows}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", MANIFEST)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def sheet_member(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return next(name for name in archive.namelist() if name.startswith("xl/worksheets/sheet"))


def only_problem(problems: list) -> dict:
    assert len(problems) == 1, problems
    return problems[0]
