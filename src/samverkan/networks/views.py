"""Network pages: the list, and each network with its members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samverkan.accounts.services import refuse
from samverkan.core.charts import yearly_line_chart
from samverkan.core.errors import Invalid
from samverkan.places.models import Organization

from . import queries, services
from .models import AssessmentAnswerSet, Membership, Network


def network_list(request):
    return render(request, "networks/network_list.html", {"networks": queries.network_list()})


def network_detail(request, slug: str):
    network = queries.network_detail(slug)
    members = [m for m in network.all_memberships if m.role in queries.MEMBER_ROLES]
    others = [m for m in network.all_memberships if m.role not in queries.MEMBER_ROLES]
    criteria, matrix = queries.network_criteria(network)
    taken = {m.organization_id for m in network.all_memberships if m.status in services.OPEN_STATUSES}
    may_apply = [o for o in Organization.objects.editable_by(request.user).order_by("name")[:500] if o.pk not in taken]
    return render(
        request,
        "networks/network_detail.html",
        {
            "network": network,
            "members": members,
            "others": others,
            "criteria": criteria,
            "matrix": matrix,
            "may_apply": may_apply,
            "coordinates": Network.objects.coordinated_by(request.user).filter(pk=network.pk).exists(),
            "combined": _combined(network),
        },
    )


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
        organization = (
            Organization.objects.filter(pk=int(organization_id)).first() if organization_id.isdigit() else None
        )
        if organization is None:
            error, status = _("Choose the organization you answer for."), 422
        else:
            answers = {}
            for key in request.POST:
                if key.startswith("fraga-"):
                    ident = key.removeprefix("fraga-")
                    if not ident.isdigit():
                        raise Invalid(_("%(field)s is not a question.") % {"field": key[:40]})
                    answers[int(ident)] = True
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
    organization = Organization.objects.filter(pk=int(organization_id)).first() if organization_id.isdigit() else None
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
    return redirect("places:organization_detail", pk=organization.pk)


def _coordinated(request, slug: str) -> Network:
    network = queries.network_detail(slug)
    if not Network.objects.coordinated_by(request.user).filter(pk=network.pk).exists():
        raise refuse(request.user, gettext_noop("decide applications to %(network)s"), network=network)
    return network


@login_required
def applications(request, slug: str):
    """The coordinators' desk: open applications to decide, observers to follow up, decisions made."""
    network = _coordinated(request, slug)
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
    network = _coordinated(request, slug)
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
