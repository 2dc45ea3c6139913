"""Pages for municipalities and counties: thin, each over one query function."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samverkan.core.history import history_entries
from samverkan.core.permissions import refuse

from . import queries, services
from .forms import OrganizationForm
from .models import ORGANIZATION_EDITABLE_FIELDS, Organization

SEARCH_RESULTS_LIMIT = 300


def municipality_list(request):
    q = request.GET.get("q", "")[:100]
    county = request.GET.get("lan") or None
    count, municipalities = queries.municipality_list(q=q, county=county, limit=SEARCH_RESULTS_LIMIT)
    template = "places/municipality_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"q": q, "count": count, "municipalities": municipalities})


def county_list(request):
    return render(request, "places/county_list.html", {"counties": queries.county_list()})


# --- organizations ------------------------------------------------------------------------------------


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
            return redirect("site:organization_detail", pk=pk)
        status = 422
    return render(request, "places/organization_form.html", {"form": form, "organization": organization}, status=status)


@login_required
def organization_history(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    if not Organization.objects.readable_by(request.user).filter(pk=pk).exists():
        raise refuse(request.user, gettext_noop("read the history of %(place)s"), place=organization)
    entries = history_entries(Organization.history.filter(id=pk), Organization, skip=("territory",))
    return render(request, "places/organization_history.html", {"organization": organization, "entries": entries})
