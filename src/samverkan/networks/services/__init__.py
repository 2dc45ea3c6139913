"""Writes for networks and memberships, one module per workflow.

- `imports`: the Covenant of Mayors imports;
- `seed`: the bundled networks, criteria, obligations and self-assessment;
- `assessments`: the self-assessment, answered and scored;
- `applications`: applying to a network, the coordinators' decisions, observers to follow up;
- `edits`: the coordinators' edits of the network, its working groups and reporting obligations;
- `criteria`: the membership criteria;
- `memberships`: memberships recorded and changed by the coordinators.

The public names are re-exported here, so `services.membership_save(...)` keeps working.
"""

from .applications import OBSERVER_YEARS, membership_apply, membership_decide, observers_to_follow_up
from .assessments import AreaScore, assessment_score, assessment_submit
from .criteria import criterion_delete, criterion_save
from .edits import group_delete, group_save, network_update, obligation_delete, obligation_save
from .imports import covenant_import, covenant_import_abroad
from .memberships import membership_save
from .seed import networks_seed

__all__ = [
    "OBSERVER_YEARS",
    "AreaScore",
    "assessment_score",
    "assessment_submit",
    "covenant_import",
    "covenant_import_abroad",
    "criterion_delete",
    "criterion_save",
    "group_delete",
    "group_save",
    "membership_apply",
    "membership_decide",
    "membership_save",
    "network_update",
    "networks_seed",
    "obligation_delete",
    "obligation_save",
    "observers_to_follow_up",
]
