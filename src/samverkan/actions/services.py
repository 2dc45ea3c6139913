"""Writes for action plans and actions: the bundled imports and the editors' changes."""

import csv
from collections.abc import Mapping
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samverkan.core.cache import bump_generation
from samverkan.core.errors import Invalid
from samverkan.core.history import save_with_links
from samverkan.core.importing import ProgressCallback, no_progress
from samverkan.core.permissions import refuse
from samverkan.core.validation import assign, save_validated, validated
from samverkan.emissions.models import Sector
from samverkan.places.models import Organization, OrganizationKind
from samverkan.sources.coverage import refuse_empty
from samverkan.sources.importing import ReadRelease, release_import
from samverkan.sources.services import ReleaseInfo

from . import importers, search, workbook
from .models import (
    ACTION_FIELDS,
    ACTION_HISTORY,
    PLAN_FIELDS,
    Action,
    ActionPlan,
    InterventionArea,
    PlanStatus,
    StatusUpdate,
)
from .queries import action_versions, networks_open_to, plan_targets

AREAS = "actions/covenant-areas.csv"
SURVEY_SOURCE = "Klimatkollen: kommunernas klimatplaner (enkät)"


def areas_seed(path: Path | None = None) -> int:
    """The Covenant's 63 areas of intervention with Swedish names and their SMHI sector; present ones are kept."""
    path = path or Path(settings.BUNDLED_DATA_DIR) / AREAS
    sectors = {s.slug: s for s in Sector.objects.filter(parent=None)}
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    present = set(InterventionArea.objects.values_list("code", flat=True))
    InterventionArea.objects.bulk_create(
        [
            InterventionArea(
                code=row["code"],
                covenant_sector=row["covenant_sector"],
                name=row["name"],
                name_en=row["name_en"],
                sector=sectors.get(row["smhi_sector"]),
            )
            for row in rows
            if row["code"] not in present
        ]
    )
    return len(rows)


def climate_plans_import(
    *, path: Path, info: ReleaseInfo, partial: bool = False, progress: ProgressCallback = no_progress
) -> int:
    """Every municipality's current climate plan from the survey, or the survey's finding that it has none.

    A survey without every municipality is refused unless partial; one without rows always.
    """

    def read() -> ReadRelease[list]:
        organizations = dict(
            Organization.objects.filter(kind=OrganizationKind.MUNICIPALITY, country="SE").values_list("name", "pk")
        )
        rows, problems = importers.parse_climate_plans(path, organizations)
        if not problems:
            refuse_empty(len(rows), file=path.name, what=_("a row for each municipality"))
        names = {pk: name for name, pk in organizations.items()}
        return ReadRelease(
            kind="climate-plans",
            content=lambda: (
                (names[r.organization_id], r.found, r.title, r.url, r.year, r.period, r.note) for r in rows
            ),
            row_count=len(rows),
            data=rows,
            problems=problems,
            gaps=importers.climate_plan_coverage(path, rows, organizations),
        )

    def write(release, rows: list) -> int:
        plans = [
            ActionPlan(
                organization_id=row.organization_id,
                title=row.title,
                status=PlanStatus.ADOPTED if row.found else PlanStatus.NOT_FOUND,
                adopted_year=row.year,
                period_from=row.period[0] if row.period else None,
                period_to=row.period[1] if row.period else None,
                document_url=row.url,
                note=row.note,
                source=f"{SURVEY_SOURCE} ({info.label})",
                source_url=info.source_url,
            )
            for row in rows
        ]
        for plan in plans:
            plan.full_clean(exclude=["organization"])
        ActionPlan.objects.bulk_create(plans)
        progress(_("Climate plans"), len(rows), len(rows))
        return len(rows)

    _release, written = release_import(info=info, files=[path], read=read, write=write, partial=partial)
    return written


def data_brief_import(
    *,
    actions_path: Path,
    signatories_path: Path,
    listed_path: Path,
    swedish: Mapping[str, int] | None = None,
    info: ReleaseInfo,
    progress: ProgressCallback = no_progress,
) -> int:
    """The JRC data brief's actions as a public library of examples, one example plan per signatory.

    The data brief names no signatory: each is named after the one signatory of the GCoM list (listed_path)
    at its place (importers.match_signatories); a Swedish one is its municipality's organization, from
    `swedish` (the organization of each Swedish signatory by its id in the list, as the Covenant import
    finds it). A signatory without one keeps the data brief's code for a name, with the reason.
    """

    def read() -> ReadRelease[tuple]:
        areas_seed()
        areas = {a.code: a for a in InterventionArea.objects.all()}
        brief = importers.parse_data_brief(actions_path, signatories_path, set(areas))
        listed, problems = importers.parse_listed_signatories(listed_path)
        return ReadRelease(
            kind="covenant-actions",
            content=lambda: [*brief.signatories.values(), *brief.actions],
            row_count=len(brief.actions),
            data=(brief, areas, importers.match_signatories(brief.signatories, listed)),
            problems=[*brief.problems, *problems],
        )

    def write(release, data: tuple) -> int:
        brief, areas, matches = data
        organizations = _data_brief_organizations(brief.signatories, matches, swedish or {})
        plans = {
            code: ActionPlan(
                organization=organization,
                title="Covenant of Mayors: actions reported in monitoring (JRC data brief)",
                status=PlanStatus.ADOPTED,
                note=matches[code].reason,
                source=f"{info.publisher}: {info.label} (MUNI CODE {code})",
                source_url=info.source_url,
                is_example=True,
            )
            for code, organization in organizations.items()
        }
        ActionPlan.objects.bulk_create(plans.values(), batch_size=500)
        progress(_("Signatories"), len(plans), len(plans))
        actions = [
            Action(
                plan=plans[item.signatory],
                title=item.title,
                sector=areas[item.area].sector,
                covenant_sector=item.covenant_sector,
                area=areas[item.area],
                policy_type=item.policy_type,
                origin=item.origin,
                status=item.status,
                effect_t_co2e=item.effect,
                public=True,
                source_id=item.source_id,
            )
            for item in brief.actions
        ]
        for start in range(0, len(actions), 2000):
            Action.objects.bulk_create(actions[start : start + 2000])
            progress(_("Actions"), min(start + 2000, len(actions)), len(actions))
        search.reindex(actions)
        return len(actions)

    _release, written = release_import(
        info=info,
        files=[actions_path, signatories_path, listed_path],
        read=read,
        write=write,
        file_name=actions_path.name,
    )
    search.after_bulk_load()
    return written


def _data_brief_organizations(signatories: dict, matches: dict, swedish: Mapping[str, int]) -> dict:
    """Each data brief signatory's organization: a Swedish municipality's, one with its id in the list, or new."""
    ids = [match.listed.source_id for match in matches.values() if match.listed]
    present = {o.covenant_id: o for o in Organization.objects.filter(covenant_id__in=ids)}
    municipal = Organization.objects.in_bulk(set(swedish.values()))
    present |= {source_id: municipal[pk] for source_id, pk in swedish.items() if pk in municipal}
    organizations, new = {}, []
    for code, signatory in signatories.items():
        listed = matches[code].listed
        if listed and listed.source_id in present:
            organizations[code] = present[listed.source_id]
            continue
        organization = Organization(
            # Without a match the data brief's own code, a name that reads the same in both languages.
            name=listed.name if listed else f"JRC data brief {code} ({signatory.country})",
            kind=OrganizationKind.OTHER,
            country=signatory.country,
            inhabitants=signatory.inhabitants,
            covenant_id=listed.source_id if listed and listed.country != "SE" else "",
            description=matches[code].reason,
        )
        organizations[code] = organization
        new.append(organization)
    Organization.objects.bulk_create(new, batch_size=500)
    return organizations


# --- the editors' writes: plans, actions and status updates ----------------------------------------


def _may_edit(by, organization: Organization, action: str) -> None:
    if not Organization.objects.editable_by(by).filter(pk=organization.pk).exists():
        raise refuse(by, action, place=organization)


def _check_targets(organization: Organization, targets) -> None:
    """A plan or action serves only targets a plan of its organization can serve (None: links unchanged)."""

    if targets is None:
        return
    allowed = set(plan_targets(organization).values_list("pk", flat=True))
    if any(target.pk not in allowed for target in targets):
        raise Invalid(_("A target chosen is not one a plan of %(place)s can serve.") % {"place": organization})


def plan_save(
    *,
    by,
    organization: Organization,
    fields: dict,
    plan: ActionPlan | None = None,
    targets=None,
    networks=None,
    reason: str = "",
):
    """An organization's editors record or change its action plan; examples from data sets are not theirs.

    The targets it serves must be ones the organization's plans can serve, the networks ones it belongs to.
    """

    _may_edit(by, organization, gettext_noop("edit the action plans of %(place)s"))
    if plan is not None and (plan.organization_id != organization.pk or plan.is_example):
        raise Invalid(_("The plan is not one of %(place)s.") % {"place": organization})
    _check_targets(organization, targets)
    if networks is not None:
        member_of = set(networks_open_to(organization).values_list("network_id", flat=True))
        if any(network.pk not in member_of for network in networks):
            raise Invalid(_("%(place)s is not a member of a network chosen.") % {"place": organization})
    plan = plan or ActionPlan(organization=organization)
    assign(plan, fields, PLAN_FIELDS)
    with transaction.atomic():
        save_validated(plan, by=by, reason=reason)
        if targets is not None:
            plan.targets.set(targets)
        if networks is not None:
            plan.networks.set(networks)
    return plan


def action_save(
    *,
    by,
    plan: ActionPlan,
    fields: dict,
    action: Action | None = None,
    targets=None,
    indicators=None,
    reason: str = "",
) -> Action:
    """Add an action to a plan or change one; the plan's organization's editors write.

    The targets it serves must be ones the organization's plans can serve; `None` leaves the links as they are.
    """

    _may_edit(by, plan.organization, gettext_noop("edit the actions of %(place)s"))
    if plan.is_example:
        raise Invalid(_("The examples from the JRC's data set cannot be edited."))
    if action is not None and action.plan_id != plan.pk:
        raise Invalid(_("The action is not in the plan %(plan)s.") % {"plan": plan})
    _check_targets(plan.organization, targets)
    action = action or Action(plan=plan)
    assign(action, fields, ACTION_FIELDS)
    if action.area_id:  # the area decides the Covenant sector, so the library's filter stays true
        action.covenant_sector = action.area.covenant_sector
    validated(action)
    action._history_user, action._change_reason = by, reason or None
    with transaction.atomic():  # one history row with the links (see core.history.save_with_links)
        save_with_links(action, ACTION_HISTORY, {"targets": targets, "indicators": indicators})
    return action


def status_update_create(*, by, action: Action, date, status: str, completion=None, note: str = "") -> StatusUpdate:
    """A dated note on how the action goes; the action takes its status and completion (kept in its history)."""
    _may_edit(by, action.plan.organization, gettext_noop("report on the actions of %(place)s"))
    if action.plan.is_example:
        raise Invalid(_("The examples from the JRC's data set cannot be edited."))
    update = StatusUpdate(action=action, date=date, status=status, completion=completion, note=note or "", by=by)
    with transaction.atomic():
        validated(update, exclude=["action", "by"])
        update.save()
        action.status, action.completion = status, completion if completion is not None else action.completion
        action._history_user, action._change_reason = by, _("Status update %(date)s") % {"date": date}
        action.save(update_fields=["status", "completion"])
        bump_generation()
    return update


def plan_import_apply(*, by, plan: ActionPlan, rows: list[dict]) -> int:
    """Apply validated workbook rows: all or nothing, each change in the actions' history."""

    _may_edit(by, plan.organization, gettext_noop("edit the actions of %(place)s"))
    existing = {a.pk: a for a in plan.actions.all()}

    now = action_versions(row["id"] for row in rows if row["id"])
    changed = [str(row["row"]) for row in rows if row["id"] and now.get(row["id"]) != row.get("version")]
    if changed:  # someone saved one of these actions after the preview: applying would overwrite it unseen
        raise Invalid(
            _("Rows %(rows)s: the actions were changed after the preview; upload the workbook again.")
            % {"rows": ", ".join(changed)}
        )
    written = 0
    with transaction.atomic():
        for row in rows:
            action = existing.get(row["id"]) if row["id"] else None
            if row["id"] and action is None:
                raise Invalid(_("Row %(row)s: the action is no longer in the plan.") % {"row": row["row"]})
            form = workbook.revalidated_row(row, plan=plan, action=action)
            if action is not None and not form.has_changed():
                continue
            action_save(
                by=by,
                plan=plan,
                action=action,
                fields={name: form.cleaned_data[name] for name in ACTION_FIELDS},
                targets=list(form.cleaned_data["targets"]),
                indicators=list(form.cleaned_data["indicators"]),
                reason=_("Excel workbook"),
            )
            written += 1
    return written
