"""Municipalities and organizations: the search, the list and one municipality's page."""

from dataclasses import dataclass

from django.db.models import Q

from samverkan.core.text import search_key, swedish_key

from ..models import Organization, Territory
from .lookup import county_or_404, municipality_or_404
from .population import PopulationPoint, SourceLine, _latest_population, _population_series, _sources


@dataclass(frozen=True)
class MunicipalitySummary:
    code: str
    name: str
    county_code: str
    county_name: str
    county_name_en: str
    population: int | None
    population_year: int | None


@dataclass(frozen=True)
class OrganizationSummary:
    id: int
    name: str
    kind: str
    kind_label: str


@dataclass(frozen=True)
class MunicipalityDetail:
    code: str
    name: str
    county_code: str
    county_name: str
    county_name_en: str
    organization: OrganizationSummary | None
    coat_of_arms_url: str
    population: list[PopulationPoint]
    sources: list[SourceLine]

    @property
    def latest_population(self) -> PopulationPoint | None:
        return self.population[-1] if self.population else None


def _organization(organization: Organization | None) -> OrganizationSummary | None:
    if organization is None:
        return None
    return OrganizationSummary(organization.id, organization.name, organization.kind, organization.get_kind_display())


def _summary(territory: Territory, latest: tuple[int, int, int] | None) -> MunicipalitySummary:
    year, value = (latest[0], latest[1]) if latest else (None, None)
    county = territory.parent
    return MunicipalitySummary(territory.code, territory.name, county.code, county.name, county.name_en, value, year)


def municipality_search(q: str = "", county: str | None = None) -> list[Territory]:
    """Municipalities whose code starts with, or whose name contains, the query.

    Case and diacritics are ignored ("jonkoping" finds Jönköping); names that start
    with the query come first.
    """
    queryset = Territory.objects.municipalities().select_related("parent")
    if county:
        queryset = queryset.filter(parent=county_or_404(county))
    q = (q or "").strip()
    if q:
        if q.isdigit():
            queryset = queryset.filter(code__startswith=q)
        else:
            key = search_key(q)
            queryset = queryset.filter(Q(search_name__contains=key) | Q(parent__search_name__startswith=key))
    found = list(queryset)
    if q and not q.isdigit():
        key = search_key(q)
        found.sort(key=lambda t: (not t.search_name.startswith(key), key not in t.search_name, swedish_key(t.name)))
    else:
        found.sort(key=lambda t: swedish_key(t.name))
    return found


def municipality_list(
    *, q: str = "", county: str | None = None, limit: int = 100, offset: int = 0
) -> tuple[int, list[MunicipalitySummary]]:
    """(total count, one page of municipalities with their latest population)."""
    found = municipality_search(q, county)
    page = found[offset : offset + limit]
    latest = _latest_population(territory_id__in=[t.id for t in page])
    return len(found), [_summary(t, latest.get(t.id)) for t in page]


def municipality_detail(code: str) -> MunicipalityDetail:
    territory = municipality_or_404(code, "parent", "authority")
    series, used = _population_series([territory.id])
    points = [PopulationPoint(year, value) for year, value in sorted(series.get(territory.id, {}).items())]
    county = territory.parent
    return MunicipalityDetail(
        territory.code,
        territory.name,
        county.code,
        county.name,
        county.name_en,
        _organization(territory.authority),
        territory.coat_of_arms_url,
        points,
        _sources(used),
    )
