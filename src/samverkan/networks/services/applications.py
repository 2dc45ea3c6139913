"""Applying to a network and the coordinators' decisions: member, observer until a date, or declined."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samverkan.core.errors import Invalid
from samverkan.core.permissions import refuse
from samverkan.core.validation import save_validated
from samverkan.places.models import Organization

from ..models import AssessmentAnswerSet, Decision, Membership, MembershipRole, MembershipStatus, Network
from . import mail

OBSERVER_YEARS = 1


def membership_apply(
    *, by, organization: Organization, network: Network, note: str = "", assessment: AssessmentAnswerSet | None = None
) -> Membership:
    """An organization's editor applies to join a network, optionally attaching a self-assessment."""

    if not Organization.objects.editable_by(by).filter(pk=organization.pk).exists():
        raise refuse(by, gettext_noop("apply for %(place)s"), place=organization)
    if len(note) > 5000:
        raise Invalid(_("The application is longer than 5 000 characters."))
    if assessment is not None and (
        assessment.organization_id != organization.pk or assessment.network_id != network.pk
    ):
        raise Invalid(_("The self-assessment attached is not this organization's for this network."))
    with transaction.atomic():
        existing = (
            Membership.objects.select_for_update()
            .filter(organization=organization, network=network, status__in=MembershipStatus.open())
            .first()
        )
        if existing is not None:
            raise Invalid(
                _("%(place)s already has a membership in %(network)s (%(status)s); it cannot apply again.")
                % {"place": organization, "network": network, "status": existing.get_status_display()}
            )
        membership, _created = Membership.objects.update_or_create(
            organization=organization,
            network=network,
            role=MembershipRole.MEMBER,
            defaults={
                "status": MembershipStatus.APPLIED,
                "since": None,
                "until": None,
                "application_note": note,
                "assessment": assessment,
                "decided_by": None,
                "decided_at": None,
                "decision_reason": "",
                "source": _("Application in Samverkan"),
            },
        )
        membership._history_user = by
        mail.application_received(membership)
    return membership


def membership_decide(
    *, by, membership: Membership, decision: str, observer_until=None, reason: str = "", today=None, change: str = ""
) -> Membership:
    """The network's coordinators approve an application (as member, or observer until a date) or decline it.

    `reason` is the decision's reason, shown to the organization; `change` the history's (an API token's name).
    """

    if not Network.objects.coordinated_by(by).filter(pk=membership.network_id).exists():
        raise refuse(by, gettext_noop("decide applications to %(network)s"), network=membership.network)
    if membership.status != MembershipStatus.APPLIED:
        raise Invalid(
            _("Only an open application can be decided; this one is %(status)s.")
            % {"status": membership.get_status_display()}
        )
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    if len(reason) > 5000:
        raise Invalid(_("The reason is longer than 5 000 characters."))
    with transaction.atomic():
        if decision == Decision.MEMBER:
            membership.status, membership.since, membership.since_precision = MembershipStatus.ACTIVE, today, "day"
        elif decision == Decision.OBSERVER:
            until = observer_until or _years_later(today, OBSERVER_YEARS)
            if isinstance(until, str):
                try:
                    until = dt.date.fromisoformat(until)
                except ValueError:
                    raise Invalid(_("%(value)s is not a date such as 2027-06-30.") % {"value": until[:20]}) from None
            if until <= today:
                raise Invalid(
                    _("An observer period must end after it starts (%(today)s).") % {"today": today.isoformat()}
                )
            membership.status, membership.role = MembershipStatus.OBSERVER, MembershipRole.OBSERVER
            membership.since, membership.since_precision, membership.until = today, "day", until
        elif decision == Decision.DECLINE:
            if not reason:
                raise Invalid(_("Give the reason for declining; the organization sees it."))
            membership.status = MembershipStatus.DECLINED
        else:
            raise Invalid(
                _("%(decision)s is not a decision: member, observer or decline.") % {"decision": decision[:20]}
            )
        membership.decided_by, membership.decided_at, membership.decision_reason = by, timezone.now(), reason
        save_validated(membership, by=by, reason=change)
        mail.application_decided(membership)
    return membership


def _years_later(day, years: int):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def observers_to_follow_up(network: Network, *, today=None, within_days: int = 30) -> list[Membership]:
    """Observers whose period ends within the coming days, or has ended: the coordinators follow them up."""

    today = today or timezone.localdate()
    return list(
        network.memberships.filter(status=MembershipStatus.OBSERVER, until__lte=today + dt.timedelta(days=within_days))
        .select_related("organization")
        .order_by("until")
    )
