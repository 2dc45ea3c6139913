"""The mutations the fuzzer applies to the bundled files: bytes, a workbook's XML, JSON documents.

Each works on the file's own bytes (or parsed JSON) with a seeded random generator, so a case costs
milliseconds and repeats from its seed. Used by tests/fuzzing.py.
"""

import io
import json
import random
import re
import zipfile
from collections.abc import Callable

# --- mutations of bytes ------------------------------------------------------------------------


def truncate(content: bytes, rng: random.Random) -> bytes:
    return content[: rng.randrange(0, max(1, len(content)))]


def flip_bytes(content: bytes, rng: random.Random) -> bytes:
    if not content:
        return content
    data = bytearray(content)
    for _ in range(rng.randint(1, 8)):
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return bytes(data)


def empty(content: bytes, rng: random.Random) -> bytes:
    return b""


BYTE_MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "truncate": truncate,
    "flip-bytes": flip_bytes,
    "empty": empty,
}

# --- mutations of a workbook's XML -------------------------------------------------------------

ABSURD_NUMBERS = ["1e300", "-1e300", "9223372036854775808", "1e25", "-7", "99", "NaN", "INF", "0"]
ABSURD_TEXTS = ["9999", "Atlantis", "", "NaN", "<script>alert(1)</script>", "1e300", "—", "x" * 300]
CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
NUMERIC_VALUE = re.compile(rb'<c r="[A-Z]+\d+"(?:(?! t=)[^>])*><v>[^<]*</v></c>', re.S)


def _cell_near(xml: bytes, rng: random.Random, pattern=CELL):
    """A cell found from a random place onwards (a 13 MB sheet is not scanned whole)."""
    start = rng.randrange(len(xml))
    return pattern.search(xml, start) or pattern.search(xml)


def cell_text(xml: bytes, rng: random.Random) -> bytes:
    match = _cell_near(xml, rng, NUMERIC_VALUE) or _cell_near(xml, rng)
    if not match:
        return xml
    reference = re.match(rb'<c r="([A-Z]+\d+)"', match.group(0)).group(1)
    text = rng.choice(ABSURD_TEXTS).encode()
    replacement = b'<c r="' + reference + b'" t="inlineStr"><is><t>' + _escape(text) + b"</t></is></c>"
    return xml[: match.start()] + replacement + xml[match.end() :]


def cell_number(xml: bytes, rng: random.Random) -> bytes:
    match = _cell_near(xml, rng)
    if not match:
        return xml
    reference = match.group(1) + match.group(2)
    value = rng.choice(ABSURD_NUMBERS).encode()
    return xml[: match.start()] + b'<c r="' + reference + b'"><v>' + value + b"</v></c>" + xml[match.end() :]


def remove_column(xml: bytes, rng: random.Random) -> bytes:
    match = _cell_near(xml, rng)
    if not match:
        return xml
    letters = match.group(1)
    return re.sub(rb'<c r="' + letters + rb'\d+"[^>]*?(?:/>|>.*?</c>)', b"", xml, flags=re.S)


ROW = re.compile(rb'<row r="(\d+)"[^>]*?(?:/>|>(.*?)</row>)', re.S)


def duplicate_row(xml: bytes, rng: random.Random) -> bytes:
    """One row's cells written again over the next row's (two rows for the same thing)."""
    first = _cell_near(xml, rng, ROW)
    if not first:
        return xml
    following = ROW.search(xml, first.end())
    if not following or first.group(2) is None:
        return xml
    old, new = first.group(1), following.group(1)
    cells = re.sub(rb'(<c r="[A-Z]+)' + old + rb'"', rb"\g<1>" + new + b'"', first.group(2))
    row = b'<row r="' + new + b'">' + cells + b"</row>"
    return xml[: following.start()] + row + xml[following.end() :]


def keep_first_rows(xml: bytes, rng: random.Random, count: int | None = None) -> bytes:
    """Every data row removed but the first few: a release that covers almost nothing."""
    count = count if count is not None else rng.randint(0, 3)
    kept = 0

    def keep(match):
        nonlocal kept
        kept += 1
        return match.group(0) if kept <= count else b""

    return ROW.sub(keep, xml)


def huge_dimension(xml: bytes, rng: random.Random) -> bytes:
    reference = rng.choice([b"A1:XFD1048576", b"A1:CV1000000", b"A1:ZZ50000"])
    if b"<dimension" in xml:
        return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + reference + b'"', xml, count=1)
    return xml.replace(b"<sheetData", b'<dimension ref="' + reference + b'"/><sheetData', 1)


def far_cell(xml: bytes, rng: random.Random) -> bytes:
    row, column = rng.choice([(1048576, b"XFD"), (1000000, b"CV"), (70000, b"A")])
    cell = b'<row r="%d"><c r="%s%d"><v>1</v></c></row>' % (row, column, row)
    return xml.replace(b"</sheetData>", cell + b"</sheetData>", 1)


def shared_string(xml: bytes, rng: random.Random) -> bytes:
    """For the shared-strings part: one text (a code, a name, a heading) replaced."""
    texts = list(re.finditer(rb"<t(?: [^>]*)?>([^<]*)</t>", xml))
    if not texts:
        return xml
    match = rng.choice(texts)
    return xml[: match.start(1)] + _escape(rng.choice(ABSURD_TEXTS).encode()) + xml[match.end(1) :]


def _escape(text: bytes) -> bytes:
    return text.replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b">", b"&gt;")


SHEET_MUTATIONS = {
    "text-in-number-cell": cell_text,
    "absurd-number": cell_number,
    "column-removed": remove_column,
    "duplicate-row": duplicate_row,
    "rows-removed": keep_first_rows,
    "huge-declared-dimension": huge_dimension,
    "far-away-cell": far_cell,
}


# An OpenDocument sheet of 980 000 empty rows of 100 cells, then a value: without the .ods check, 2.5 GB.
DISGUISED_CONTENT = (
    b'<?xml version="1.0" encoding="UTF-8"?><office:document-content'
    b' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    b' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:spreadsheet>'
    b'<table:table table:name="Blad1"><table:table-row table:number-rows-repeated="980000">'
    b'<table:table-cell table:number-columns-repeated="100"/></table:table-row><table:table-row>'
    b'<table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>'
    b"</office:spreadsheet></office:body></office:document-content>"
)


def dot_dot_sheet_path(source: zipfile.ZipFile, sheet: str, rng: random.Random) -> dict[str, bytes]:
    """The sheet's relationship Target rewritten to "../xl/worksheets/sheetN.xml", that literal member far away."""
    rels = "xl/_rels/workbook.xml.rels"
    literal = "xl/../" + sheet
    target = re.escape(sheet.removeprefix("xl/").encode())
    changed = re.sub(rb'Target="/?(?:xl/)?' + target + b'"', b'Target="../' + sheet.encode() + b'"', source.read(rels))
    return {rels: changed, literal: far_cell(source.read(sheet), rng)}


def mutate_workbook(content: bytes, mutation: str, rng: random.Random) -> bytes:
    """A workbook with one worksheet (or its shared strings) changed, or its zip comment alone."""
    source = zipfile.ZipFile(io.BytesIO(content))
    names = source.namelist()
    sheets = [name for name in names if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name)]
    output = io.BytesIO()
    target = rng.choice(sheets) if sheets else None
    if mutation == "shared-string" and "xl/sharedStrings.xml" in names:
        target = "xl/sharedStrings.xml"
    replaced: dict[str, bytes] = {}  # whole members replaced or added
    if mutation == "dot-dot-sheet-path" and target:
        replaced = dot_dot_sheet_path(source, target, rng)
    elif mutation == "ods-disguise":  # saved as .ods (see Workspace.write_case): calamine goes by the suffix
        replaced = {"content.xml": DISGUISED_CONTENT}
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as result:
        for info in source.infolist():
            data = replaced.pop(info.filename, None) or source.read(info.filename)
            if info.filename == target and (mutation in SHEET_MUTATIONS or mutation == "shared-string"):
                change = shared_string if mutation == "shared-string" else SHEET_MUTATIONS[mutation]
                data = change(data, rng)
            result.writestr(info, data)
        for name, data in replaced.items():
            result.writestr(name, data)
        result.comment = source.comment + (b" fuzz %d" % rng.randrange(10**6) if mutation == "zip-comment" else b"")
    return output.getvalue()


WORKBOOK_MUTATIONS = [*SHEET_MUTATIONS, "shared-string", "zip-comment", "dot-dot-sheet-path", "ods-disguise"]

# --- mutations of JSON -------------------------------------------------------------------------

ABSURD_JSON_VALUES = [1e300, -1e300, 2**63, 1e25, -7, 99, float("nan"), float("inf"), "text", None, "", [], {}]


def _random_path(document, rng: random.Random) -> list:
    path, node = [], document
    while isinstance(node, dict | list) and node and rng.random() < 0.9:
        key = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
        path.append(key)
        node = node[key]
    return path


def _set(document, path: list, value):
    if not path:
        return value
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return document


def _deepest_container(document, path: list, kind: type):
    """The deepest object (or list) on the path, with the key (or index) the path takes in it."""
    for depth in range(len(path), 0, -1):
        parent = document
        for key in path[: depth - 1]:
            parent = parent[key]
        if isinstance(parent, kind):
            return parent, path[depth - 1]
    return None


def _json_change(document, mutation: str, rng: random.Random):
    path = _random_path(document, rng)
    if mutation == "absurd-value":
        return _set(document, path, rng.choice(ABSURD_JSON_VALUES))
    if mutation == "key-removed":
        found = _deepest_container(document, path, dict)
        if found:
            parent, key = found
            del parent[key]
        return document
    if mutation == "duplicate-item":
        found = _deepest_container(document, path, list)
        if found:
            parent, index = found
            parent.append(json.loads(json.dumps(parent[index])))
        return document
    if mutation == "unknown-code":
        codes = [
            (key, node)
            for key, node in _walk(document)
            if isinstance(node, dict)
            for key in node
            if key.lower() in {"kommunkod", "code", "municipality", "name", "kommun", "region", "lan"}
        ]
        if codes:
            key, node = rng.choice(codes)
            node[key] = rng.choice(["9999", "Atlantis", "", None, 180])
        return document
    if mutation == "one-item-kept":
        return document[:1] if isinstance(document, list) else {k: document[k] for k in list(document)[:1]}
    raise ValueError(mutation)


def _walk(node):
    yield None, node
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    for child in children:
        yield from _walk(child)


def mutate_json(content: bytes, mutation: str, rng: random.Random) -> bytes:
    if mutation == "empty-list":
        return b"[]"
    if mutation == "deep-nesting":
        depth = rng.choice([1000, 50_000])
        return b"[" * depth + b"]" * depth
    if mutation == "huge-number":
        digits = rng.choice([400, 5000, 20_000])
        return re.sub(rb"(?<=[:\[,])\s*\d+(\.\d+)?", lambda _: b"9" * digits, content, count=rng.randint(1, 3))
    document = json.loads(content)
    return json.dumps(_json_change(document, mutation, rng), ensure_ascii=False).encode()


JSON_MUTATIONS = [
    "absurd-value",
    "key-removed",
    "duplicate-item",
    "unknown-code",
    "one-item-kept",
    "empty-list",
    "deep-nesting",
    "huge-number",
]
