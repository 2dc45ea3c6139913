"""The coordinators' pages: the network's reporting rounds, the round form, closing a round, the follow-up."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from samverkan.core.errors import DomainError, NotFound
from samverkan.core.permissions import refuse
from samverkan.networks.models import Network
from samverkan.networks.queries import network_or_404

from .. import services
from ..forms import RoundForm
from ..frameworks import FRAMEWORKS
from ..queries import follow_up, rounds_of, state_label


def coordinator_network(request, slug: str) -> Network:
    network = network_or_404(slug)
    if not Network.objects.coordinated_by(request.user).filter(pk=network.pk).exists():
        raise refuse(request.user, gettext_noop("manage the reporting rounds of %(network)s"), network=network)
    return network


def _round_of(network, pk: int):
    found = rounds_of(network).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("There is no such reporting round in %(network)s.") % {"network": network})
    return found


@login_required
def round_list(request, slug: str):
    network = coordinator_network(request, slug)
    rounds = list(rounds_of(network).prefetch_related("submissions"))
    for round in rounds:
        framework = FRAMEWORKS.get(round.framework)
        round.framework_name = framework.name if framework else round.framework
        round.counts = {}
        for submission in round.submissions.all():
            round.counts[submission.state] = round.counts.get(submission.state, 0) + 1
    return render(request, "reporting/rounds.html", {"network": network, "rounds": rounds})


@login_required
def round_edit(request, slug: str, pk: int | None = None):
    network = coordinator_network(request, slug)
    round = _round_of(network, pk) if pk is not None else None
    form = RoundForm(request.POST or None, instance=round, network=network)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in services.ROUND_FIELDS}
            try:
                saved = services.round_save(by=request.user, network=network, round=round, fields=fields)
            except DomainError as error:
                if error.status != 422:
                    raise
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Saved."))
                return redirect("reporting:rounds", slug) if round else redirect("reporting:round_edit", slug, saved.pk)
    title = _("Edit the round") if round else _("Open a round")
    return render(
        request,
        "reporting/round_form.html",
        {"network": network, "form": form, "round": round, "title": title},
        status=status,
    )


@login_required
@require_POST
def round_close(request, slug: str, pk: int):
    network = coordinator_network(request, slug)
    services.round_close(by=request.user, round=_round_of(network, pk))
    messages.success(request, _("The round is closed."))
    return redirect(reverse("reporting:rounds", args=[slug]))


@login_required
def follow_up_page(request, slug: str):
    """Members × rounds: each report's state and lateness (a constant number of queries)."""
    network = coordinator_network(request, slug)
    today = timezone.localdate()
    rounds, rows = follow_up(network, today=today)
    for row in rows:
        for cell in row.cells:
            cell.label = state_label(cell.state)
    context = {"network": network, "rounds": rounds, "rows": rows, "today": today}
    return render(request, "reporting/follow_up.html", {**context, "own_dates": any(row.due for row in rows)})
