"""The coordinators' edits of their network: what it says about itself, its working groups and obligations."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samverkan.core.cache import bump_generation
from samverkan.core.errors import Invalid
from samverkan.core.permissions import refuse
from samverkan.core.validation import assign, save_validated

from ..models import NETWORK_EDITABLE_FIELDS, OBLIGATION_FIELDS, Network, ReportingObligation, WorkingGroup


def may_coordinate(by, network: Network, action: str) -> None:
    """Refuse (and log) unless the person coordinates the network."""
    if not Network.objects.coordinated_by(by).filter(pk=network.pk).exists():
        raise refuse(by, action, network=network)


def save_by(by, record, reason: str = ""):
    """Validate and save a part of a network, the person (and the reason) in its history."""
    with transaction.atomic():
        return save_validated(record, by=by, reason=reason)


def delete_by(by, record, action: str, reason: str = "") -> None:
    """Delete a part of a network; its history keeps it, and who deleted it."""
    may_coordinate(by, record.network, action)
    record._history_user, record._change_reason = by, reason or None
    with transaction.atomic():
        record.delete()
        bump_generation()  # a public edit: cached figures are computed anew


def network_update(*, by, network: Network, fields: dict, reason: str = "") -> Network:
    """The coordinators change what the network says about itself; every change is kept in its history."""
    may_coordinate(by, network, gettext_noop("edit %(network)s"))
    with transaction.atomic():
        network = Network.objects.select_for_update().get(pk=network.pk)
        assign(network, fields, NETWORK_EDITABLE_FIELDS)
        return save_by(by, network, reason)


def group_save(*, by, network: Network, name: str, name_en: str = "", group: WorkingGroup | None = None):
    """Add a working group, or rename one."""
    may_coordinate(by, network, gettext_noop("change the working groups of %(network)s"))
    if group is not None and group.network_id != network.pk:
        raise Invalid(_("The working group is not in %(network)s.") % {"network": network})
    group = group or WorkingGroup(network=network)
    group.name, group.name_en = (name or "").strip(), (name_en or "").strip()
    return save_by(by, group)


def group_delete(*, by, group: WorkingGroup) -> None:
    delete_by(by, group, gettext_noop("change the working groups of %(network)s"))


def obligation_save(
    *, by, network: Network, fields: dict, obligation: ReportingObligation | None = None
) -> ReportingObligation:
    may_coordinate(by, network, gettext_noop("change the reporting obligations of %(network)s"))
    if obligation is not None and obligation.network_id != network.pk:
        raise Invalid(_("The reporting obligation is not one of %(network)s.") % {"network": network})
    obligation = obligation or ReportingObligation(network=network)
    assign(obligation, fields, OBLIGATION_FIELDS)
    return save_by(by, obligation)


def obligation_delete(*, by, obligation: ReportingObligation) -> None:
    delete_by(by, obligation, gettext_noop("change the reporting obligations of %(network)s"))
