"""Pages for municipalities and counties: thin, each over one query function."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samverkan.accounts.services import refuse
from samverkan.actions.queries import plans_of
from samverkan.core.charts import yearly_line_chart
from samverkan.core.forms import PlainLabels
from samverkan.core.history import history_entries
from samverkan.emissions.queries import load_releases, territory_for
from samverkan.emissions.views import emissions_section
from samverkan.indicators.queries import territory_values
from samverkan.networks.queries import municipality_memberships, organization_standing
from samverkan.targets.models import Target
from samverkan.targets.views import county_progress, progress_section

from . import queries, services
from .models import Organization
from .services import ORGANIZATION_EDITABLE_FIELDS

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
        "memberships": municipality_memberships(code),
        "indicator_values": territory_values(territory),
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


# --- organizations ------------------------------------------------------------------------------------


class OrganizationForm(PlainLabels, forms.ModelForm):
    class Meta:
        model = Organization
        fields = ORGANIZATION_EDITABLE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


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
        "places/organization_detail.html",
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
        },
    )


@login_required
def organization_edit(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    if not Organization.objects.editable_by(request.user).filter(pk=pk).exists():
        raise refuse(request.user, gettext_noop("edit %(place)s"), place=organization)
    form = OrganizationForm(request.POST or None, instance=Organization.objects.get(pk=pk))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.organization_update(
                by=request.user,
                organization=organization,
                fields={name: form.cleaned_data[name] for name in ORGANIZATION_EDITABLE_FIELDS},
            )
            messages.success(request, _("The organization was saved."))
            return redirect("places:organization_detail", pk=pk)
        status = 422
    return render(request, "places/organization_form.html", {"form": form, "organization": organization}, status=status)


@login_required
def organization_history(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    if not Organization.objects.readable_by(request.user).filter(pk=pk).exists():
        raise refuse(request.user, gettext_noop("read the history of %(place)s"), place=organization)
    entries = history_entries(Organization.history.filter(id=pk), Organization, skip=("territory",))
    return render(request, "places/organization_history.html", {"organization": organization, "entries": entries})
