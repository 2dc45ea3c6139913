"""Joining a network: the self-assessment, applying, and the coordinators' desk where applications are decided."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samverkan.core.db import swedish
from samverkan.core.errors import NotFound
from samverkan.core.forms import refusal
from samverkan.core.permissions import refuse
from samverkan.places.models import Organization

from .. import prefill, queries, services
from ..forms import ApplicationForm, AssessmentForm, DecisionForm
from ..models import AssessmentAnswerSet, Membership, Network
from .coordination import coordinator_network


def assessment(request, slug: str):
    """A network's self-assessment: the questions for everyone; for an organization's editors, the form filled with
    what the platform already holds about the organization, each suggestion naming its source."""
    network = queries.network_detail(slug)
    areas = list(network.assessment_areas.prefetch_related("questions").order_by("position", "id"))
    if not areas:
        raise Http404(_("%(network)s has no self-assessment.") % {"network": network})
    editable = list(Organization.objects.editable_by(request.user).order_by(swedish("name"))[:500])
    status = 200
    error = ""
    posted: set[int] | None = None
    if request.method == "POST":
        if not request.user.is_authenticated:  # the questions are public, answering is not
            return redirect_to_login(request.get_full_path())
        form = AssessmentForm(request.POST, network=network)
        if form.is_valid():
            answer_set = services.assessment_submit(
                by=request.user, organization=form.cleaned_data["organization"], network=network, answers=form.answers()
            )
            return redirect("networks:assessment_result", slug=slug, pk=answer_set.pk)
        error, status = refusal(form).message, 422
        posted = {q.pk for q in form.questions if request.POST.get(f"fraga-{q.pk}")}
    chosen = _answering_for(request, editable)
    questions = [q for area in areas for q in area.questions.all()]
    suggested = prefill.suggestions(chosen, questions) if chosen else {}
    for question in questions:
        question.suggestion = suggested.get(question.pk)
        question.checked = (
            (question.pk in posted)
            if posted is not None
            else bool(suggested.get(question.pk) and suggested[question.pk].answer)
        )
    past = AssessmentAnswerSet.objects.filter(
        network=network, organization__in=Organization.objects.readable_by(request.user)
    ).select_related("organization")[:50]
    return render(
        request,
        "networks/assessment.html",
        {"network": network, "areas": areas, "editable": editable, "chosen": chosen, "past": past, "error": error},
        status=status,
    )


def _answering_for(request, editable: list[Organization]) -> Organization | None:
    """The organization the form is filled for: the one asked for (`?organisation=`, or posted), or the only one."""
    wanted = (request.POST if request.method == "POST" else request.GET).get("organisation", "")
    if not wanted:
        return editable[0] if len(editable) == 1 and request.method == "GET" else None
    chosen = next((o for o in editable if str(o.pk) == wanted.strip()), None)
    if chosen is None and request.method == "GET":
        if not wanted.strip().isdigit() or not Organization.objects.filter(pk=wanted.strip()).exists():
            raise NotFound(_("There is no organization %(id)s.") % {"id": wanted[:20]})
        raise refuse(
            request.user,
            gettext_noop("answer the self-assessment for %(place)s"),
            place=Organization.objects.get(pk=wanted.strip()),
        )
    return chosen


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
    answers = list(answers)
    organization = answer_set.organization
    standing = organization.memberships.filter(network=network).open().first()
    may_apply = standing is None and Organization.objects.editable_by(request.user).filter(pk=organization.pk).exists()
    latest = AssessmentAnswerSet.objects.filter(organization=organization, network=network).first()
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
            "standing": standing,
            "may_apply": may_apply,
            "latest": latest == answer_set,
            "confirmed": sum(1 for a in answers if a.suggested is not None and not a.changed),
            "changed": sum(1 for a in answers if a.changed),
        },
    )


@login_required
def apply(request, slug: str):
    """An organization's editor applies to join, attaching its latest self-assessment when asked."""
    if request.method != "POST":  # back from signing in to apply: the network's page has the form
        return redirect("networks:detail", slug=slug)
    network = queries.network_detail(slug)
    form = ApplicationForm(request.POST)
    if not form.is_valid():
        raise refusal(form)
    organization = form.cleaned_data["organization"]
    assessment = None
    if form.cleaned_data["attach_assessment"]:
        assessment = AssessmentAnswerSet.objects.filter(organization=organization, network=network).first()
    services.membership_apply(
        by=request.user,
        organization=organization,
        network=network,
        note=form.cleaned_data["note"],
        assessment=assessment,
    )
    messages.success(request, _("The application of %(place)s was sent to the coordinators.") % {"place": organization})
    return redirect("site:organization_detail", pk=organization.pk)


@login_required
def applications(request, slug: str):
    """The coordinators' desk: open applications to decide, observers to follow up, decisions made."""
    network = coordinator_network(request, slug, gettext_noop("decide applications to %(network)s"))
    memberships = network.memberships.select_related("organization", "assessment", "decided_by")
    open_ones = queries.open_applications(network)
    for application in open_ones:
        membership = application["membership"]
        application["score"] = (
            services.assessment_score(membership.assessment)[1:] if membership.assessment_id else None
        )
    return render(
        request,
        "networks/applications.html",
        {
            "network": network,
            "applications": open_ones,
            "follow_up": services.observers_to_follow_up(network),
            "decided": memberships.exclude(decided_at=None).order_by("-decided_at")[:50],
        },
    )


@login_required
def decide(request, slug: str, pk: int):
    if request.method != "POST":  # back from signing in again: the desk has the forms
        return redirect("networks:applications", slug=slug)
    network = coordinator_network(request, slug, gettext_noop("decide applications to %(network)s"))
    membership = Membership.objects.filter(pk=pk, network=network).select_related("organization").first()
    if membership is None:
        raise Http404(_("There is no such application in %(network)s.") % {"network": network})
    form = DecisionForm(request.POST)
    if not form.is_valid():
        raise refusal(form)
    services.membership_decide(
        by=request.user,
        membership=membership,
        decision=form.cleaned_data["decision"],
        observer_until=form.cleaned_data["observer_until"],
        reason=form.cleaned_data["reason"],
    )
    messages.success(request, _("The decision on %(place)s was saved.") % {"place": membership.organization})
    return redirect("networks:applications", slug=slug)
