"""Network pages: the list, and each network with its members."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samverkan.accounts.services import refuse
from samverkan.core.errors import Invalid
from samverkan.places.models import Organization

from . import queries, services
from .models import AssessmentAnswerSet, Network


def network_list(request):
    return render(request, "networks/network_list.html", {"networks": queries.network_list()})


def network_detail(request, slug: str):
    network = queries.network_detail(slug)
    members = [m for m in network.all_memberships if m.role in queries.MEMBER_ROLES]
    others = [m for m in network.all_memberships if m.role not in queries.MEMBER_ROLES]
    criteria, matrix = queries.network_criteria(network)
    return render(
        request,
        "networks/network_detail.html",
        {"network": network, "members": members, "others": others, "criteria": criteria, "matrix": matrix},
    )


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
