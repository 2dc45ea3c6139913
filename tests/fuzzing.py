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
import random
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from unittest.mock import patch

from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils.html import escape, strip_tags

from tests.fuzz_mutations import (
    BYTE_MUTATIONS,
    JSON_MUTATIONS,
    WORKBOOK_MUTATIONS,
    keep_first_rows,
    mutate_json,
    mutate_workbook,
)

DATA = Path(settings.BUNDLED_DATA_DIR)


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
    Command = importlib.import_module("samverkan.site.management.commands.import").Command

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
