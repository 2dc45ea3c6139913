"""What every framework's draft is filled from: the organization's inventory, targets, plans and memberships.

Every figure comes from the apps' own reads (emissions.queries and emissions.sections for the inventory as the
municipality page shows it, targets.queries for the progress engine's results, actions.queries for the plans),
so a draft never computes a figure another way than the pages do.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from samverkan.actions.queries import PlanSummary, plan_detail, plans_of
from samverkan.core.errors import Invalid, NotFound
from samverkan.emissions import queries as emissions
from samverkan.emissions.sections import emission_table_headings, emission_table_rows
from samverkan.networks.models import Membership
from samverkan.networks.queries import memberships_of
from samverkan.places.models import Organization, Territory
from samverkan.targets import queries as targets
from samverkan.targets.presentation import status_label

from . import ITEM_KINDS


def item(
    key: str,
    label: str,
    kind: str,
    value=None,
    *,
    mandatory: bool = False,
    editable: bool = False,
    source: dict | None = None,
    rationale: str | None = None,
    choices: list[tuple[str, str]] | None = None,
) -> dict:
    """One item of a draft (see the package's docstring); a yes/no item always carries a rationale (text), a choice
    item its `choices`."""
    assert kind in ITEM_KINDS, kind
    if kind == "yesno" and rationale is None:
        rationale = ""
    found = {
        "key": key,
        "label": str(label),
        "kind": kind,
        "value": _plain(value),
        "mandatory": mandatory,
        "editable": editable,
        "source": source,
        "rationale": rationale,
    }
    if kind == "choice":  # the values the member may choose, each with its label
        found["choices"] = [{"value": value, "label": str(label)} for value, label in choices or []]
    return found


def own_text(key: str, label: str, *, mandatory: bool = False) -> dict:
    """A text item that is the member's own to write: empty, editable, without source."""
    return item(key, label, "text", "", mandatory=mandatory, editable=True)


def table(columns: list[str], rows: list[list]) -> dict:
    """The value of a table item: column headings and rows of plain values (numbers unformatted)."""
    return {"columns": [str(c) for c in columns], "rows": [[_plain(cell) for cell in row] for row in rows]}


def _plain(value):
    """A cell as JSON holds it: a lazy translation as its text."""
    return str(value) if isinstance(value, Promise) else value


def section(key: str, title: str, items: list[dict]) -> dict:
    return {"key": key, "title": str(title), "items": items}


def source(text: str, url: str = "", release: str | None = None) -> dict:
    return {"text": str(text), "url": url, "release": release}


@dataclass
class Basis:
    """What a draft is filled from, read once: the inventory (None without a territory or figures), the year."""

    organization: Organization
    territory: Territory | None
    inventory: emissions.Inventory | None
    year: int
    releases: list = field(default_factory=list)  # the Release rows loaded once for every read
    _progress: targets.MunicipalityProgress | None = None
    _plans: list[PlanSummary] | None = None

    @property
    def release_slug(self) -> str | None:
        return self.inventory.release.slug if self.inventory else None

    def emission_source(self) -> dict | None:
        """Where the inventory's figures come from: the release, and the municipality page showing them."""
        if self.inventory is None:
            return None
        release = self.inventory.release
        text = _("%(publisher)s, %(dataset)s, %(release)s") % {
            "publisher": release.publisher,
            "dataset": release.dataset_name,
            "release": release.label,
        }
        return source(text, territory_url(self.territory, release.slug), release.slug)

    def progress(self) -> targets.MunicipalityProgress | None:
        """The progress engine's results on the inventory (the same call as the municipality page)."""
        if self._progress is None and self.inventory is not None and self.inventory.years:
            self._progress = targets.progress_for_inventory(self.territory, self.inventory, releases=self.releases)
        return self._progress

    def plans(self) -> list[PlanSummary]:
        """Each of the organization's plans with its public actions (`actions.queries.plan_detail`)."""
        if self._plans is None:
            self._plans = [plan_detail(plan.pk) for plan in plans_of(self.organization)]
        return self._plans

    def memberships(self, network_slug: str) -> list[Membership]:
        return [m for m in memberships_of(self.organization) if m.network.slug == network_slug]


def territory_url(territory: Territory | None, release_slug: str | None = None) -> str:
    if territory is None:
        return ""
    view = "site:municipality_detail" if territory.kind == "municipality" else "site:county_detail"
    url = reverse(view, args=[territory.code])
    return f"{url}?utgava={release_slug}" if release_slug else url


def plan_url(plan) -> str:
    return reverse("actions:plan", args=[plan.pk])


def governed_territory(organization: Organization) -> Territory | None:
    """The municipality or county the organization governs (its emissions are the territory's)."""
    return Territory.objects.filter(authority=organization).select_related("parent").order_by("kind", "code").first()


def basis(organization: Organization, *, year: int | None = None, release: str | None = None) -> Basis:
    """Read the inventory once; an unknown release or a year the release does not hold is a 422 naming it."""
    loaded = emissions.load_releases()
    try:
        emissions.resolve_release(release, loaded)
    except NotFound as error:
        raise Invalid(error.message) from error
    territory = governed_territory(organization)
    found = emissions.inventory(territory, release, loaded) if territory is not None else None
    years = found.years if found else []
    if year is None:
        year = years[-1] if years else dt.date.today().year
    elif years and year not in years:
        raise Invalid(
            _("The release %(release)s has no figures for %(year)s: it covers %(first)s–%(last)s.")
            % {"release": found.release.slug, "year": year, "first": years[0], "last": years[-1]}
        )
    elif not years and not 1990 <= year <= dt.date.today().year + 1:
        raise Invalid(_("The year %(year)s is outside 1990–%(last)s.") % {"year": year, "last": dt.date.today().year})
    return Basis(organization, territory, found, year, loaded)


def content(framework, b: Basis, sections: list[dict], releases: list[dict] | None = None, **extra) -> dict:
    """The draft's content (the package's docstring): every release used listed under "releases"."""
    used = list(releases or [])
    if b.inventory is not None and all(r["slug"] != b.inventory.release.slug for r in used):
        used.insert(0, {"slug": b.inventory.release.slug, "label": b.inventory.release.label})
    return {
        "framework": framework.slug,
        "version": framework.version,
        "organization": {"id": b.organization.pk, "name": b.organization.display_name},
        "territory": {"code": b.territory.code, "name": b.territory.display_name} if b.territory else None,
        "year": b.year,
        "filled_on": dt.date.today().isoformat(),
        "releases": used,
        "sections": sections,
        **extra,
    }


def inventory_table(found: emissions.Inventory, first_year: int | None = None) -> dict:
    """The inventory by sector and year, as the municipality page's table (emissions.sections), from first_year."""
    rows = [row for row in emission_table_rows(found, formatted=False) if first_year is None or row[0] >= first_year]
    # The total's column by position: the labels are frozen in the language the report was filled in.
    return {**table(emission_table_headings(found), rows), "total_column": len(found.sectors) + 1}


def target_table(progress: targets.MunicipalityProgress | None) -> dict:
    """Every target that applies, with the progress engine's status."""
    columns = [
        _("Target"),
        _("Set by"),
        _("Scope"),
        _("Base year"),
        _("Target year"),
        _("Level (t CO2e)"),
        _("Status"),
        _("Expected in target year (t CO2e)"),
    ]
    rows = []
    for target in progress.targets if progress else []:
        rows.append(
            [
                target.name,
                target.owner,
                target.scope,
                target.base_year,
                target.target_year,
                target.level,
                status_label(target.status),
                target.value_in_target_year,
            ]
        )
    return table(columns, rows)


def action_columns() -> list[str]:
    return [
        pgettext("climate measure", "Action"),
        _("Sector"),
        _("Status"),
        _("Completion (%)"),
        _("Start"),
        _("End"),
        _("Responsible"),
        _("Effect (t CO2e/year)"),
    ]


def action_row(action) -> list:
    sector = action.sector.display_name if action.sector else (action.area.display_name if action.area else "")
    return [
        action.title,
        sector,
        action.get_status_display(),
        action.completion,
        action.start.isoformat() if action.start else None,
        action.end.isoformat() if action.end else None,
        action.responsible_unit,
        action.effect_t_co2e,
    ]


def plan_source(summary: PlanSummary) -> dict:
    return source(
        _("Samverkan: the organization's plan %(title)s") % {"title": summary.plan.title}, plan_url(summary.plan)
    )


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
