"""Writes for action plans and actions: the bundled imports and the editors' changes."""

import csv
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from samverkan.core.errors import DataFileError
from samverkan.core.importing import ProgressCallback, files_sha256, no_progress
from samverkan.emissions.models import Sector
from samverkan.places.models import Organization, OrganizationKind
from samverkan.sources.services import ReleaseInfo, release_create, release_guard

from . import importers, search
from .models import Action, ActionPlan, InterventionArea, PlanStatus

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


def climate_plans_import(*, path: Path, info: ReleaseInfo, progress: ProgressCallback = no_progress) -> int:
    """Every municipality's current climate plan from the survey, or the survey's finding that it has none."""
    organizations = dict(
        Organization.objects.filter(kind=OrganizationKind.MUNICIPALITY, country="SE").values_list("name", "pk")
    )
    rows, problems = importers.parse_climate_plans(path, organizations)
    if problems:
        raise DataFileError(problems)
    checksum = files_sha256([path])
    release_guard(slug=info.slug, checksum=checksum)
    with transaction.atomic():
        release_create(info=info, file_name=path.name, checksum=checksum, row_count=len(rows))
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


def data_brief_import(
    *, actions_path: Path, signatories_path: Path, info: ReleaseInfo, progress: ProgressCallback = no_progress
) -> int:
    """The JRC data brief's actions as a public library of examples, one example plan per signatory."""
    areas_seed()
    areas = {a.code: a for a in InterventionArea.objects.all()}
    brief = importers.parse_data_brief(actions_path, signatories_path, set(areas))
    if brief.problems:
        raise DataFileError(brief.problems)
    checksum = files_sha256([actions_path, signatories_path])
    release_guard(slug=info.slug, checksum=checksum)
    with transaction.atomic():
        release_create(info=info, file_name=actions_path.name, checksum=checksum, row_count=len(brief.actions))
        organizations = {
            code: Organization(
                # The data brief gives no names, only its own code: a name that reads the same in both languages.
                name=f"JRC data brief {code} ({signatory.country})",
                kind=OrganizationKind.OTHER,
                country=signatory.country,
                inhabitants=signatory.inhabitants,
            )
            for code, signatory in brief.signatories.items()
        }
        Organization.objects.bulk_create(organizations.values(), batch_size=500)
        plans = {
            code: ActionPlan(
                organization=organization,
                title="Covenant of Mayors: actions reported in monitoring (JRC data brief)",
                status=PlanStatus.ADOPTED,
                source=f"{info.publisher}: {info.label}",
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
    search.after_bulk_load()
    return len(actions)
