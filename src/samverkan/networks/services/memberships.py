"""The coordinators record memberships and change them: role, status, dates, groups and commitments."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samverkan.core.errors import Invalid
from samverkan.core.validation import assign, validated
from samverkan.places.models import Organization

from ..models import MEMBERSHIP_FIELDS, Membership, Network
from .edits import may_coordinate


def membership_save(
    *,
    by,
    network: Network,
    fields: dict,
    groups=None,
    commitments=None,
    membership: Membership | None = None,
    organization: Organization | None = None,
    reason: str = "",
) -> Membership:
    """Record a membership or change one: role, status, dates, representative, groups and commitments.

    A membership that ends before it starts, a group of another network or a commitment of another
    network is refused with nothing changed.
    """
    may_coordinate(by, network, gettext_noop("change the memberships of %(network)s"))
    if membership is None:
        if organization is None:
            raise Invalid(_("Choose the organization the membership is for."))
        membership = Membership(organization=organization, network=network, source=_("Recorded in Samverkan"))
    elif membership.network_id != network.pk:
        raise Invalid(_("The membership is not in %(network)s.") % {"network": network})
    if groups is not None and any(g.network_id != network.pk for g in groups):
        raise Invalid(_("A working group chosen is not one of %(network)s.") % {"network": network})
    if commitments is not None and any(c.network_id not in (None, network.pk) for c in commitments):
        raise Invalid(_("A commitment chosen is not one of %(network)s.") % {"network": network})
    assign(membership, fields, MEMBERSHIP_FIELDS)
    with transaction.atomic():
        validated(membership, exclude=["assessment", "decided_by"])  # one membership per role: a constraint
        membership._history_user, membership._change_reason = by, reason or None
        membership.save_with_relations(groups=groups, commitments=commitments)
    return membership
