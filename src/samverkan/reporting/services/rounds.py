"""The coordinators open, edit and close their network's reporting rounds."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samverkan.core.errors import Invalid, NotFound
from samverkan.core.permissions import refuse
from samverkan.core.validation import assign, save_validated
from samverkan.emissions.queries import resolve_release
from samverkan.networks.models import MembershipRole, Network

from ..frameworks import FRAMEWORKS
from ..models import ReportingRound, RoundStatus
from . import events

ROUND_FIELDS = ("framework", "year", "title", "opens_on", "deadline", "roles", "commitment", "public")


def may_coordinate(by, network: Network, action: str) -> None:
    """Refuse (403, logged) unless the person coordinates this network."""
    if not Network.objects.coordinated_by(by).filter(pk=network.pk).exists():
        raise refuse(by, action, network=network)


def _last_inventory_year() -> int | None:
    """The last year of the default emission release, which fills the drafts; None before any is loaded."""
    try:
        release, _summary = resolve_release(None)
    except NotFound:
        return None
    return release.last_year


def _check(network: Network, record: ReportingRound) -> None:
    framework = FRAMEWORKS.get(record.framework)
    if framework is None:
        raise Invalid(
            _("There is no report framework %(framework)s; the frameworks are %(known)s.")
            % {"framework": record.framework, "known": ", ".join(sorted(FRAMEWORKS)) or "–"}
        )
    if network.slug not in framework.networks:
        raise Invalid(
            _("%(network)s does not use the framework %(framework)s.")
            % {"network": network, "framework": framework.name}
        )
    if record.opens_on and record.deadline and record.deadline < record.opens_on:
        raise Invalid(
            _("The deadline %(deadline)s comes before the opening date %(opens)s.")
            % {"deadline": record.deadline.isoformat(), "opens": record.opens_on.isoformat()}
        )
    covered = _last_inventory_year()
    if covered is not None and record.year and record.year > covered:
        raise Invalid(
            _(
                "The official inventory covers the years up to %(last)s: a round can report on %(last)s at the "
                "latest, so that its drafts are filled from it (not %(year)s)."
            )
            % {"last": covered, "year": record.year}
        )
    roles = record.roles
    if not isinstance(roles, list) or not roles:
        raise Invalid(_("Choose at least one role that must report."))
    unknown = sorted({str(role) for role in roles} - set(MembershipRole.values))
    if unknown:
        raise Invalid(_("There is no membership role %(roles)s.") % {"roles": ", ".join(unknown)})
    record.roles = [role for role in MembershipRole.values if role in roles]
    commitment = record.commitment
    if commitment is not None and commitment.network_id not in (None, network.pk):
        raise Invalid(
            _("%(commitment)s is not a commitment of %(network)s.") % {"commitment": commitment, "network": network}
        )


def round_save(*, by, network: Network, fields: dict, round: ReportingRound | None = None) -> ReportingRound:
    """Open a round (no `round`) or change one; the framework must be one the network uses."""
    may_coordinate(by, network, gettext_noop("manage the reporting rounds of %(network)s"))
    if round is not None and round.network_id != network.pk:
        raise Invalid(_("The reporting round is not one of %(network)s.") % {"network": network})
    opening = round is None
    with transaction.atomic():
        if opening:
            round = ReportingRound(network=network)
        else:
            round = ReportingRound.objects.select_for_update().get(pk=round.pk)
            if round.framework != fields.get("framework", round.framework) and round.submissions.exists():
                raise Invalid(_("The framework cannot change once members have started their reports."))
        assign(round, fields, ROUND_FIELDS)
        _check(network, round)
        save_validated(round, by=by)
        if opening:
            events.announce(events.ROUND_OPENED, round=round, by=by)
    return round


def round_close(*, by, round: ReportingRound) -> ReportingRound:
    """Close a round: no new drafts or submissions; what was submitted can still be decided."""
    may_coordinate(by, round.network, gettext_noop("manage the reporting rounds of %(network)s"))
    with transaction.atomic():
        round = ReportingRound.objects.select_for_update().get(pk=round.pk)
        if round.status != RoundStatus.CLOSED:
            round.status = RoundStatus.CLOSED
            save_validated(round, by=by)
            events.announce(events.ROUND_CLOSED, round=round, by=by)
    return round
