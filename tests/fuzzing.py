"""Mutated copies of the bundled real files, fed to every importer and upload.

Shared by the suite (tests/core/test_fuzz.py, about a minute) and `bench/fuzz.py` (10 000 cases). A case
is one bundled file, one mutation and a seed. Every case must end in one of two ways: the file is
imported, or it is refused with problems that name the file (and sheet, row and column where the
mutation is in a cell); never a traceback, and never a change to the database after a refusal.
Mutations work on the files' own bytes and XML, so a case costs milliseconds, not an Excel round trip.
"""

import hashlib
import importlib
import io
import json
import random
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from unittest.mock import patch

from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils.html import escape, strip_tags

DATA = Path(settings.BUNDLED_DATA_DIR)

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


def _json_change(document, mutation: str, rng: random.Random):
    path = _random_path(document, rng)
    if mutation == "absurd-value":
        return _set(document, path, rng.choice(ABSURD_JSON_VALUES))
    if mutation == "key-removed":
        for depth in range(len(path), 0, -1):
            parent = document
            for key in path[: depth - 1]:
                parent = parent[key]
            if isinstance(parent, dict):
                del parent[path[depth - 1]]
                return document
        return document
    if mutation == "duplicate-item":
        for depth in range(len(path), 0, -1):
            parent = document
            for key in path[: depth - 1]:
                parent = parent[key]
            if isinstance(parent, list):
                parent.append(json.loads(json.dumps(parent[path[depth - 1]])))
                return document
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

# --- the targets: every importer and upload, each with a bundled real file ---------------------


@dataclass(frozen=True)
class Target:
    name: str
    source: str  # a file, or a folder whose `member` is the file mutated
    kind: str  # the `samverkan import` kind, or "plan-upload"
    member: str = ""
    weight: int = 1  # how often it is drawn: the large, slow files less often

    @property
    def is_json(self) -> bool:
        return (self.member or self.source).endswith(".json")

    def mutations(self) -> list[str]:
        own = JSON_MUTATIONS if self.is_json else WORKBOOK_MUTATIONS
        return [*BYTE_MUTATIONS, "wrong-extension", *own]


TARGETS = [
    Target("population 1950–2022", "scb/population-by-municipality-1950-2022.xlsx", "population", weight=3),
    Target("population 2025", "scb/population-by-municipality-2025-12.xlsx", "population", weight=3),
    Target("emissions, compiled", "smhi/ghg-territorial-1990-2024-compiled.xlsx", "emissions", weight=2),
    Target("emissions, Länsrapport", "smhi/lansrapport-co2-by-subsector-2024-04-18.xlsx", "emissions"),
    Target(
        "emissions, Klimatkollen",
        "klimatkollen-2026",
        "emissions",
        member="municipality-sector-emissions.json",
        weight=2,
    ),
    Target(
        "emissions, Klimatkollen national",
        "klimatkollen-2026",
        "emissions",
        member="national-sector-emissions.json",
    ),
    Target("key indicators", "klimatkollen-2026/municipality-data.json", "key-indicators", weight=3),
    Target("Covenant outside Sweden", "covenant-europe-sample.xlsx", "covenant-europe", weight=2),
    Target("plan workbook upload", "plan-workbook.xlsx", "plan-upload", weight=3),
]


def weighted_targets() -> list[Target]:
    return [target for target in TARGETS for _ in range(target.weight)]


class Workspace:
    """The unmutated inputs, prepared once: bundled files, a Covenant sample, a plan's workbook."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.originals: dict[str, bytes] = {}

    def original(self, target: Target, plan=None) -> bytes:
        key = target.member or target.source
        if key not in self.originals:
            if target.kind == "covenant-europe":
                self.originals[key] = covenant_sample()
            elif target.kind == "plan-upload":
                self.originals[key] = plan_workbook_bytes(plan)
            else:
                self.originals[key] = (DATA / target.source / target.member).read_bytes()
        return self.originals[key]

    def write_case(self, target: Target, mutation: str, seed: int, plan=None) -> Path:
        """The mutated file (or folder) on disk, ready to import."""
        rng = random.Random(seed)
        content = self.original(target, plan)
        if mutation in BYTE_MUTATIONS:
            content = BYTE_MUTATIONS[mutation](content, rng)
        elif mutation == "wrong-extension":
            pass
        elif target.is_json:
            content = mutate_json(content, mutation, rng)
        else:
            content = mutate_workbook(content, mutation, rng)
        case = self.folder / f"case-{seed}-{re.sub(r'[^a-z]+', '-', target.name.lower())}"
        shutil.rmtree(case, ignore_errors=True)
        case.mkdir(parents=True)
        name = Path(target.member or target.source).name
        if mutation == "wrong-extension":
            name = Path(name).stem + rng.choice([".csv", ".json", ".txt", ".xls", ".ods", ".xlsx"])
            name = name if name != Path(target.member or target.source).name else Path(name).stem + ".pdf"
        elif mutation == "ods-disguise":  # a workbook archive, xl/workbook.xml and all, carrying content.xml
            name = Path(name).stem + ".ods"
        if target.member:
            folder = case / Path(target.source).name
            shutil.copytree(DATA / target.source, folder)
            for child in folder.iterdir():
                child.chmod(0o644)
            (folder / target.member).unlink()
            (folder / name).write_bytes(content)
            return folder
        path = case / name
        path.write_bytes(content)
        return path


def covenant_sample(rows: int = 120) -> bytes:
    """The JRC's GCoM list cut to its first rows: the real format, a fraction of the import time."""
    content = (DATA / "covenant-of-mayors/gcom-mycovenant-signatories-2024.xlsx").read_bytes()
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as result:
        for info in source.infolist():
            data = source.read(info.filename)
            if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", info.filename):
                data = keep_first_rows(data, random.Random(0), count=rows)
                data = re.sub(rb'<dimension ref="[^"]*"/>', b"", data)
            result.writestr(info, data)
    return output.getvalue()


def plan_workbook_bytes(plan) -> bytes:
    from samverkan.actions.workbook import plan_workbook

    return plan_workbook(plan, list(plan.actions.all()))


# --- running a case ----------------------------------------------------------------------------


FULLY_COMPARED_ROWS = 5_000


def database_state(plan=None) -> dict[str, tuple]:
    """What a refused import must leave as it was: every table of ours by its row count and highest id,
    and the rows themselves (a digest) of every table up to 5 000 rows and of the uploaded plan's actions:
    a refusal that changed rows in place would keep the counts.
    """
    state = {}
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        rows = model._default_manager.all()
        count = rows.count()
        if count <= FULLY_COMPARED_ROWS:
            digest = hashlib.sha256(repr(list(rows.order_by("pk").values_list())).encode()).hexdigest()
        else:
            digest = rows.order_by("-pk").values_list("pk", flat=True).first()
        state[model._meta.label] = (count, digest)
    if plan is not None:
        actions = list(plan.actions.order_by("pk").values_list())
        state["the plan's actions"] = (len(actions), hashlib.sha256(repr(actions).encode()).hexdigest())
    return state


APPS = {"sources", "places", "emissions", "targets", "networks", "actions", "indicators", "accounts"}


@dataclass(frozen=True)
class Outcome:
    imported: bool
    message: str


class UnsafeRefusal(AssertionError):
    """A case that broke the rule: a traceback, a change after a refusal, or a problem naming no file."""


def run_case(target: Target, path: Path, *, release: str, client=None, plan=None) -> Outcome:
    """Import or upload one case inside a transaction that is always rolled back."""
    with transaction.atomic():
        before = database_state(plan)
        outcome = _upload(client, plan, path) if target.kind == "plan-upload" else _command(target, path, release)
        after = database_state(plan)
        transaction.set_rollback(True)
    if not outcome.imported and after != before:
        changed = {label: (before[label], after[label]) for label in before if before[label] != after[label]}
        raise UnsafeRefusal(f"{target.name}: refused ({outcome.message[:300]}) but changed {changed}")
    return outcome


def _command(target: Target, path: Path, release: str) -> Outcome:
    """The import command as a user runs it; the problems it lists are read as it prints them."""
    Command = importlib.import_module("samverkan.core.management.commands.import").Command

    stdout, stderr = io.StringIO(), io.StringIO()
    listed = []
    print_problems = Command._print_problems

    def keep(command, title, problems):
        listed.extend(problems)
        return print_problems(command, title, problems)

    try:
        with patch.object(Command, "_print_problems", keep):
            call_command("import", target.kind, str(path), "--release", release, stdout=stdout, stderr=stderr)
    except CommandError as error:
        message = f"{error}\n{stderr.getvalue()}"
        if "Traceback" in message or not str(error).strip():
            raise UnsafeRefusal(f"{target.name}: a traceback or no reason in the refusal:\n{message[:2000]}") from error
        _check_problems(target, path, listed, message)
        return Outcome(False, message)
    return Outcome(True, stdout.getvalue())


def _check_problems(target: Target, path: Path, problems: list, message: str) -> None:
    """Each problem names its file, what was found and what was expected; one in a workbook's row names the sheet."""
    for problem in problems:
        if not problem.file or not problem.expected or not isinstance(problem.value, str):
            raise UnsafeRefusal(f"{target.name}: a problem without its file or expectation: {problem!r}")
        in_workbook = Path(problem.file).suffix.lower() in {".xlsx", ".xls", ".ods"}
        if in_workbook and problem.row is not None and not problem.sheet and problem.file == path.name:
            raise UnsafeRefusal(f"{target.name}: a problem in a workbook's row without its sheet: {problem!r}")
    files = {child.name for child in path.iterdir()} | {target.member} if path.is_dir() else {path.name}
    if problems and not {Path(problem.file).name for problem in problems} & files:
        raise UnsafeRefusal(f"{target.name}: problems that name no file of the import:\n{message[:2000]}")


def _upload(client, plan, path: Path) -> Outcome:
    with open(path, "rb") as handle:
        response = client.post(f"/planer/{plan.pk}/importera/", {"arbetsbok": handle})
    page = response.content.decode()
    if response.status_code not in (200, 413, 422):
        raise UnsafeRefusal(f"plan upload answered {response.status_code}")
    if response.status_code != 200:
        if escape(path.name) not in page:
            text = " ".join(strip_tags(page[page.find("<main") :]).split())
            raise UnsafeRefusal(f"plan upload refused without naming the file {path.name}: {text[:1500]}")
        return Outcome(False, page)
    applied = client.post(f"/planer/{plan.pk}/importera/tillampa/")
    if applied.status_code not in (302, 422):
        raise UnsafeRefusal(f"applying the plan workbook answered {applied.status_code}")
    return Outcome(applied.status_code == 302, page)
