"""Pages for municipalities and counties: thin, each over one query function."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from samverkan.core.charts import yearly_line_chart
from samverkan.emissions.queries import load_releases, territory_for
from samverkan.emissions.views import emissions_section
from samverkan.targets.views import county_progress, progress_section

from . import queries

SEARCH_RESULTS_LIMIT = 300


def _population_chart(points, place_name: str):
    first = points[0].year if points else ""
    last = points[-1].year if points else ""
    return yearly_line_chart(
        points=[(p.year, p.value) for p in points],
        title=_("Population %(first)s–%(last)s") % {"first": first, "last": last},
        description=_(
            "Line chart: population of %(place)s, %(first)s to %(last)s. The same figures are in the table below."
        )
        % {"place": place_name, "first": first, "last": last},
        value_title=_("Inhabitants"),
        year_title=_("Year"),
        columns=[_("Year"), _("Inhabitants")],
    )


def municipality_list(request):
    q = request.GET.get("q", "")[:100]
    county = request.GET.get("lan") or None
    count, municipalities = queries.municipality_list(q=q, county=county, limit=SEARCH_RESULTS_LIMIT)
    template = "places/municipality_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"q": q, "count": count, "municipalities": municipalities})


def municipality_detail(request, code: str):
    municipality = queries.municipality_detail(code)
    territory = territory_for(code)
    loaded = load_releases()
    emissions = emissions_section(request, territory, loaded)
    context = {
        "municipality": municipality,
        "population_chart": _population_chart(municipality.population, municipality.name),
        **emissions,
        **progress_section(request, territory, emissions["emissions"], loaded),
    }
    return render(request, "places/municipality_detail.html", context)


def county_list(request):
    return render(request, "places/county_list.html", {"counties": queries.county_list()})


def county_detail(request, code: str):
    county = queries.county_detail(code)
    loaded = load_releases()
    context = {
        "county": county,
        "population_chart": _population_chart(county.population, county.name),
        **emissions_section(request, territory_for(code), loaded),
        **county_progress(request, code, loaded),
    }
    return render(request, "places/county_detail.html", context)


def country_detail(request):
    overview, groups = queries.home_overview()
    return render(
        request,
        "places/country_detail.html",
        {
            "overview": overview,
            "counties": [group.county for group in groups],
            **emissions_section(request, territory_for("SE")),
        },
    )
