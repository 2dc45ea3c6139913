"""Editing an organization's targets: add, change, delete, restore, and the history of every change."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from samverkan.core.history import history_entries
from samverkan.core.permissions import refuse
from samverkan.emissions.models import Sector
from samverkan.places.models import Organization

from .. import services
from ..forms import TargetForm
from ..models import Target


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


def _target_form_page(request, *, form, organization, target, save):
    """The target form; a valid post is saved (`save` returns where to go), an invalid one shown again with 422."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            return redirect(save(*_form_fields(form)))
        status = 422
    context = {"form": form, "organization": organization, "target": target}
    return render(request, "targets/target_form.html", context, status=status)


@login_required
def target_new(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    if not Organization.objects.editable_by(request.user).filter(pk=pk).exists():
        raise refuse(request.user, gettext_noop("add targets to %(place)s"), place=organization)

    def save(fields, sectors):
        target = services.target_create(by=request.user, organization=organization, sectors=sectors, **fields)
        messages.success(request, _("The target %(name)s was added.") % {"name": target.name})
        return reverse("site:organization_detail", args=[organization.pk])

    form = TargetForm(request.POST or None, instance=Target(organization=organization))
    return _target_form_page(request, form=form, organization=organization, target=None, save=save)


@login_required
def target_edit(request, pk: int):
    target = _visible_target(request, pk)
    _editable(request, target)

    def save(fields, sectors):
        services.target_update(by=request.user, target=target, fields=fields, sectors=sectors)
        messages.success(request, _("The target %(name)s was saved.") % {"name": fields["name"]})
        if target.organization_id:
            return reverse("site:organization_detail", args=[target.organization_id])
        return reverse("targets:history", args=[target.pk])

    form = TargetForm(request.POST or None, instance=target)
    return _target_form_page(request, form=form, organization=target.organization, target=target, save=save)


@require_POST
def target_delete(request, pk: int):
    target = _visible_target(request, pk)
    _editable(request, target)
    services.target_delete(by=request.user, target=target)
    messages.success(
        request, _("The target %(name)s was deleted. It can be restored from its history.") % {"name": target.name}
    )
    if target.organization_id:
        return redirect("site:organization_detail", pk=target.organization_id)
    return redirect("site:home")


@require_POST
def target_restore(request, pk: int):
    if not request.user.is_authenticated:  # a refusal, not a sign-in: the form is on a page only editors see
        raise refuse(request.user, gettext_noop("restore targets"))
    target = services.target_restore(by=request.user, target_id=pk)
    messages.success(request, _("The target %(name)s was restored.") % {"name": target.name})
    return redirect("targets:history", pk=target.pk)


@login_required
def target_history(request, pk: int):
    """Every change to a target, also after it was deleted, for the people who may read its organization's work."""
    records = Target.history.filter(id=pk)
    last = records.order_by("-history_date", "-history_id").first()
    if last is None:
        raise Http404(_("There is no target %(id)s.") % {"id": pk})
    readable = Organization.objects.readable_by(request.user)
    may_read = request.user.is_superuser or (last.organization_id and readable.filter(pk=last.organization_id).exists())
    if not may_read:
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
