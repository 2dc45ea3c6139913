"""Membership criteria evaluated against each member's own data: met, not met, unknown, or does not apply.

A criterion for a commitment the member has not taken does not apply to it. A rule that needs data Samverkan does
not hold yet answers `unknown` with the reason, never a guess. The rules on reporting read the accepted submissions
of the network's reporting rounds (through `network.reporting_rounds`: reporting sits above networks). Every
result carries a reason in plain words and a link to its evidence.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.actions.models import ActionPlan
from samverkan.emissions.models import EmissionValue
from samverkan.emissions.queries import load_releases, resolve_release
from samverkan.places.models import TerritoryKind
from samverkan.targets.models import Target
from samverkan.targets.queries import ProgressUnavailable, commitment_statuses

from .models import Criterion, CriterionKind, Membership, Network


class Verdict(models.TextChoices):
    """A criterion's result for one member, with its name on the pages."""

    MET = "met", gettext_lazy("met")
    NOT_MET = "not_met", gettext_lazy("not met")
    UNKNOWN = "unknown", gettext_lazy("unknown")
    NOT_APPLICABLE = "not_applicable", gettext_lazy("does not apply")

    @property
    def symbol(self) -> str:
        """The sign beside the word in the matrix: ✓ met, ✗ not met, ? unknown, – does not apply."""
        return {"met": "✓", "not_met": "✗", "unknown": "?"}.get(self.value, "–")


MET, NOT_MET, UNKNOWN = Verdict.MET.value, Verdict.NOT_MET.value, Verdict.UNKNOWN.value
NOT_APPLICABLE = Verdict.NOT_APPLICABLE.value


@dataclass(frozen=True)
class CriterionResult:
    criterion_id: int
    criterion: str
    kind: str
    result: str
    reason: str
    evidence: str

    @property
    def label(self) -> str:
        return Verdict(self.result).label

    @property
    def symbol(self) -> str:
        return Verdict(self.result).symbol


def _territory(membership: Membership):
    territory = membership.organization.territory
    return (
        territory
        if territory is not None and territory.kind in (TerritoryKind.MUNICIPALITY, TerritoryKind.COUNTY)
        else None
    )


def _place_url(territory) -> str:
    # A path pattern, not reverse() per member and criterion: evaluating the Covenant's 69 took 30 ms in reverse().
    pattern = _PLACE_PATTERNS.get(territory.kind)
    if pattern is None:
        name = "site:municipality_detail" if territory.kind == TerritoryKind.MUNICIPALITY else "site:county_detail"
        pattern = _PLACE_PATTERNS[territory.kind] = reverse(name, args=["CODE"])
    return pattern.replace("CODE", territory.code)


_PLACE_PATTERNS: dict[str, str] = {}


def evaluate(criteria: list[Criterion], memberships: list[Membership], *, today: dt.date | None = None) -> dict:
    """Each membership's result on each criterion: {membership id: [CriterionResult, ...]}."""
    today = today or dt.date.today()
    results: dict[int, list[CriterionResult]] = {m.pk: [] for m in memberships}
    if not criteria or not memberships:
        return results
    kinds = {c.kind for c in criteria}

    inventory_years: dict[int, int] = {}
    release = None
    if CriterionKind.INVENTORY_RECENT in kinds:
        loaded = load_releases()
        if loaded:
            release, _summary = resolve_release(None, loaded)
            territory_ids = {t.pk for m in memberships if (t := _territory(m))}
            for territory_id in (
                EmissionValue.objects.filter(release=release, territory_id__in=territory_ids)
                .values_list("territory_id", flat=True)
                .distinct()
            ):
                inventory_years[territory_id] = release.last_year

    own_targets: set[int] = set()
    if CriterionKind.HAS_TARGET in kinds:
        own_targets = set(
            Target.objects.filter(organization_id__in=[m.organization_id for m in memberships], published=True)
            .values_list("organization_id", flat=True)
            .distinct()
        )

    held = {m.pk: {c.slug: c for c in m.commitments.all()} for m in memberships}
    commitments_with_targets: set[int] = set()
    if CriterionKind.HAS_TARGET in kinds:  # one query for all members, not one per commitment held
        commitments_with_targets = set(
            Target.objects.filter(commitment__isnull=False, published=True).values_list("commitment_id", flat=True)
        )
    plans: dict[int, list] = {}
    if kinds & {CriterionKind.HAS_ACTION_PLAN, CriterionKind.PLAN_WITHIN_YEARS}:
        for plan in ActionPlan.objects.filter(
            organization_id__in=[m.organization_id for m in memberships], is_example=False
        ).order_by("-adopted_year"):
            plans.setdefault(plan.organization_id, []).append(plan)

    trend: dict[tuple[str, str], str] = {}
    trend_problem = ""
    if CriterionKind.TREND_MEETS_COMMITMENT in kinds:
        holdings: dict[str, set[str]] = {}
        for m in memberships:
            territory = _territory(m)
            if territory is not None and territory.kind == TerritoryKind.MUNICIPALITY and held[m.pk]:
                holdings.setdefault(territory.code, set()).update(held[m.pk])
        try:
            trend = commitment_statuses(holdings)
        except ProgressUnavailable as error:
            trend_problem = error.message

    rounds: dict[int, list[_Round]] = {}
    if kinds & {CriterionKind.REPORTED_LATEST_ROUND, CriterionKind.MONITORING_EVERY}:
        rounds = _rounds({m.network_id for m in memberships}, today)

    organization_prefix = reverse("site:organization_detail", args=[0]).removesuffix("0/")
    for membership in memberships:
        territory = _territory(membership)
        organization_url = f"{organization_prefix}{membership.organization_id}/"
        for criterion in criteria:
            name = criterion.display_name

            def result(outcome: str, reason: str, evidence: str = "", criterion=criterion, name=name):
                return CriterionResult(criterion.pk, name, criterion.kind, outcome, reason, evidence)

            if criterion.commitment_id and criterion.commitment.slug not in held[membership.pk]:
                results[membership.pk].append(
                    result(
                        NOT_APPLICABLE,
                        _("Applies only to members with the commitment %(c)s.") % {"c": criterion.commitment},
                    )
                )
                continue
            kind = criterion.kind
            if kind == CriterionKind.INVENTORY_RECENT:
                if territory is None:
                    outcome = result(UNKNOWN, _("The organization is not tied to a municipality or county."))
                elif territory.pk not in inventory_years:
                    outcome = result(UNKNOWN, _("Samverkan holds no emission inventory for this place."))
                else:
                    year = inventory_years[territory.pk]
                    reason = _(
                        "The official inventory (%(release)s) covers %(year)s; the rule asks for %(first)s or later."
                    ) % {
                        "release": release.display_label,
                        "year": year,
                        "first": today.year - criterion.years,
                    }
                    outcome = result(
                        MET if year >= today.year - criterion.years else NOT_MET, reason, _place_url(territory)
                    )
            elif kind == CriterionKind.HAS_TARGET:
                if membership.organization_id in own_targets:
                    outcome = result(
                        MET, _("The organization has published its own emission target."), organization_url
                    )
                elif any(c.pk in commitments_with_targets for c in held[membership.pk].values()):
                    names = ", ".join(str(c) for c in held[membership.pk].values())
                    outcome = result(
                        MET, _("Committed to emission targets through %(names)s.") % {"names": names}, organization_url
                    )
                else:
                    outcome = result(UNKNOWN, _("No emission target of the organization is recorded in Samverkan."))
            elif kind == CriterionKind.HAS_ACTION_PLAN:
                outcome = _plan_recent(result, plans.get(membership.organization_id), criterion.years, today)
            elif kind == CriterionKind.PLAN_WITHIN_YEARS:
                outcome = _plan_within(result, plans.get(membership.organization_id), criterion.years, membership)
            elif kind in (CriterionKind.REPORTED_LATEST_ROUND, CriterionKind.MONITORING_EVERY):
                asked = [r for r in rounds.get(membership.network_id, []) if r.asks(membership, held[membership.pk])]
                if kind == CriterionKind.REPORTED_LATEST_ROUND:
                    outcome = _latest_round(result, asked, membership.organization_id, today)
                else:
                    outcome = _monitoring(result, asked, membership.organization_id, criterion.years, today)
            else:  # the trend meets the commitments taken
                slugs = sorted(held[membership.pk])
                if not slugs:
                    outcome = result(UNKNOWN, _("The member has taken no commitment with an emission target."))
                elif territory is None or territory.kind != TerritoryKind.MUNICIPALITY:
                    outcome = result(UNKNOWN, _("The trend is computed for municipalities only."))
                elif trend_problem:
                    outcome = result(UNKNOWN, trend_problem)
                else:
                    found = [trend.get((territory.code, slug), UNKNOWN) for slug in slugs]
                    evidence = _place_url(territory) + "#progress-heading"
                    if NOT_MET in found:
                        missed = [
                            str(held[membership.pk][s]) for s, f in zip(slugs, found, strict=True) if f == NOT_MET
                        ]
                        outcome = result(
                            NOT_MET, _("Off track for %(names)s.") % {"names": ", ".join(missed)}, evidence
                        )
                    elif UNKNOWN in found:
                        outcome = result(UNKNOWN, _("A commitment's base year is missing from the release."), evidence)
                    else:
                        outcome = result(MET, _("On track or achieved for every commitment taken."), evidence)
            results[membership.pk].append(outcome)
    return results


def _plan_url(plan) -> str:
    return reverse("actions:plan", args=[plan.pk])


def _plan_recent(result, plans, years: int, today: dt.date):
    """An adopted plan no older than N years: met; older, or a survey that found none: not met; else unknown."""
    if not plans:
        return result(UNKNOWN, _("No action plan of the organization is recorded in Samverkan."))
    adopted = [p for p in plans if p.status in ("adopted", "replaced") and p.adopted_year]
    current = [p for p in plans if p.status == "adopted"]
    first = today.year - years
    if adopted and max(p.adopted_year for p in adopted) >= first:
        plan = max(adopted, key=lambda p: p.adopted_year)
        reason = _("%(title)s, adopted %(year)s; the rule asks for %(first)s or later.") % {
            "title": plan.title,
            "year": plan.adopted_year,
            "first": first,
        }
        return result(MET, reason, _plan_url(plan))
    if adopted:
        plan = max(adopted, key=lambda p: p.adopted_year)
        reason = _("The latest plan, %(title)s, was adopted %(year)s; the rule asks for %(first)s or later.") % {
            "title": plan.title,
            "year": plan.adopted_year,
            "first": first,
        }
        return result(NOT_MET, reason, _plan_url(plan))
    if current:
        return result(UNKNOWN, _("The year the current plan was adopted is not known."), _plan_url(current[0]))
    missing = next((p for p in plans if p.status == "not_found"), None)
    if missing is not None:
        return result(
            NOT_MET,
            _("The survey found no climate plan (%(source)s).") % {"source": missing.source},
            _plan_url(missing),
        )
    return result(UNKNOWN, _("The organization's plan is a draft."))


def _plan_within(result, plans, years: int, membership):
    """A plan adopted within N years of joining: met; without one on record the answer stays unknown.

    Samverkan holds the current plan, so a later one does not show that none came in time.
    """
    if membership.since is None:
        return result(UNKNOWN, _("The date the organization joined is not known."))
    adopted = [p for p in plans or [] if p.status in ("adopted", "replaced") and p.adopted_year]
    in_time = [p for p in adopted if membership.since.year <= p.adopted_year <= membership.since.year + years]
    if in_time:
        plan = min(in_time, key=lambda p: p.adopted_year)
        reason = _("%(title)s, adopted %(year)s, within %(years)s years of joining in %(joined)s.") % {
            "title": plan.title,
            "year": plan.adopted_year,
            "years": years,
            "joined": membership.since.year,
        }
        return result(MET, reason, _plan_url(plan))
    return result(
        UNKNOWN, _("No plan adopted within %(years)s years of joining is recorded in Samverkan.") % {"years": years}
    )


@dataclass
class _Round:
    """A reporting round of a network that has opened, with each organization's state in it."""

    title: str
    year: int
    deadline: dt.date
    roles: list
    commitment_id: int | None
    states: dict

    def asks(self, membership, held: dict) -> bool:
        if membership.role not in (self.roles or []):
            return False
        return self.commitment_id is None or any(c.pk == self.commitment_id for c in held.values())


def _rounds(network_ids: set[int], today: dt.date) -> dict[int, list[_Round]]:
    """The networks' rounds opened by today, latest deadline first, with every submission's state: one query."""
    prefix = "reporting_rounds__"
    fields = ("pk", "title", "year", "deadline", "roles", "commitment_id", "opens_on")
    rows = (
        Network.objects.filter(pk__in=network_ids, reporting_rounds__opens_on__lte=today)
        .values_list(
            *(prefix + name for name in fields),
            "pk",
            f"{prefix}submissions__organization_id",
            f"{prefix}submissions__state",
        )
        .order_by(f"-{prefix}deadline", f"-{prefix}pk")
    )
    found: dict[int, dict[int, _Round]] = {}
    for round_id, title, year, deadline, roles, commitment_id, _opens, network_id, organization_id, state in rows:
        reported = found.setdefault(network_id, {}).setdefault(
            round_id, _Round(title, year, deadline, roles, commitment_id, {})
        )
        if organization_id is not None:
            reported.states[organization_id] = state
    return {network_id: list(by_id.values()) for network_id, by_id in found.items()}


def _latest_round(result, asked: list[_Round], organization_id: int, today: dt.date):
    """The latest round that asks the member: its report accepted, met; missing after the deadline, not met."""
    if not asked:
        return result(UNKNOWN, _("The network has no reporting round for this member in Samverkan yet."))
    latest = asked[0]
    state = latest.states.get(organization_id)
    params = {"round": latest.title, "deadline": latest.deadline.isoformat()}
    if state == "accepted":
        return result(MET, _("The report in %(round)s was accepted.") % params)
    if latest.deadline < today:
        return result(NOT_MET, _("No accepted report in %(round)s, due %(deadline)s.") % params)
    return result(UNKNOWN, _("%(round)s is open until %(deadline)s; no report is accepted yet.") % params)


def _monitoring(result, asked: list[_Round], organization_id: int, years: int, today: dt.date):
    """An accepted report on a year no older than N years: met; none while a round was due: not met."""
    accepted = [r.year for r in asked if r.states.get(organization_id) == "accepted"]
    first = today.year - years
    if accepted and max(accepted) >= first:
        return result(
            MET,
            _("An accepted report on %(year)s; the rule asks for %(first)s or later.")
            % {"year": max(accepted), "first": first},
        )
    if any(r.deadline < today for r in asked):
        if accepted:
            return result(
                NOT_MET,
                _("The latest accepted report is on %(year)s; the rule asks for %(first)s or later.")
                % {"year": max(accepted), "first": first},
            )
        return result(NOT_MET, _("No accepted report, though a reporting round was due."))
    return result(UNKNOWN, _("The network has no reporting round due for this member in Samverkan yet."))
