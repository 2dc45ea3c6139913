"""A plan's actions as an Excel workbook, and back: every row validated as the form validates it.

The headers carry each column's key in brackets ("Titel [title]"), so a workbook downloaded in
English uploads as well as one in Swedish. Nothing is written unless every row passes.
"""

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from samverkan.core import limits
from samverkan.core.errors import Invalid, Problem
from samverkan.core.forms import number_text
from samverkan.core.importing import Workbook
from samverkan.core.validation import whole_number
from samverkan.indicators.models import Indicator
from samverkan.targets.queries import main_sectors

from .forms import ActionForm
from .models import ACTION_FIELDS, Action, ActionPlan, ActionStatus, CovenantSector, InterventionArea, PolicyType
from .queries import action_versions, plan_targets

LINKS = ("targets", "indicators")

SHEET = "Åtgärder"
# The form's columns, so that a row round-trips every field; the Covenant sector last, as it is
# usually set from the area of intervention.
# The links last: the targets by their id, the key indicators by their identifier, separated by ";".
FIELDS = ["id", *(name for name in ACTION_FIELDS if name != "covenant_sector"), "covenant_sector", *LINKS]
SEPARATOR = re.compile(r"[;,]")
KEY = re.compile(r"\[([a-z_0-9]+)\]\s*$")
YES = {"ja", "yes", "true", "1", "x", "sant"}
NO = {"nej", "no", "false", "0", "falskt"}
MAX_ROWS = limits.PLAN_WORKBOOK_ACTIONS


def _header(name: str) -> str:
    if name == "id":
        return "Id [id]"
    label = str(Action._meta.get_field(name).verbose_name)
    return f"{label[:1].upper()}{label[1:]} [{name}]"


def plan_workbook(plan: ActionPlan, actions: list[Action]) -> bytes:
    """One row per action, the form's columns; a second sheet lists the codes the columns accept."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    bold = workbook.add_format({"bold": True})
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet = workbook.add_worksheet(SHEET)
    links = _links([a.pk for a in actions])
    choices = _choices()
    labels = {key: {value: label for _code, value, label in triples} for key, triples in choices.items()}
    sheet.write_row(0, 0, [_header(name) for name in FIELDS], bold)
    sheet.freeze_panes(1, 2)
    for row, action in enumerate(actions, start=1):
        values = {
            "id": action.pk,
            **{key: meaning.get(str(_value(action, key)), "") for key, meaning in labels.items()},
            "public": _("yes") if action.public else _("no"),
            "targets": "; ".join(str(pk) for pk in links["targets"].get(action.pk, [])),
            "indicators": "; ".join(links["indicators"].get(action.pk, [])),
        }
        for column, name in enumerate(FIELDS):
            value = values.get(name, getattr(action, name, ""))
            if isinstance(value, dt.date):
                sheet.write_datetime(row, column, dt.datetime.combine(value, dt.time()), date)
            elif value is None:
                continue
            else:
                sheet.write(row, column, value)
    sheet.set_column(1, 2, 40)
    sheet.set_column(3, 15, 16)
    codes_name = _("Codes")
    codes = workbook.add_worksheet(codes_name)
    codes.write_row(0, 0, [_("Column"), _("Code"), _("Meaning")], bold)
    row = 1
    lists = [
        *((key, [(code, label) for code, _value, label in triples]) for key, triples in choices.items()),
        ("public", [("yes", _("yes")), ("no", _("no"))]),
        ("targets", [(str(t.pk), t.display_name) for t in plan_targets(plan.organization)]),
        ("indicators", [(i.slug, i.display_name) for i in Indicator.objects.all()]),
    ]
    for column, pairs in lists:
        first = row
        for code, meaning in pairs:
            codes.write_row(row, 0, [column, code, meaning])
            row += 1
        if column in LINKS or not pairs:
            continue  # several values in one cell: no dropdown
        # A dropdown of the meanings (the codes are accepted too, hence a warning rather than a stop).
        index = FIELDS.index(column)
        sheet.data_validation(
            1,
            index,
            MAX_ROWS,
            index,
            {
                "validate": "list",
                "source": f"='{codes_name}'!$C${first + 1}:$C${row}",
                "error_type": "warning",
                "error_title": _header(column).split(" [")[0][:32],  # Excel's limit
                "error_message": _("Choose a value from the list (sheet %(sheet)s).") % {"sheet": codes_name},
            },
        )
    codes.set_column(0, 2, 40)
    workbook.close()
    return output.getvalue()


# The columns that take one of a list of values: the meaning is written, the meaning or the code is read.
_CODE_ATTRIBUTES = {"sector": "sector_id", "area": "area_id"}


def _value(action: Action, key: str) -> str:
    return getattr(action, _CODE_ATTRIBUTES.get(key, key)) or ""


def _choices() -> dict[str, list[tuple[str, str, str]]]:
    """Each choice column's (code, the form's value, meaning in the page's language), in the dropdown's order."""
    return {
        "sector": [(s.slug, str(s.pk), capfirst(str(s.display_name))) for s in main_sectors()],
        "area": [(a.code, a.code, capfirst(str(a.display_name))) for a in InterventionArea.objects.all()],
        "status": [(value, value, capfirst(str(label))) for value, label in ActionStatus.choices],
        "policy_type": [(value, value, capfirst(str(label))) for value, label in PolicyType.choices],
        "covenant_sector": [(value, value, capfirst(str(label))) for value, label in CovenantSector.choices],
    }


def _readers() -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Each choice column's codes and meanings in Swedish and English, folded, to the form's value; and
    each column's meanings in the page's language, listed in a refusal."""
    readers: dict[str, dict[str, str]] = {}
    for language in ("sv", "en"):
        with translation.override(language):
            for key, triples in _choices().items():
                known = readers.setdefault(key, {})
                known.update({str(label).casefold(): value for _code, value, label in triples})
                known.update({code.casefold(): value for code, value, _label in triples})
    valid = {key: ", ".join(str(label) for *_rest, label in triples) for key, triples in _choices().items()}
    return readers, valid


def _current_data(action: Action) -> dict:
    """An action's values as the form's data, for the columns a workbook leaves out."""
    data = {}
    for name in ACTION_FIELDS:
        value = getattr(action, Action._meta.get_field(name).attname)
        if isinstance(value, bool):
            data[name] = "on" if value else ""
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
        else:
            data[name] = "" if value is None else str(number_text(value))
    data["targets"] = [str(target.pk) for target in action.targets.all()]
    data["indicators"] = [str(indicator.pk) for indicator in action.indicators.all()]
    return data


def _links(action_ids: list[int]) -> dict[str, dict[int, list]]:
    """Each action's target ids and indicator identifiers: one query each."""
    targets, indicators = {}, {}
    for action_id, target_id in Action.targets.through.objects.filter(action_id__in=action_ids).values_list(
        "action_id", "target_id"
    ):
        targets.setdefault(action_id, []).append(target_id)
    for action_id, slug in Action.indicators.through.objects.filter(action_id__in=action_ids).values_list(
        "action_id", "indicator__slug"
    ):
        indicators.setdefault(action_id, []).append(slug)
    return {"targets": targets, "indicators": indicators}


@dataclass
class Parsed:
    rows: list[dict] = field(default_factory=list)  # form data (strings), "id" for an existing action
    problems: list[Problem] = field(default_factory=list)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return number_text(value)  # the decimal sign the form reads as such: never mistaken for thousands
    return str(value).strip()


def parse_plan_workbook(path: Path, plan: ActionPlan) -> Parsed:
    """Every row as the form's data; each error named by row, column and what was expected."""
    parsed = Parsed()
    workbook = Workbook(path, max_rows=limits.PLAN_WORKBOOK_ROWS)
    name = SHEET if SHEET in workbook.sheet_names else workbook.sheet_names[0]
    rows = workbook.sheet(name).rows
    if not rows:
        parsed.problems.append(Problem(path.name, name, None, None, "", _("a header row and one row per action")))
        return parsed
    keys = []
    for cell in rows[0]:
        found = KEY.search(_text(cell))
        keys.append(found[1] if found else _text(cell))
    missing = [key for key in ("title", "status") if key not in keys]
    unknown = [key for key in keys if key and key not in FIELDS]
    if missing or unknown:
        parsed.problems.append(
            Problem(
                path.name,
                name,
                1,
                ", ".join(missing + unknown),
                "",
                _("the columns of the downloaded workbook: %(columns)s") % {"columns": ", ".join(FIELDS)},
            )
        )
        return parsed
    if len(rows) - 1 > MAX_ROWS:
        parsed.problems.append(
            Problem(path.name, name, None, None, str(len(rows) - 1), _("at most %(count)s rows") % {"count": MAX_ROWS})
        )
        return parsed
    existing = {a.pk: a for a in plan.actions.prefetch_related("targets", "indicators").order_by()}
    readers, valid = _readers()
    target_ids = {str(pk) for pk in plan_targets(plan.organization).values_list("pk", flat=True)}
    indicator_ids = {slug: str(pk) for slug, pk in Indicator.objects.values_list("slug", "pk")}
    versions = action_versions(existing)
    headers = {key: _text(cell) for key, cell in zip(keys, rows[0], strict=False)}
    seen: set[int] = set()
    for number, cells in enumerate(rows[1:], start=2):
        values = {key: _text(cell) for key, cell in zip(keys, cells, strict=False) if key}
        if not any(values.values()):
            continue  # an empty row
        problems_before = len(parsed.problems)

        def problem(key: str, expected: str, number=number, values=values):
            parsed.problems.append(
                Problem(path.name, name, number, headers.get(key, key), values.get(key, "")[:60], expected)
            )

        ident = values.get("id", "")
        action = existing.get(whole_number(ident)) if ident else None
        if ident and action is None:
            problem("id", _("the id of an action in this plan, or empty for a new action"))
        elif action is not None and action.pk in seen:
            problem("id", _("each action in one row only"))
        if action is not None:
            seen.add(action.pk)
        # A column the workbook lacks keeps an existing action's value; a new action gets the form's default.
        data = _current_data(action) if action is not None else {"public": "on"}
        data.update({key: value for key, value in values.items() if key in FIELDS and key != "id"})
        refused = set()
        for key, known in readers.items():
            given = values.get(key, "")
            if key not in keys or not given:
                continue
            if given.casefold() in known:
                data[key] = known[given.casefold()]
            else:
                refused.add(key)
                problem(key, _("one of: %(values)s") % {"values": valid[key]})
        if "public" in keys:  # a blank cell keeps the value (a new action is public)
            public = values.get("public", "").lower()
            if public in YES | {_("yes").lower()}:
                data["public"] = "on"
            elif public in NO | {_("no").lower()}:
                data["public"] = ""
            elif public:
                problem("public", _("yes or no"))
        if "targets" in keys:
            chosen = [part.strip() for part in SEPARATOR.split(values.get("targets", "")) if part.strip()]
            if any(part not in target_ids for part in chosen):
                problem("targets", _("ids of targets from the sheet of codes, separated by ;"))
            data["targets"] = [part for part in chosen if part in target_ids]
        if "indicators" in keys:
            chosen = [part.strip() for part in SEPARATOR.split(values.get("indicators", "")) if part.strip()]
            if any(part not in indicator_ids for part in chosen):
                problem("indicators", _("identifiers of key indicators from the sheet of codes, separated by ;"))
            data["indicators"] = [indicator_ids[part] for part in chosen if part in indicator_ids]
        form = ActionForm(data=data, organization=plan.organization)
        if not form.is_valid():
            for key, errors in form.errors.items():
                if key in refused:
                    continue  # already named above, with the values the column takes
                problem(key if key in FIELDS else "title", " ".join(errors))
        if len(parsed.problems) == problems_before:
            ident = action.pk if action is not None else None
            parsed.rows.append({"id": ident, "data": data, "row": number, "version": versions.get(ident)})
    return parsed


def preview(plan: ActionPlan, rows: list[dict]) -> list[dict]:
    """What applying the rows would do: each new action, and each change field by field."""
    existing = {a.pk: a for a in plan.actions.select_related("sector", "area")}
    result = []
    for row in rows:
        form = ActionForm(
            data=row["data"], instance=existing.get(row["id"]) if row["id"] else None, organization=plan.organization
        )
        form.is_valid()
        if row["id"] is None:
            result.append({"row": row["row"], "title": form.cleaned_data["title"], "new": True, "changes": []})
            continue
        changes = []
        for name in form.changed_data:
            before = form.initial.get(name)
            after = form.cleaned_data.get(name)
            if name in ("sector", "area") and before is not None:
                before = form.fields[name].queryset.filter(pk=before).first()
            if name in LINKS:
                before = "; ".join(str(item) for item in before or []) or None
                after = "; ".join(str(item) for item in after or [])
            changes.append((str(form.fields[name].label), "" if before is None else str(before), str(after or "")))
        if changes:
            result.append({"row": row["row"], "title": form.cleaned_data["title"], "new": False, "changes": changes})
    return result


def revalidated_row(row: dict, *, plan: ActionPlan, action: Action | None) -> ActionForm:
    """A previewed row checked again as it is applied: the plan's targets or the action may have changed since."""
    form = ActionForm(data=row["data"], instance=action, organization=plan.organization)
    if not form.is_valid():
        raise Invalid(_("Row %(row)s no longer passes; upload the workbook again.") % {"row": row["row"]})
    return form
