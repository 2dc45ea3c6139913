"""Membership criteria evaluated against each member's own data: met, not met, or unknown.

A rule that needs data Samverkan does not hold yet (action plans, reports to a network)
answers `unknown` with the reason, never a guess. Every result carries a reason in plain
words and a link to its evidence.
"""

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.emissions.models import EmissionValue
from samverkan.emissions.queries import load_releases, resolve_release
from samverkan.places.models import TerritoryKind
from samverkan.targets.models import Target
from samverkan.targets.queries import ProgressUnavailable, commitment_statuses

from .models import Criterion, CriterionKind, Membership

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"


@dataclass(frozen=True)
class CriterionResult:
    criterion_id: int
    criterion: str
    kind: str
    result: str
    reason: str
    evidence: str


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
        name = "places:municipality_detail" if territory.kind == TerritoryKind.MUNICIPALITY else "places:county_detail"
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

    organization_prefix = reverse("places:organization_detail", args=[0]).removesuffix("0/")
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
                        UNKNOWN, _("Applies only to members with the commitment %(c)s.") % {"c": criterion.commitment}
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
                        "release": release.label,
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
            elif kind in (CriterionKind.HAS_ACTION_PLAN, CriterionKind.PLAN_WITHIN_YEARS):
                outcome = result(UNKNOWN, _("Samverkan does not hold action plans yet."))
            elif kind == CriterionKind.REPORTED_LATEST_ROUND:
                outcome = result(UNKNOWN, _("The network has no reporting round in Samverkan yet."))
            elif kind == CriterionKind.MONITORING_EVERY:
                outcome = result(UNKNOWN, _("Samverkan does not hold monitoring reports yet."))
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
