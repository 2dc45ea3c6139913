"""The coordinators' membership criteria: the rules each member's own data is checked against."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samverkan.core.errors import Invalid
from samverkan.core.validation import assign

from ..models import CRITERION_FIELDS, Criterion, Network
from .edits import delete_by, may_coordinate, save_by


def criterion_save(
    *, by, network: Network, fields: dict, criterion: Criterion | None = None, reason: str = ""
) -> Criterion:
    """Add a criterion or change its settings; a rule with N years needs 1 to 50 of them."""
    may_coordinate(by, network, gettext_noop("change the criteria of %(network)s"))
    if criterion is not None and criterion.network_id != network.pk:
        raise Invalid(_("The criterion is not one of %(network)s.") % {"network": network})
    commitment = fields.get("commitment")
    if commitment is not None and commitment.network_id not in (None, network.pk):
        raise Invalid(
            _("%(commitment)s is not a commitment of %(network)s.") % {"commitment": commitment, "network": network}
        )
    criterion = criterion or Criterion(network=network, position=network.criteria.count() + 1)
    assign(criterion, fields, CRITERION_FIELDS)
    return save_by(by, criterion, reason)


def criterion_delete(*, by, criterion: Criterion, reason: str = "") -> None:
    delete_by(by, criterion, gettext_noop("change the criteria of %(network)s"), reason)
