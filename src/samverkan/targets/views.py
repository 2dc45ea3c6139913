"""Progress pages: the section on each municipality's page, the national overview, the method."""

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samverkan.core.charts import progress_chart
from samverkan.core.errors import DomainError
from samverkan.core.formatting import format_number, format_percent
from samverkan.core.history import history_entries
from samverkan.core.permissions import refuse
from samverkan.emissions import queries as emission_queries
from samverkan.emissions.models import Sector
from samverkan.emissions.views import RELEASE_PARAMETER
from samverkan.places.models import Organization
from samverkan.places.queries import county_choices

from . import progress as engine
from . import queries, services
from .forms import TargetForm
from .models import Target

AS_OF_PARAMETER = "per"
HISTORY_FROM = 1990


def as_of_from(request) -> int | None:
    text = request.GET.get(AS_OF_PARAMETER) or ""
    if not text:
        return None
    if not re.fullmatch(r"[0-9]{4}", text):
        raise DomainError(_("The as-of year must be a year such as 2026, not %(value)s.") % {"value": text[:20]})
    return int(text)


def status_label(status: str | None) -> str:
    return {
        engine.ACHIEVED: _("achieved"),
        engine.ON_TRACK: _("on track"),
        engine.OFF_TRACK: _("off track"),
        engine.UNKNOWN: _("cannot be assessed"),
    }.get(status or "", "–")


def _tonnes(value: float | None, unit: str) -> str:
    return f"{format_number(value)} {unit}"


def verdict(result: queries.MunicipalityProgress) -> list[str]:
    """The progress in plain words: the trend, net zero, the Paris budget, then each target."""
    total, unit = result.total, result.unit
    if not total.fitted:
        return [_("There are too few years from 2015 on to compute a trend.")]
    rate = format_percent(abs(total.annual_change_percent or 0.0))
    if total.slope < 0 and total.net_zero_date:
        trend = _("On the current trend, emissions fall by %(rate)s a year and reach zero on %(date)s.") % {
            "rate": rate,
            "date": date_format(total.net_zero_date, "DATE_FORMAT"),
        }
    elif total.slope > 0:
        trend = _("On the current trend, emissions rise by %(rate)s a year and never reach zero.") % {"rate": rate}
    else:
        trend = _("On the current trend, emissions stay level and never reach zero.")
    sentences = [trend]
    if total.slope_range:
        sentences.append(
            _("The trend is uncertain: slopes from %(low)s to %(high)s %(unit)s a year fit the data equally well.")
            % {"low": format_number(total.slope_range[0]), "high": format_number(total.slope_range[1]), "unit": unit}
        )
    figures = {
        "first": result.as_of,
        "trend": _tonnes(total.cumulative_trend, unit),
        "budget": _tonnes(total.carbon_law_cumulative, unit),
    }
    if total.paris_aligned:
        sentences.append(
            _(
                "That is in line with the Paris Agreement: %(first)s–2050 the trend emits %(trend)s, "
                "no more than the %(budget)s of the Carbon Law path."
            )
            % figures
        )
    else:
        sentences.append(
            _(
                "That is not enough for the Paris Agreement: %(first)s–2050 the trend emits %(trend)s, "
                "more than the %(budget)s of the Carbon Law path."
            )
            % figures
        )
    for target in result.targets:
        sentences.append(target_sentence(target, unit))
    return sentences


def target_sentence(target: queries.TargetResult, unit: str) -> str:
    names = {"name": target.name, "year": target.target_year}
    if target.status == engine.UNKNOWN:
        return _("The target “%(name)s” cannot be assessed: %(reason)s") % {**names, "reason": target.unknown_reason}
    if target.status == engine.ACHIEVED:
        return _("The target “%(name)s” has been reached.") % names
    if target.deadline_passed:
        return _("The target “%(name)s” was not reached by %(year)s.") % names
    if target.year_reached:
        sentence = _("The target “%(name)s” is reached in %(reached)s on the current trend.") % {
            **names,
            "reached": target.year_reached,
        }
    else:
        sentence = _("The target “%(name)s” is not reached on the current trend.") % names
    if target.status == engine.OFF_TRACK and target.required_annual_cut_percent is not None:
        sentence += " " + _("Reaching it by %(year)s needs a cut of %(cut)s a year from the last data year.") % {
            **names,
            "cut": format_percent(target.required_annual_cut_percent),
        }
    return sentence


def _chart(result: queries.MunicipalityProgress, place: str):
    total, unit = result.total, result.unit
    history = {year: value for year, value in total.history.items() if year >= HISTORY_FROM}
    lines = [(_("Emissions"), history)]
    if total.fitted:
        lines += [(_("Trend"), total.trend), (_("Carbon Law path (−11.72 % a year)"), total.carbon_law)]
    points = []
    for target in result.targets:
        if target.path:
            lines.append((target.name, target.path))
        if target.level is not None:
            points.append((target.name, target.target_year, target.level))
    years = sorted(set(history) | set(total.trend))
    rows = [
        [
            year,
            format_number(history.get(year)),
            format_number(total.trend.get(year)),
            format_number(total.carbon_law.get(year)),
        ]
        for year in years
    ]
    return progress_chart(
        lines=lines,
        points=points,
        title=_("Emissions, trend and targets to 2050 (%(unit)s)") % {"unit": unit},
        description=_(
            "Line chart: emissions of %(place)s since %(first)s, the trend and the Carbon Law path to 2050, "
            "and a straight path to each target. The same figures are in the tables below."
        )
        % {"place": place, "first": min(history) if history else HISTORY_FROM},
        value_title=unit,
        year_title=_("Year"),
        columns=[_("Year"), _("Emissions"), _("Trend"), _("Carbon Law path")],
        rows=rows,
    )


def progress_section(request, territory, inventory, releases) -> dict:
    """The context of the progress section on a municipality's page, from the inventory already read."""
    if inventory is None or not inventory.years:
        return {"progress": None}
    as_of = as_of_from(request)
    try:
        result = queries.progress_for_inventory(territory, inventory, as_of=as_of, releases=releases, user=request.user)
    except queries.ProgressUnavailable as error:
        if as_of is not None:
            raise  # the year asked for is wrong: the whole page says so, with status 422
        return {"progress": None, "progress_problem": error.message}
    return {
        "progress": result,
        "progress_verdict": verdict(result),
        "progress_chart": _chart(result, territory.display_name),
    }


def method(request):
    return render(
        request,
        "targets/method.html",
        {
            "carbon_law_rate": engine.CARBON_LAW_RATE * 100,
            "fit_from": engine.FIT_FROM_YEAR,
            "horizon": engine.HORIZON_YEAR,
            "targets": queries.bundled_targets(),
        },
    )


OVERVIEW_SORTS = {
    "name": "name",
    "lan": "county",
    "trend": "slope",
    "takt": "annual_change_percent",
    "historisk": "historical_change_percent",
    "nettonoll": "net_zero_date",
    "paris": "paris_aligned",
    "status": "target_status",
}


def overview_columns(*, show_county: bool, national_target: str | None) -> list[tuple[str, str, bool]]:
    columns = [("name", _("Municipality"), False)]
    if show_county:
        columns.append(("lan", _("County"), False))
    columns += [
        ("trend", _("Trend (tonnes a year)"), True),
        ("takt", _("Trend (% a year)"), True),
        ("historisk", _("Change a year since 2015"), True),
        ("nettonoll", _("Net zero on the trend"), True),
        ("paris", _("Paris-aligned"), False),
    ]
    if national_target:
        columns.append(("status", _("Status against Sweden's target"), False))
    return columns


def overview_rows(rows: list[queries.SeriesProgress]) -> list[tuple]:
    """Cells formatted once in Python: 290 rows of template filters would slow the page down."""
    return [
        (
            row.code,
            row.name,
            row.county_name,
            format_number(row.slope),
            format_percent(row.annual_change_percent, signed=True),
            format_percent(row.historical_change_percent, signed=True),
            row.net_zero_date.isoformat() if row.net_zero_date else "–",
            row.paris_aligned,
            row.target_status,
            status_label(row.target_status),
            bool(row.slope_range),
            row.fitted,
        )
        for row in rows
    ]


def overview(request):
    loaded = emission_queries.load_releases()
    county = request.GET.get("lan") or None
    sector = request.GET.get("sektor") or None
    result = queries.progress_overview(
        release_slug=request.GET.get(RELEASE_PARAMETER) or None,
        as_of=as_of_from(request),
        sector_slug=sector,
        county=county,
        releases=loaded,
    )
    sort = request.GET.get("sortera") or "name"
    if sort not in OVERVIEW_SORTS:
        sort = "name"
    descending = request.GET.get("ordning", "stigande") == "fallande"
    rows = queries.sort_overview(result.rows, OVERVIEW_SORTS[sort], descending)
    base = {RELEASE_PARAMETER: result.release.slug, AS_OF_PARAMETER: result.as_of}
    if county:
        base["lan"] = county
    if sector:
        base["sektor"] = sector

    def sort_link(key: str) -> str:
        order = "fallande" if key == sort and not descending else "stigande"
        return "?" + urlencode({**base, "sortera": key, "ordning": order})

    releases = emission_queries.emission_releases(loaded)
    context = {
        "overview": result,
        "rows": overview_rows(rows),
        "columns": overview_columns(show_county=True, national_target=result.national_target),
        "table_label": _("Progress of all municipalities"),
        "sort": sort,
        "descending": descending,
        "sort_links": {key: sort_link(key) for key in OVERVIEW_SORTS},
        "county": county,
        "counties": county_choices(),
        "sector": sector,
        "sectors": queries.main_sectors() if result.release.resolution != "total" else [],
        "releases": releases,
        "municipality_prefix": reverse("site:municipality_detail", args=["0000"]).removesuffix("0000/"),
    }
    template = "targets/overview.html#table" if request.htmx else "targets/overview.html"
    return render(request, template, context)


def county_progress(request, county_code: str, releases) -> dict:
    """The progress table of a county's municipalities, for the county page."""
    if not releases:
        return {"county_progress": None}
    try:
        result = queries.progress_overview(
            release_slug=request.GET.get(RELEASE_PARAMETER) or None,
            as_of=as_of_from(request),
            county=county_code,
            releases=releases,
        )
    except queries.ProgressUnavailable as error:
        return {"county_progress": None, "progress_problem": error.message}
    return {
        "county_progress": result,
        "county_progress_rows": overview_rows(result.rows),
        "county_progress_columns": overview_columns(show_county=False, national_target=result.national_target),
        "municipality_prefix": reverse("site:municipality_detail", args=["0000"]).removesuffix("0000/"),
    }


# --- editing an organization's targets ----------------------------------------------------------------


def _visible_target(request, pk: int):
    """A target the person may see (404 otherwise, so that unpublished targets are not revealed)."""
    return get_object_or_404(
        Target.objects.visible_to(request.user).select_related("organization", "commitment"), pk=pk
    )


def _editable(request, target) -> None:
    if not Target.objects.editable_by(request.user).filter(pk=target.pk).exists():
        raise refuse(request.user, gettext_noop("edit the target %(name)s"), name=target.name)


def _form_fields(form) -> tuple[dict, list]:
    data = dict(form.cleaned_data)
    sectors = list(data.pop("sectors", []))
    return data, sectors


def target_new(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    organization = get_object_or_404(Organization, pk=pk)
    if not Organization.objects.editable_by(request.user).filter(pk=pk).exists():
        raise refuse(request.user, gettext_noop("add targets to %(place)s"), place=organization)
    form = TargetForm(request.POST or None, instance=Target(organization=organization))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            fields, sectors = _form_fields(form)
            target = services.target_create(by=request.user, organization=organization, sectors=sectors, **fields)
            messages.success(request, _("The target %(name)s was added.") % {"name": target.name})
            return redirect("site:organization_detail", pk=organization.pk)
        status = 422
    return render(
        request, "targets/target_form.html", {"form": form, "organization": organization, "target": None}, status=status
    )


def target_edit(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    target = _visible_target(request, pk)
    _editable(request, target)
    form = TargetForm(request.POST or None, instance=target)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            fields, sectors = _form_fields(form)
            services.target_update(by=request.user, target=target, fields=fields, sectors=sectors)
            messages.success(request, _("The target %(name)s was saved.") % {"name": fields["name"]})
            if target.organization_id:
                return redirect("site:organization_detail", pk=target.organization_id)
            return redirect("targets:history", pk=target.pk)
        status = 422
    return render(
        request,
        "targets/target_form.html",
        {"form": form, "organization": target.organization, "target": target},
        status=status,
    )


def target_delete(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    target = _visible_target(request, pk)
    _editable(request, target)
    services.target_delete(by=request.user, target=target)
    messages.success(
        request, _("The target %(name)s was deleted. It can be restored from its history.") % {"name": target.name}
    )
    if target.organization_id:
        return redirect("site:organization_detail", pk=target.organization_id)
    return redirect("site:home")


def target_restore(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        raise refuse(request.user, gettext_noop("restore targets"))
    target = services.target_restore(by=request.user, target_id=pk)
    messages.success(request, _("The target %(name)s was restored.") % {"name": target.name})
    return redirect("targets:history", pk=target.pk)


def target_history(request, pk: int):
    """Every change to a target, also after it was deleted, for the people who may read its organization's work."""
    records = Target.history.filter(id=pk)
    last = records.order_by("-history_date", "-history_id").first()
    if last is None:
        raise Http404(_("There is no target %(id)s.") % {"id": pk})
    readable = Organization.objects.readable_by(request.user)
    may_read = request.user.is_authenticated and (
        request.user.is_superuser or (last.organization_id and readable.filter(pk=last.organization_id).exists())
    )
    if not may_read:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())

        raise refuse(request.user, gettext_noop("read the history of a target"))
    exists = Target.objects.filter(pk=pk).exists()
    may_edit = request.user.is_superuser or bool(
        last.organization_id and Organization.objects.editable_by(request.user).filter(pk=last.organization_id).exists()
    )
    entries = history_entries(
        records,
        Target,
        skip=("key", "created_at", "organization", "commitment"),
        lookups={"sector": dict(Sector.objects.values_list("id", "name"))},
    )
    return render(
        request,
        "targets/history.html",
        {"entries": entries, "last": last, "exists": exists, "may_edit": may_edit, "target_id": pk},
    )
