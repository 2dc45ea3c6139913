"""Archives that would lead calamine past the sheet checks are refused, and the process lives (issue 13 review).

Each case was found by an independent review to abort the process or pass 300 MB before the fix:
a sheet reached through "xl/../xl/worksheets/…", an .ods file carrying xl/workbook.xml, and
millions of shared strings, which calamine loads whole when it opens an .xlsx file.
"""

import base64
import random
import re
import struct
import zipfile

import pytest

from samverkan.core import limits
from samverkan.core.errors import DataFileError
from samverkan.core.importing import read_workbook

from .hostile import DATA, POPULATION, ods, only_problem, read_in_child, rewrite_member, sheet_member, with_cell

DOT_DOT = "xl/../xl/worksheets/sheet1.xml"
FAR_EMPTY_ROWS = (
    '<table:table-row table:number-rows-repeated="980000">'
    '<table:table-cell table:number-columns-repeated="100"/></table:table-row>'
    '<table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row>'
)


def dot_dot_sheet(target) -> object:
    """The sheet's relationship pointing at "../xl/worksheets/sheet1.xml", and that literal member far away."""
    population = DATA / POPULATION
    member = sheet_member(population)
    rels = "xl/_rels/workbook.xml.rels"
    path = rewrite_member(
        population, target, rels, lambda xml: re.sub(r'Target="[^"]*sheet1\.xml"', f'Target="../{member}"', xml)
    )
    with zipfile.ZipFile(population) as source:
        hostile = with_cell("CV1000000")(source.read(member).decode())
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DOT_DOT, hostile)
    return path


def many_shared_strings(target, count: int) -> object:
    """`count` more empty strings, behind a comment of random bytes so that the ratio looks like a workbook's."""
    noise = base64.b64encode(random.Random(13).randbytes(300_000)).decode()

    def change(xml: str) -> str:
        end = re.search(r"</(\w+:)?sst>", xml)
        prefix = end[1] or ""
        return xml[: end.start()] + f"<!--{noise}-->" + f"<{prefix}si/>" * count + xml[end.start() :]

    return rewrite_member(DATA / POPULATION, target, "xl/sharedStrings.xml", change)


@pytest.fixture(scope="module")
def refused(tmp_path_factory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("archives")
    disguised = ods(folder / "plan.ods", FAR_EMPTY_ROWS)
    with zipfile.ZipFile(disguised, "a") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    cases = {
        "dot-dot": ("plan", dot_dot_sheet(folder / "folkmangd.xlsx")),
        "ods-disguise": ("plan", disguised),
        "ods-as-xlsx": ("plan", ods(folder / "plan.xlsx", FAR_EMPTY_ROWS)),
        "shared-strings": ("plan", many_shared_strings(folder / "strangar.xlsx", limits.WORKBOOK_SHARED_STRINGS + 1)),
    }
    assert cases["dot-dot"][1].stat().st_size < 30_000
    assert cases["shared-strings"][1].stat().st_size < limits.UPLOAD_MAX_BYTES
    return dict(zip(cases, read_in_child(*cases.values()), strict=True))


def test_sheet_reached_through_a_dot_dot_member_name_is_refused_and_the_process_lives(refused):
    problem = only_problem(refused["dot-dot"]["problems"])
    assert (problem["file"], problem["sheet"], problem["row"]) == ("folkmangd.xlsx", None, None)
    assert problem["value"] == f"arkivets fil {DOT_DOT}"
    assert "'..'" in problem["expected"]
    assert refused["dot-dot"]["peak_mb"] < 300


def test_ods_carrying_an_xlsx_workbook_member_is_refused_by_its_suffix(refused):
    problem = only_problem(refused["ods-disguise"]["problems"])
    assert problem["file"] == "plan.ods"
    assert problem["value"] == "en .ods-fil som innehåller xl/workbook.xml, content.xml"
    assert refused["ods-disguise"]["peak_mb"] < 300


def test_ods_content_named_xlsx_is_refused_by_its_suffix(refused):
    problem = only_problem(refused["ods-as-xlsx"]["problems"])
    assert problem["file"] == "plan.xlsx"
    assert problem["value"] == "en .xlsx-fil som innehåller content.xml"
    assert refused["ods-as-xlsx"]["peak_mb"] < 300


def test_shared_strings_over_the_limit_are_refused_before_calamine_loads_them(refused):
    problem = only_problem(refused["shared-strings"]["problems"])
    assert problem["file"] == "strangar.xlsx"
    assert "xl/sharedStrings.xml" in problem["value"] and "500 000" in problem["value"]
    assert problem["expected"] == "högst 500 000 poster (<si>); fler läses inte"
    assert refused["shared-strings"]["peak_mb"] < 300


def test_shared_strings_at_the_limit_are_read(tmp_path):
    path = many_shared_strings(tmp_path / "folkmangd.xlsx", limits.WORKBOOK_SHARED_STRINGS - 400)
    [sheet] = read_workbook(path)
    assert sheet.cell(4, 0) != ""


def test_json_at_the_size_limit_in_its_costliest_shape_is_read_within_300_mb(tmp_path):
    path = tmp_path / "data.json"
    count = (limits.JSON_MAX_BYTES - 2) // 3
    path.write_text("[" + "[]," * (count - 1) + "[]]", encoding="utf-8")
    [result] = read_in_child(("json", path))
    assert result["problems"] == []
    assert result["peak_mb"] < 300


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("xl\\worksheets\\sheet1.xml", "arkivets fil xl\\worksheets\\sheet1.xml"),
        ("/xl/worksheets/sheet2.xml", "arkivets fil /xl/worksheets/sheet2.xml"),
        ("xl/./worksheets/sheet2.xml", "arkivets fil xl/./worksheets/sheet2.xml"),
        ("XL/WORKSHEETS/SHEET1.XML", "arkivets fil XL/WORKSHEETS/SHEET1.XML"),
    ],
    ids=["backslash", "leading-slash", "dot", "twin-ignoring-case"],
)
def test_member_names_a_reader_could_resolve_differently_are_refused(tmp_path, name, found):
    path = tmp_path / "folkmangd.xlsx"
    path.write_bytes((DATA / POPULATION).read_bytes())
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(name, "<worksheet/>")
    with pytest.raises(DataFileError) as error:
        read_workbook(path)
    assert only_problem(error.value.problems).value == found


def test_workbook_with_an_unknown_suffix_is_refused_by_name(tmp_path):
    path = tmp_path / "folkmangd.xlsb"
    path.write_bytes((DATA / POPULATION).read_bytes())
    with pytest.raises(DataFileError) as error:
        read_workbook(path)
    problem = only_problem(error.value.problems)
    assert (problem.file, problem.value) == ("folkmangd.xlsb", "en fil med namnet folkmangd.xlsb")


def test_a_member_whose_compressed_data_is_corrupt_is_refused_naming_the_file(tmp_path):
    """Found by bench/fuzz.py: a corrupt deflate stream raises zlib.error, which is no zipfile error."""
    content = bytearray((DATA / POPULATION).read_bytes())
    member = zipfile.ZipFile(DATA / POPULATION).getinfo("xl/styles.xml")
    name_length, extra_length = struct.unpack("<HH", content[member.header_offset + 26 : member.header_offset + 30])
    start = member.header_offset + 30 + name_length + extra_length
    content[start + 5 : start + 45] = b"\xff" * 40  # the deflate stream's code lengths, now impossible
    path = tmp_path / "folkmangd.xlsx"
    path.write_bytes(bytes(content))
    with pytest.raises(DataFileError) as refused:
        read_workbook(path)
    problem = only_problem(refused.value.problems)
    assert problem.file == "folkmangd.xlsx" and "xl/styles.xml" in problem.value
