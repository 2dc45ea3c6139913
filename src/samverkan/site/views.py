"""Pages that combine several domains: the home page, a municipality, a county, Sweden and an organization.

Each domain offers its part as a query or a section (a context for its template partial); these views only
put the parts together. A page about one domain lives in that domain's app.
"""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from samverkan.actions.queries import plans_of, with_status_counts
from samverkan.core.charts import yearly_line_chart
from samverkan.emissions.queries import latest_total, load_releases, territory_for
from samverkan.emissions.sections import emissions_section
from samverkan.indicators.queries import territory_values
from samverkan.networks.models import MembershipStatus
from samverkan.networks.presentation import criteria_counts
from samverkan.networks.queries import organization_standing
from samverkan.places import queries
from samverkan.places.models import Organization
from samverkan.targets.models import Target
from samverkan.targets.sections import county_progress, progress_section


def home(request):
    overview, groups = queries.home_overview()
    emissions = latest_total("SE")
    return render(request, "site/home.html", {"overview": overview, "groups": groups, "national_emissions": emissions})


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


def municipality_detail(request, code: str):
    municipality = queries.municipality_detail(code)
    territory = territory_for(code)
    loaded = load_releases()
    emissions = emissions_section(request, territory, loaded)
    organization = (
        Organization.objects.select_related("territory").get(pk=municipality.organization.id)
        if municipality.organization
        else None
    )
    standing, standing_problem = organization_standing(organization) if organization else ([], "")
    plans = with_status_counts(plans_of(organization)) if organization else []
    context = {
        "municipality": municipality,
        "standing": criteria_counts(standing),
        "standing_problem": standing_problem,
        # Its own plans; the actions it reported to the Covenant of Mayors (the JRC's data set) are not a plan of it.
        "plans": [plan for plan in plans if not plan.is_example],
        "reported_plans": [plan for plan in plans if plan.is_example],
        "indicator_values": territory_values(territory),
        "population_chart": _population_chart(municipality.population, municipality.name),
        **emissions,
        **progress_section(request, territory, emissions["emissions"], loaded),
    }
    return render(request, "site/municipality_detail.html", context)


def county_detail(request, code: str):
    county = queries.county_detail(code)
    loaded = load_releases()
    context = {
        "county": county,
        "population_chart": _population_chart(county.population, county.name),
        **emissions_section(request, territory_for(code), loaded),
        **county_progress(request, code, loaded),
    }
    return render(request, "site/county_detail.html", context)


def country_detail(request):
    overview, groups = queries.home_overview()
    territory = territory_for("SE")
    loaded = load_releases()
    emissions = emissions_section(request, territory, loaded)
    return render(
        request,
        "site/country_detail.html",
        {
            "overview": overview,
            "counties": [group.county for group in groups],
            **emissions,
            **progress_section(request, territory, emissions["emissions"], loaded),
        },
    )


def organization_detail(request, pk: int):
    """An organization: its targets (unpublished ones for its people), and what its people may do."""
    organization = get_object_or_404(Organization.objects.select_related("territory"), pk=pk)
    user = request.user
    may_edit = Organization.objects.editable_by(user).filter(pk=pk).exists()
    may_administer = Organization.objects.administered_by(user).filter(pk=pk).exists()
    may_read = may_edit or Organization.objects.readable_by(user).filter(pk=pk).exists()
    targets = list(Target.objects.visible_to(user).filter(organization=organization).prefetch_related("sectors"))
    deleted = []
    if may_edit:
        present = {target.pk for target in targets} | set(
            Target.objects.filter(organization=organization).values_list("pk", flat=True)
        )
        seen = set()
        for record in Target.history.filter(organization=organization, history_type="-").order_by("-history_date"):
            if record.id not in present and record.id not in seen:
                seen.add(record.id)
                deleted.append(record)
    standing, progress_problem = organization_standing(organization)
    plans = plans_of(organization)
    return render(
        request,
        "site/organization_detail.html",
        {
            "organization": organization,
            "standing": standing,
            "progress_problem": progress_problem,
            "plans": plans,
            "targets": targets,
            "deleted_targets": deleted,
            "may_edit": may_edit,
            "may_administer": may_administer,
            "may_read": may_read,
            "in_force_statuses": MembershipStatus.in_force(),
        },
    )
