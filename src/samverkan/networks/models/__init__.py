"""Networks: the associations, commitments and collaborations through which municipalities work together."""

from .assessments import AssessmentAnswer, AssessmentAnswerSet, AssessmentArea, AssessmentQuestion, Evidence
from .criteria import CRITERION_FIELDS, YEAR_RULES, Criterion, CriterionKind
from .memberships import (
    MEMBERSHIP_FIELDS,
    MEMBERSHIP_HISTORY,
    DatePrecision,
    Decision,
    Membership,
    MembershipQuerySet,
    MembershipRole,
    MembershipStatus,
    counted_condition,
    in_force_condition,
)
from .networks import (
    NETWORK_EDITABLE_FIELDS,
    OBLIGATION_FIELDS,
    Network,
    NetworkKind,
    NetworkQuerySet,
    ReportingObligation,
    WorkingGroup,
)

__all__ = [
    "CRITERION_FIELDS",
    "MEMBERSHIP_FIELDS",
    "MEMBERSHIP_HISTORY",
    "NETWORK_EDITABLE_FIELDS",
    "OBLIGATION_FIELDS",
    "YEAR_RULES",
    "AssessmentAnswer",
    "AssessmentAnswerSet",
    "AssessmentArea",
    "AssessmentQuestion",
    "Criterion",
    "CriterionKind",
    "DatePrecision",
    "Decision",
    "Evidence",
    "Membership",
    "MembershipQuerySet",
    "MembershipRole",
    "MembershipStatus",
    "Network",
    "NetworkKind",
    "NetworkQuerySet",
    "ReportingObligation",
    "WorkingGroup",
    "counted_condition",
    "in_force_condition",
]
