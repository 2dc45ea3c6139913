"""Reads of the reporting loop: a report's items, who must report, the diff, the coordinator's follow-up."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.core.errors import NotFound
from samverkan.networks.models import Membership, MembershipRole, Network
from samverkan.networks.queries import coordinator_county
from samverkan.places.models import Organization

from .frameworks import FRAMEWORKS
from .models import ReportingRound, Submission, SubmissionState, SubmissionVersion, VersionDecision

NOT_STARTED = "not_started"


def items_of(content: dict) -> list[dict]:
    """Every item of a report's content, in its sections' order."""
    return [item for section in content.get("sections", []) for item in section.get("items", [])]


def required_memberships(memberships, round: ReportingRound):
    """The memberships (of the round's network) asked to report: in force, of a role the round names, and with its
    commitment when it names one."""
    found = memberships.in_force().filter(role__in=round.roles)
    if round.commitment_id:
        found = found.filter(commitments=round.commitment_id)
    return found.distinct()


def round_or_404(pk: int) -> ReportingRound:
    found = ReportingRound.objects.select_related("network", "commitment").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("There is no reporting round %(id)s.") % {"id": pk})
    return found


def submission_or_404(pk: int) -> Submission:
    found = Submission.objects.select_related("round", "round__network", "organization").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("There is no submission %(id)s.") % {"id": pk})
    return found


def rounds_of(network: Network):
    return network.reporting_rounds.select_related("commitment").order_by("-deadline", "-id")


def _same(a, b) -> bool:
    """Equal values, an empty text and no value being the same."""
    return (a in (None, "") and b in (None, "")) or a == b


def changed_keys(submission: Submission) -> set[str]:
    """The items whose value or rationale differs from what the framework filled."""
    filled = {item["key"]: item for item in items_of(submission.filled)}
    return {
        item["key"]
        for item in items_of(submission.content)
        if item["key"] not in filled
        or not _same(item.get("value"), filled[item["key"]].get("value"))
        or not _same(item.get("rationale"), filled[item["key"]].get("rationale"))
    }


@dataclass(frozen=True)
class Change:
    key: str
    label: str
    before: object
    after: object


def diff(before: dict | None, after: dict) -> list[Change]:
    """Per item, what changed from one content to another (value or rationale): before and after."""
    old = {item["key"]: item for item in items_of(before or {})}
    changes = []
    keys_after = set()
    for item in items_of(after):
        keys_after.add(item["key"])
        previous = old.get(item["key"], {})
        for part in ("value", "rationale"):
            if not _same(previous.get(part), item.get(part)):
                label = item.get("label") or item["key"]
                if part == "rationale":
                    label = _("%(item)s (rationale)") % {"item": label}
                changes.append(Change(item["key"], label, previous.get(part), item.get(part)))
    for key, item in old.items():
        if key not in keys_after:
            changes.append(Change(key, item.get("label") or key, item.get("value"), None))
    return changes


def previous_accepted(submission: Submission) -> SubmissionVersion | None:
    """The accepted version of the same organization's report in the same framework's previous round."""
    return (
        SubmissionVersion.objects.filter(
            decision=VersionDecision.ACCEPTED,
            submission__organization_id=submission.organization_id,
            submission__round__framework=submission.round.framework,
            submission__round__deadline__lt=submission.round.deadline,
        )
        .order_by("-submission__round__deadline", "-number")
        .first()
    )


def versions_with_diffs(submission: Submission) -> list[tuple[SubmissionVersion, list[Change]]]:
    """Each version, newest first, with what changed from the version before it."""
    versions = list(submission.versions.select_related("submitted_by", "decided_by").order_by("number"))
    paired, before = [], None
    for version in versions:
        paired.append((version, diff(before.content if before else None, version.content) if before else []))
        before = version
    return list(reversed(paired))


@dataclass
class Cell:
    round: ReportingRound
    state: str  # NOT_STARTED, a SubmissionState, or "" when the member is not asked to report
    submission_id: int | None = None
    late_days: int = 0


@dataclass
class FollowUpRow:
    membership: Membership
    cells: list[Cell] = field(default_factory=list)
    # The member's own due dates (the Covenant's from its adhesion), each with `passed` when it lies behind today.
    due: list[dict] = field(default_factory=list)


def own_deadlines(network: Network, membership: Membership, today: dt.date) -> list[dict]:
    """The member's own due dates under each framework its network uses (no query: from the membership's dates)."""
    found = []
    for framework in FRAMEWORKS.values():
        if network.slug in framework.networks and framework.deadlines is not None:
            for deadline in framework.deadlines(membership, today):
                found.append({**deadline, "passed": deadline["due"] < today.isoformat()})
    return found


def follow_up(
    network: Network, *, today: dt.date | None = None, memberships: list[Membership] | None = None
) -> tuple[list[ReportingRound], list[FollowUpRow]]:
    """Members × rounds: each report's state and how many days late it is (4 queries, however many members).

    `memberships`: only these of the network's (read with their organization and commitments), as a regional
    coordinator's page shows its municipalities; two queries then.
    """
    today = today or timezone.localdate()
    rounds = list(rounds_of(network))
    found = Submission.objects.filter(round__network=network)
    if memberships is not None:
        found = found.filter(organization_id__in=[m.organization_id for m in memberships])
    else:
        memberships = list(
            network.memberships.listed()
            .select_related("organization")
            .prefetch_related("commitments")
            .order_by("organization__name", "role")
        )
    submissions = {
        (s.round_id, s.organization_id): s
        for s in found.annotate(first_submitted=Min("versions__submitted_at")).only(
            "id", "round_id", "organization_id", "state"
        )
    }
    rows = []
    for membership in memberships:
        commitments = {c.pk for c in membership.commitments.all()}
        row = FollowUpRow(membership, due=own_deadlines(network, membership, today))
        for round in rounds:
            asked = membership.role in round.roles and (not round.commitment_id or round.commitment_id in commitments)
            submission = submissions.get((round.pk, membership.organization_id))
            if not asked and submission is None:
                row.cells.append(Cell(round, ""))
                continue
            state = submission.state if submission else NOT_STARTED
            if submission is not None and submission.first_submitted is not None:
                done = timezone.localdate(submission.first_submitted)
            else:
                done = today
            late = (done - round.deadline).days
            row.cells.append(Cell(round, state, submission.pk if submission else None, max(late, 0)))
        rows.append(row)
    return rounds, rows


def state_label(state: str) -> str:
    if state == NOT_STARTED:
        return _("not started")
    if state == "":
        return _("not asked")
    return SubmissionState(state).label


def published_q() -> Q:
    """Accepted reports, which a network that publishes them shows to everyone."""
    return Q(state=SubmissionState.ACCEPTED)


def open_rounds_for(organization) -> list[ReportingRound]:
    """The open rounds of the organization's networks that ask it to report, each with its `submission` (or None)."""
    memberships = list(organization.memberships.in_force().prefetch_related("commitments"))
    found = []
    rounds = ReportingRound.objects.filter(
        network_id__in={m.network_id for m in memberships}, status="open"
    ).select_related("network")
    submissions = {s.round_id: s for s in organization.report_submissions.all()}
    for round in rounds.order_by("deadline", "id"):
        asked = any(
            m.network_id == round.network_id
            and m.role in round.roles
            and (not round.commitment_id or any(c.pk == round.commitment_id for c in m.commitments.all()))
            for m in memberships
        )
        if asked or round.pk in submissions:
            round.submission = submissions.get(round.pk)
            found.append(round)
    return found


def published_reports(network: Network) -> list[Submission]:
    """The accepted reports of the network's rounds that publish them, each with its accepted version's date."""
    return list(
        Submission.objects.filter(published_q(), round__network=network, round__public=True)
        .select_related("round", "organization")
        .annotate(accepted_at=Max("versions__decided_at", filter=Q(versions__decision=VersionDecision.ACCEPTED)))
        .order_by("-round__deadline", "round_id", "organization__name")
    )


def regional_coordinator_of(user, submission) -> bool:
    """The person belongs to an organization that coordinates the network for the county of the reporting
    municipality (Region Norrbotten for its Covenant municipalities): it reads their submitted reports, not drafts."""
    territory = submission.organization.territory
    if not user.is_authenticated or territory is None or territory.parent_id is None:
        return False
    coordinating = submission.round.network.memberships.in_force().filter(
        role=MembershipRole.COORDINATOR, organization__in=Organization.objects.readable_by(user)
    )
    return any(
        (county := coordinator_county(m.organization)) is not None and county.pk == territory.parent_id
        for m in coordinating.select_related("organization__territory__parent")
    )
