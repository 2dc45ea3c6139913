"""API for progress and targets: the same query functions as the pages."""

import datetime as dt
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from samverkan.api.auth import TokenAuth, token_must_write_for, token_reason
from samverkan.api.pagination import LimitOffset, Page
from samverkan.api.schemas import ByYear, Flat, MunicipalityCode, ReleaseOut
from samverkan.core.errors import NotFound
from samverkan.core.validation import Id
from samverkan.emissions.models import Sector
from samverkan.emissions.queries import RESIDUAL_SLUG
from samverkan.places.queries import organization_or_404
from samverkan.targets import queries, services
from samverkan.targets.models import Target, TargetKind
from samverkan.targets.services import TargetInvalid

router = Router(tags=["progress"])
write_router = Router(tags=["targets"], auth=TokenAuth())


class ProgressOut(Schema):
    """Read from `targets.queries.SeriesProgress`."""

    code: str
    name: str
    county_code: str
    sector: str | None = Field(description="The sector's identifier; null for the total")
    fitted: bool = Field(description="False when the series has fewer than two years from 2015 on")
    slope: float | None = Field(description="The trend in tonnes a year (the midpoint of slope_range when given)")
    slope_range: list[float] | None = Field(
        description="When several slopes fit equally well (least absolute deviations): the lowest and highest"
    )
    last_year: int | None
    last_value: float | None
    cumulative_trend: float | None = Field(description="Sum of the trend from the as-of year to 2050, tonnes")
    carbon_law_cumulative: float | None = Field(description="Sum of the Carbon Law path over the same years")
    paris_aligned: bool
    net_zero_date: dt.date | None
    historical_change_percent: float | None = Field(description="Compound annual change from 2015 to the last year")
    trend: ByYear = Field(description="The trend from the last data year to 2050")
    carbon_law: ByYear = Field(description="The Carbon Law path from the as-of year to 2050")


class ProgressAbout(Schema):
    release: ReleaseOut
    as_of: int
    unit: str


class TargetOut(Schema):
    """Read from `targets.queries.TargetResult`."""

    id: int
    key: str | None
    name: str
    owner: str
    owner_kind: str = Field(description="state, organization or commitment")
    kind: TargetKind = Field(description="relative, absolute, per_inhabitant or net_zero")
    sectors: list[str] = Field(description="Empty for a target on total emissions")
    base_year: int | None
    base_value: float | None
    target_year: int
    value: float | None
    level: float | None = Field(description="The target as tonnes a year on its series")
    value_in_target_year: float | None = Field(
        description="Observed for a target year that has passed, otherwise the trend's value"
    )
    status: str = Field(description="achieved, on_track, off_track or unknown")
    unknown_reason: str
    required_annual_cut_percent: float | None
    year_reached: int | None
    decision_body: str
    decision_date: dt.date | None
    decision_url: str
    source: str
    source_url: str


class MunicipalityProgressOut(ProgressOut):
    release: ReleaseOut
    as_of: int
    unit: str
    sectors: list[ProgressOut]
    targets: list[TargetOut]


class ProgressFilter(Schema):
    release: str | None = Field(None, max_length=100, description="Release identifier; the default if empty")
    as_of: int | None = Field(None, ge=1990, le=2100, description="The year from which to count; this year if empty")
    sector: str | None = Field(None, max_length=60, description="A main sector, e.g. transporter; the total if empty")
    county: str | None = Field(None, pattern=r"^[0-9]{2}$", description="Only this county's municipalities")


@router.get(
    "/progress",
    response=list[ProgressOut],
    summary="Every municipality's trend, Carbon Law path and net-zero date",
)
@paginate(LimitOffset, about=ProgressAbout)
def progress_list(request, filters: Query[ProgressFilter]):
    overview = queries.progress_overview(
        release_slug=filters.release,
        as_of=filters.as_of,
        sector_slug=filters.sector,
        county=filters.county,
        paths=True,
    )
    return Page(overview.rows, release=overview.release, as_of=overview.as_of, unit=overview.release.unit)


AsOf = Annotated[int | None, Query(ge=1990, le=2100, description="The year from which to count; this year if empty")]


@router.get(
    "/municipalities/{code}/progress",
    response=MunicipalityProgressOut,
    summary="A municipality's progress and the status of its targets",
)
def municipality_progress(request, code: MunicipalityCode, release: str | None = None, as_of: AsOf = None):
    result = queries.municipality_progress(code, release_slug=release, as_of=as_of)
    return Flat(result, result.total)  # the total's figures beside the release, sectors and targets


# --- targets: open reads, writes with an organization's API token --------------------------------------


class TargetIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    name_en: str = Field("", max_length=200)
    kind: TargetKind
    sectors: list[str] = Field(default_factory=list, max_length=20, description="Main sectors; empty for the total")
    base_year: int | None = Field(None, ge=1990, le=2100)
    target_year: int = Field(ge=1990, le=2100)
    value: float | None = None
    decision_body: str = Field("", max_length=200)
    decision_date: dt.date | None = None
    decision_url: str = Field("", max_length=500)
    source: str = Field("", max_length=300)
    source_url: str = Field("", max_length=500)
    note: str = Field("", max_length=5000)
    note_en: str = Field("", max_length=5000)
    published: bool = True


class TargetPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    name_en: str | None = Field(None, max_length=200)
    kind: TargetKind | None = None
    sectors: list[str] | None = Field(None, max_length=20)
    base_year: int | None = Field(None, ge=1990, le=2100)
    target_year: int | None = Field(None, ge=1990, le=2100)
    value: float | None = None
    decision_body: str | None = Field(None, max_length=200)
    decision_date: dt.date | None = None
    decision_url: str | None = Field(None, max_length=500)
    source: str | None = Field(None, max_length=300)
    source_url: str | None = Field(None, max_length=500)
    note: str | None = Field(None, max_length=5000)
    note_en: str | None = Field(None, max_length=5000)
    published: bool | None = None


class TargetRecordOut(Schema):
    """Read from a `Target` with its sectors and commitment."""

    id: int
    organization: int | None = Field(alias="organization_id")
    commitment: str | None
    name: str
    name_en: str
    kind: TargetKind
    sectors: list[str]
    base_year: int | None
    target_year: int
    value: float | None
    decision_body: str
    decision_date: dt.date | None
    decision_url: str
    source: str
    source_url: str
    note: str
    note_en: str
    published: bool

    @staticmethod
    def resolve_commitment(target) -> str | None:
        return target.commitment.slug if target.commitment_id else None

    @staticmethod
    def resolve_sectors(target) -> list[str]:
        return [sector.slug for sector in target.sectors.all()]


def _sectors(slugs: list[str]) -> list[Sector]:
    found = {s.slug: s for s in Sector.objects.filter(slug__in=slugs, parent=None).exclude(slug=RESIDUAL_SLUG)}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise TargetInvalid(_("There is no main sector %(slug)s.") % {"slug": ", ".join(unknown)})
    return [found[slug] for slug in slugs]


def _token_may_write(request, organization_id: int | None, what) -> None:
    token_must_write_for(request.auth, organization_id=organization_id, what=what)


@router.get("/organizations/{organization_id}/targets", response=list[TargetRecordOut], tags=["targets"])
@paginate(LimitOffset)
def organization_targets(request, organization_id: Id):
    organization = organization_or_404(organization_id)
    targets = Target.objects.filter(organization=organization, published=True).prefetch_related("sectors")
    # A list, not a QuerySet: an organization has few targets, and no COUNT query is added to read them.
    return list(targets.select_related("commitment").order_by(*Target._meta.ordering, "pk"))


@router.get("/targets/{target_id}", response=TargetRecordOut, tags=["targets"])
def get_target(request, target_id: Id):
    target = Target.objects.filter(published=True, pk=target_id).select_related("commitment").first()
    if target is None:
        raise NotFound(_("There is no target %(id)s.") % {"id": target_id})
    return target


@write_router.post(
    "/organizations/{organization_id}/targets",
    response={201: TargetRecordOut},
    summary="Add a target (with the organization's API token)",
)
def create_target(request, organization_id: Id, payload: TargetIn):
    organization = organization_or_404(organization_id)
    _token_may_write(request, organization.pk, organization)
    fields = payload.dict()
    sectors = _sectors(fields.pop("sectors"))
    target = services.target_create(
        by=request.auth.created_by,
        organization=organization,
        sectors=sectors,
        reason=token_reason(request.auth),
        **fields,
    )
    return Status(201, target)


def _own_target(request, target_id: int) -> Target:
    target = Target.objects.filter(pk=target_id).select_related("commitment", "organization").first()
    if target is None or (not target.published and target.organization_id != request.auth.organization_id):
        raise NotFound(_("There is no target %(id)s.") % {"id": target_id})
    _token_may_write(request, target.organization_id, target)
    return target


@write_router.patch(
    "/targets/{target_id}",
    response=TargetRecordOut,
    summary="Change a target (with its organization's API token)",
)
def update_target(request, target_id: Id, payload: TargetPatch):
    target = _own_target(request, target_id)
    fields = payload.dict(exclude_unset=True)
    sectors = fields.pop("sectors", None)  # null, like leaving it out, keeps the sectors
    sectors = _sectors(sectors) if sectors is not None else None
    target = services.target_update(
        by=request.auth.created_by, target=target, fields=fields, sectors=sectors, reason=token_reason(request.auth)
    )
    return target


@write_router.delete(
    "/targets/{target_id}",
    response={204: None},
    summary="Delete a target (it can be restored from its history)",
)
def delete_target(request, target_id: Id):
    target = _own_target(request, target_id)
    services.target_delete(by=request.auth.created_by, target=target, reason=token_reason(request.auth))
    return Status(204, None)
