"""The coordinators' pages: the network, its groups, criteria, obligations and memberships, and their history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from samverkan.core.forms import form_page, refusal
from samverkan.core.history import history_entries
from samverkan.core.permissions import refuse
from samverkan.places.models import Organization
from samverkan.targets.models import Commitment

from .. import queries, services
from ..forms import CriterionForm, MembershipForm, NetworkForm, ObligationForm, WorkingGroupForm
from ..models import (
    MEMBERSHIP_FIELDS,
    NETWORK_EDITABLE_FIELDS,
    Criterion,
    Membership,
    Network,
    ReportingObligation,
    WorkingGroup,
)

# --- the coordinators' pages: the network, groups, criteria, obligations and memberships -------------


def coordinator_network(
    request, slug: str, action: str = gettext_noop("manage %(network)s"), *, with_members: bool = False
) -> Network:
    """The network, for its coordinators only; with its Swedish memberships where the page lists them."""
    network = queries.network_detail(slug, country="SE") if with_members else queries.network_or_404(slug)
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
    network = coordinator_network(request, slug, with_members=True)
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
    network = coordinator_network(request, slug)
    form = NetworkForm(request.POST or None, instance=Network.objects.get(pk=network.pk))
    return _form_page(
        request,
        network=network,
        form=form,
        title=_("Edit %(network)s") % {"network": network},
        save=lambda data: services.network_update(
            by=request.user, network=network, fields={n: data[n] for n in NETWORK_EDITABLE_FIELDS}
        ),
        back=reverse("networks:manage", args=[slug]),
    )


@login_required
@require_POST
def group_add(request, slug: str, pk: int | None = None):
    """Add a working group (or rename one, with its id), from the manage page."""
    network = coordinator_network(request, slug)
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
@require_POST
def group_delete(request, slug: str, pk: int):
    network = coordinator_network(request, slug)
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
    network = coordinator_network(request, slug)
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
@require_POST
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
    network = coordinator_network(request, slug)
    delete(_one_of(network, model.objects, pk, missing))
    messages.success(request, done)
    return redirect(reverse("networks:manage", args=[slug]) + anchor)


@login_required
def obligation_edit(request, slug: str, pk: int | None = None):
    network = coordinator_network(request, slug)
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
@require_POST
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
    network = coordinator_network(request, slug)
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
            fields={name: data[name] for name in MEMBERSHIP_FIELDS},
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
    network = coordinator_network(request, slug)
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
