"""Network pages: the list, and each network with its members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samverkan.actions.queries import member_plans
from samverkan.core.charts import yearly_line_chart
from samverkan.core.errors import Invalid, NotFound
from samverkan.core.forms import form_page, refusal
from samverkan.core.history import history_entries
from samverkan.core.permissions import refuse
from samverkan.core.validation import whole_number
from samverkan.places.models import Organization
from samverkan.targets.models import Commitment

from . import queries, services
from .forms import CriterionForm, MembershipForm, NetworkForm, ObligationForm, WorkingGroupForm
from .models import AssessmentAnswerSet, Criterion, Membership, Network, ReportingObligation, WorkingGroup

MEMBERS_PER_PAGE = 100


def network_list(request):
    return render(request, "networks/network_list.html", {"networks": queries.network_list()})


def network_detail(request, slug: str):
    country = request.GET.get("land", "SE").upper()
    if not (len(country) == 2 and country.isascii() and country.isalpha()):
        raise Invalid(_("%(value)s is not a two-letter country code such as SE.") % {"value": country[:20]})
    # Criteria and emissions are read from Swedish data; members elsewhere are listed, a page at a time.
    network = queries.network_detail(slug, country="SE")
    countries = queries.member_countries(network)
    if country == "SE":
        members = queries.counted_members(network)
        criteria, matrix = queries.network_criteria(network)
    else:
        members = queries.counted_members_in(network, country)
        criteria, matrix = [], []
    others = queries.members_apart(network)
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("sida"))
    taken = {m.organization_id for m in network.all_memberships if m.status in services.OPEN_STATUSES}
    may_apply = [o for o in Organization.objects.editable_by(request.user).order_by("name")[:500] if o.pk not in taken]
    return render(
        request,
        "networks/network_detail.html",
        {
            "network": network,
            "members": page.object_list,
            "member_page": page,
            "others": others,
            "criteria": criteria,
            "matrix": matrix,
            "may_apply": may_apply,
            "coordinates": Network.objects.coordinated_by(request.user).filter(pk=network.pk).exists(),
            "combined": _combined(network) if country == "SE" else None,
            "plans": _member_plans(members) if country == "SE" else [],
            "country": country,
            "countries": countries if len(countries) > 1 else [],
        },
    )


def _member_plans(members) -> list:
    """Each member with its current action plan (or none recorded): the network's view of the plans."""
    plans = member_plans([m.organization_id for m in members])
    return [(m, plans.get(m.organization_id)) for m in members]


def _combined(network):
    found = queries.combined_emissions(network)
    if found is None:
        return None
    summary, totals, count, levels = found
    years = sorted(totals)
    chart = yearly_line_chart(
        points=[(year, totals[year]) for year in years],
        title=_("The members' emissions added up (%(unit)s)") % {"unit": summary.unit},
        description=_(
            "Line chart: the emissions of the %(count)s member municipalities added up, %(first)s to %(last)s. "
            "The same figures are in the table below."
        )
        % {"count": count, "first": years[0], "last": years[-1]},
        value_title=summary.unit,
        year_title=_("Year"),
        columns=[_("Year"), _("Emissions (%(unit)s)") % {"unit": summary.unit}],
    )
    latest = years[-1]
    return {
        "release": summary,
        "count": count,
        "chart": chart,
        "latest_year": latest,
        "latest": totals[latest],
        "levels": [{"target": target, "level": level, "met_now": totals[latest] <= level} for target, level in levels],
    }


def assessment(request, slug: str):
    """A network's self-assessment: the questions for everyone, the form for an organization's editors."""
    network = queries.network_detail(slug)
    areas = list(network.assessment_areas.prefetch_related("questions").order_by("position", "id"))
    if not areas:
        raise Http404(_("%(network)s has no self-assessment.") % {"network": network})
    editable = list(Organization.objects.editable_by(request.user).order_by("name")[:500])
    status = 200
    error = ""
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        organization_id = request.POST.get("organisation", "")
        organization = Organization.objects.filter(pk=whole_number(organization_id) or 0).first()
        if organization is None:
            error, status = _("Choose the organization you answer for."), 422
        else:
            answers = {}
            for key in request.POST:
                if key.startswith("fraga-"):
                    ident = key.removeprefix("fraga-")
                    if whole_number(ident) is None:
                        raise Invalid(_("%(field)s is not a question.") % {"field": key[:40]})
                    answers[whole_number(ident)] = True
            answer_set = services.assessment_submit(
                by=request.user, organization=organization, network=network, answers=answers
            )
            return redirect("networks:assessment_result", slug=slug, pk=answer_set.pk)
    past = AssessmentAnswerSet.objects.filter(
        network=network, organization__in=Organization.objects.readable_by(request.user)
    ).select_related("organization")[:50]
    return render(
        request,
        "networks/assessment.html",
        {"network": network, "areas": areas, "editable": editable, "past": past, "error": error},
        status=status,
    )


def assessment_result(request, slug: str, pk: int):
    network = queries.network_detail(slug)
    answer_set = AssessmentAnswerSet.objects.filter(pk=pk, network=network).select_related("organization").first()
    if answer_set is None:
        raise Http404(_("There is no such self-assessment."))
    readable = Organization.objects.readable_by(request.user).filter(pk=answer_set.organization_id).exists()
    coordinates = Network.objects.coordinated_by(request.user).filter(pk=network.pk).exists()
    if not (readable or coordinates):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise refuse(request.user, gettext_noop("read the self-assessment of %(place)s"), place=answer_set.organization)
    scores, total, maximum = services.assessment_score(answer_set)
    answers = answer_set.answers.select_related("question", "question__area").order_by(
        "question__area__position", "question__position"
    )
    return render(
        request,
        "networks/assessment_result.html",
        {
            "network": network,
            "answer_set": answer_set,
            "scores": scores,
            "total": total,
            "maximum": maximum,
            "answers": answers,
        },
    )


def apply(request, slug: str):
    """An organization's editor applies to join, attaching its latest self-assessment when asked."""
    if request.method != "POST":
        return redirect("networks:detail", slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("networks:detail", args=[slug]))
    network = queries.network_detail(slug)
    organization_id = request.POST.get("organisation", "")
    organization = Organization.objects.filter(pk=whole_number(organization_id) or 0).first()
    if organization is None:
        raise Invalid(_("Choose the organization that applies."))
    assessment = None
    if request.POST.get("bifoga"):
        assessment = AssessmentAnswerSet.objects.filter(organization=organization, network=network).first()
    services.membership_apply(
        by=request.user,
        organization=organization,
        network=network,
        note=request.POST.get("ansokan", ""),
        assessment=assessment,
    )
    messages.success(request, _("The application of %(place)s was sent to the coordinators.") % {"place": organization})
    return redirect("site:organization_detail", pk=organization.pk)


@login_required
def applications(request, slug: str):
    """The coordinators' desk: open applications to decide, observers to follow up, decisions made."""
    network = _coordinator_network(request, slug, gettext_noop("decide applications to %(network)s"))
    memberships = network.memberships.select_related("organization", "assessment", "decided_by")
    open_ones = list(memberships.filter(status="applied").order_by("id"))
    scores = {m.pk: services.assessment_score(m.assessment)[1:] for m in open_ones if m.assessment_id}
    return render(
        request,
        "networks/applications.html",
        {
            "network": network,
            "applications": [(m, scores.get(m.pk)) for m in open_ones],
            "follow_up": services.observers_to_follow_up(network),
            "decided": memberships.exclude(decided_at=None).order_by("-decided_at")[:50],
        },
    )


@login_required
def decide(request, slug: str, pk: int):
    if request.method != "POST":
        return redirect("networks:applications", slug=slug)
    network = _coordinator_network(request, slug, gettext_noop("decide applications to %(network)s"))
    membership = Membership.objects.filter(pk=pk, network=network).select_related("organization").first()
    if membership is None:
        raise Http404(_("There is no such application in %(network)s.") % {"network": network})
    services.membership_decide(
        by=request.user,
        membership=membership,
        decision=request.POST.get("beslut", ""),
        observer_until=request.POST.get("observator_till") or None,
        reason=request.POST.get("skal", ""),
    )
    messages.success(request, _("The decision on %(place)s was saved.") % {"place": membership.organization})
    return redirect("networks:applications", slug=slug)


# --- the coordinators' pages: the network, groups, criteria, obligations and memberships -------------


def _coordinator_network(
    request, slug: str, action: str = gettext_noop("manage %(network)s"), *, with_members: bool = False
) -> Network:
    """The network, for its coordinators only; with its Swedish memberships where the page lists them."""
    network = queries.network_detail(slug, country="SE") if with_members else Network.objects.filter(slug=slug).first()
    if network is None:
        raise NotFound(_("There is no network %(slug)s.") % {"slug": slug[:80]})
    if not Network.objects.coordinated_by(request.user).filter(pk=network.pk).exists():
        raise refuse(request.user, action, network=network)
    return network


def _form_page(request, *, network, form, title: str, save, back: str, delete_url: str = ""):
    """A coordinator's form; after a save, back to `back`."""

    def saved(data):
        save(data)
        return back

    context = {"network": network, "title": title, "back": back, "delete_url": delete_url}
    return form_page(request, form=form, template="networks/edit_form.html", context=context, save=saved)


@login_required
def manage(request, slug: str):
    """The coordinators' overview of everything they can change in their network."""
    network = _coordinator_network(request, slug, with_members=True)
    criteria = list(network.criteria.select_related("commitment").order_by("position", "id"))
    return render(
        request,
        "networks/manage.html",
        {
            "network": network,
            "criteria": criteria,
            "group_form": WorkingGroupForm(),
            "memberships": network.all_memberships,
            "abroad": network.memberships.exclude(organization__country="SE").exists(),
        },
    )


@login_required
def network_edit(request, slug: str):
    network = _coordinator_network(request, slug)
    form = NetworkForm(request.POST or None, instance=Network.objects.get(pk=network.pk))
    return _form_page(
        request,
        network=network,
        form=form,
        title=_("Edit %(network)s") % {"network": network},
        save=lambda data: services.network_update(
            by=request.user, network=network, fields={n: data[n] for n in services.NETWORK_EDITABLE_FIELDS}
        ),
        back=reverse("networks:manage", args=[slug]),
    )


def _post_only(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


@login_required
def group_add(request, slug: str, pk: int | None = None):
    """Add a working group (or rename one, with its id), from the manage page."""
    if refused := _post_only(request):
        return refused
    network = _coordinator_network(request, slug)
    group = None
    if pk is not None:
        group = network.groups.filter(pk=pk).first()
        if group is None:
            raise Http404(_("There is no such working group in %(network)s.") % {"network": network})
    form = WorkingGroupForm(request.POST, instance=group or WorkingGroup(network=network))
    if not form.is_valid():
        raise refusal(form)
    services.group_save(by=request.user, network=network, group=group, **form.cleaned_data)
    messages.success(request, _("The working group %(name)s was saved.") % {"name": form.cleaned_data["name"]})
    return redirect("networks:manage", slug=slug)


@login_required
def group_delete(request, slug: str, pk: int):
    if refused := _post_only(request):
        return refused
    network = _coordinator_network(request, slug)
    group = network.groups.filter(pk=pk).first()
    if group is None:
        raise Http404(_("There is no such working group in %(network)s.") % {"network": network})
    services.group_delete(by=request.user, group=group)
    messages.success(request, _("The working group %(name)s was removed.") % {"name": group.name})
    return redirect("networks:manage", slug=slug)


def _one_of(network, queryset, pk, message):
    found = queryset.filter(network=network, pk=pk).first()
    if found is None:
        raise Http404(message % {"network": network})
    return found


@login_required
def criterion_edit(request, slug: str, pk: int | None = None):
    network = _coordinator_network(request, slug)
    criterion = None
    if pk is not None:
        criterion = _one_of(network, Criterion.objects, pk, _("There is no such criterion in %(network)s."))
    form = CriterionForm(request.POST or None, instance=criterion, network=network)
    return _form_page(
        request,
        network=network,
        form=form,
        title=_("Criterion of %(network)s") % {"network": network},
        save=lambda data: services.criterion_save(by=request.user, network=network, criterion=criterion, fields=data),
        back=reverse("networks:manage", args=[slug]) + "#criteria-heading",
        delete_url=reverse("networks:criterion_delete", args=[slug, pk]) if pk else "",
    )


@login_required
def criterion_delete(request, slug: str, pk: int):
    return _delete(
        request,
        slug,
        pk,
        Criterion,
        _("There is no such criterion in %(network)s."),
        lambda criterion: services.criterion_delete(by=request.user, criterion=criterion),
        _("The criterion was removed; it stays in the history."),
        "#criteria-heading",
    )


def _delete(request, slug, pk, model, missing: str, delete, done: str, anchor: str):
    """Remove a criterion or an obligation of the network (a post), back to its section of the manage page."""
    if refused := _post_only(request):
        return refused
    network = _coordinator_network(request, slug)
    delete(_one_of(network, model.objects, pk, missing))
    messages.success(request, done)
    return redirect(reverse("networks:manage", args=[slug]) + anchor)


@login_required
def obligation_edit(request, slug: str, pk: int | None = None):
    network = _coordinator_network(request, slug)
    obligation = None
    if pk is not None:
        obligation = _one_of(
            network, ReportingObligation.objects, pk, _("There is no such reporting obligation in %(network)s.")
        )
    form = ObligationForm(request.POST or None, instance=obligation or ReportingObligation(network=network))
    return _form_page(
        request,
        network=network,
        form=form,
        title=_("Reporting obligation of %(network)s") % {"network": network},
        save=lambda data: services.obligation_save(
            by=request.user, network=network, obligation=obligation, fields=data
        ),
        back=reverse("networks:manage", args=[slug]) + "#obligations-heading",
        delete_url=reverse("networks:obligation_delete", args=[slug, pk]) if pk else "",
    )


@login_required
def obligation_delete(request, slug: str, pk: int):
    return _delete(
        request,
        slug,
        pk,
        ReportingObligation,
        _("There is no such reporting obligation in %(network)s."),
        lambda obligation: services.obligation_delete(by=request.user, obligation=obligation),
        _("The reporting obligation was removed; it stays in the history."),
        "#obligations-heading",
    )


@login_required
def membership_edit(request, slug: str, pk: int | None = None):
    network = _coordinator_network(request, slug)
    membership = None
    if pk is not None:
        membership = _one_of(
            network,
            Membership.objects.select_related("organization"),
            pk,
            _("There is no such membership in %(network)s."),
        )
    form = MembershipForm(request.POST or None, instance=membership, network=network)

    def save(data):
        services.membership_save(
            by=request.user,
            network=network,
            membership=membership,
            organization=data.get("organization"),
            fields={name: data[name] for name in services.MEMBERSHIP_FIELDS},
            groups=list(data["groups"]) if "groups" in data else None,
            commitments=list(data["commitments"]) if "commitments" in data else None,
        )

    title = (
        _("Membership of %(place)s in %(network)s") % {"place": membership.organization, "network": network}
        if membership
        else _("Record a membership in %(network)s") % {"network": network}
    )
    return _form_page(
        request,
        network=network,
        form=form,
        title=title,
        save=save,
        back=reverse("networks:manage", args=[slug]) + "#memberships-heading",
    )


def _history_lookups() -> dict:
    commitments = {c.pk: str(c) for c in Commitment.objects.all()}
    return {
        "commitment": commitments,
        "workinggroup": dict(WorkingGroup.objects.values_list("id", "name")),
        "coordinator": dict(Organization.objects.filter(country="SE").values_list("id", "name")),
    }


@login_required
def network_history(request, slug: str):
    """Every change the coordinators made: the network, its groups, criteria and obligations."""
    network = _coordinator_network(request, slug)
    lookups = _history_lookups()
    sections = [
        (_("About the network"), history_entries(Network.history.filter(id=network.pk), Network)),
        (
            _("Working groups"),
            history_entries(WorkingGroup.history.filter(network_id=network.pk), WorkingGroup, skip=("network",)),
        ),
        (
            _("Criteria"),
            history_entries(
                Criterion.history.filter(network_id=network.pk), Criterion, skip=("network",), lookups=lookups
            ),
        ),
        (
            _("Reporting obligations"),
            history_entries(
                ReportingObligation.history.filter(network_id=network.pk), ReportingObligation, skip=("network",)
            ),
        ),
    ]
    return render(request, "networks/history.html", {"network": network, "sections": sections})


@login_required
def membership_history(request, slug: str, pk: int):
    """A membership's history, for the network's coordinators and the people of the organization."""
    network = queries.network_detail(slug, country="SE")
    membership = Membership.objects.filter(pk=pk, network=network).select_related("organization").first()
    if membership is None:
        raise Http404(_("There is no such membership in %(network)s.") % {"network": network})
    coordinates = Network.objects.coordinated_by(request.user).filter(pk=network.pk).exists()
    if (
        not coordinates
        and not Organization.objects.readable_by(request.user).filter(pk=membership.organization_id).exists()
    ):
        raise refuse(
            request.user, gettext_noop("read the membership history of %(place)s"), place=membership.organization
        )
    entries = history_entries(
        Membership.history.filter(id=pk),
        Membership,
        skip=("organization", "network", "assessment", "decided_by", "decided_at", "application_note"),
        lookups=_history_lookups(),
    )
    return render(
        request,
        "networks/membership_history.html",
        {"network": network, "membership": membership, "entries": entries, "coordinates": coordinates},
    )
