"""Reads for action plans and the action library, shared by pages and API."""

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from samverkan.core.cache import TIMEOUT, data_key
from samverkan.core.errors import DomainError, Invalid, NotFound
from samverkan.core.plausible import ratio
from samverkan.indicators.queries import TerritoryValue, territory_values
from samverkan.places.models import Organization, OrganizationKind, PopulationValue, TerritoryKind
from samverkan.places.queries import municipal_authority_or_404
from samverkan.targets.models import Target
from samverkan.targets.queries import held_commitments, main_sectors, municipality_progress

from . import search
from .models import OPEN_STATUSES, Action, ActionPlan, ActionStatus, CovenantSector, PolicyType

SIZES = {
    "small": (None, 15_000),
    "medium": (15_000, 50_000),
    "large": (50_000, 200_000),
    "city": (200_000, None),
}
ORDERS = ("relevance", "effect", "title")
EFFECT_DESC = F("effect_t_co2e").desc(nulls_last=True)
PAGE_SIZE = 50


@dataclass(frozen=True)
class LibraryFilter:
    q: str = ""
    sector: str = ""  # an SMHI main sector's slug
    covenant_sector: str = ""
    status: str = ""
    policy_type: str = ""
    country: str = ""
    size: str = ""
    min_effect: float | None = None
    examples: str = ""  # "" all, "se" Swedish plans only, "jrc" the JRC's examples only
    order: str = ""
    organization: int | None = None


@dataclass
class LibraryPage:
    total: int
    items: list[Action]
    page: int
    pages: int


def _inhabitants():
    """An organization's size: SCB's latest population for a Swedish place, else what its source says."""
    latest = (
        PopulationValue.objects.filter(territory=OuterRef("plan__organization__territory"))
        .order_by("-year")
        .values("value")[:1]
    )
    return Coalesce("plan__organization__inhabitants", Subquery(latest), output_field=IntegerField())


def library_actions():
    """Public actions with what a result row shows; the long texts of plans and organizations stay in the database."""
    return (
        Action.objects.filter(public=True)
        .select_related("plan", "plan__organization", "area", "sector")
        .defer("plan__note", "plan__organization__description", "plan__organization__website")
    )


def _check_filter(filters: LibraryFilter) -> None:
    """Every filter value must be one the library knows: an unknown one is named, never silently ignored."""
    checks = [
        (filters.sector, {s.slug for s in main_sectors()} if filters.sector else set(), _("a main sector")),
        (filters.covenant_sector, set(CovenantSector.values), _("a Covenant sector")),
        (filters.status, set(ActionStatus.values), _("a status of an action")),
        (filters.policy_type, set(PolicyType.values), _("a policy instrument")),
        (filters.examples, {"se", "jrc"}, "se, jrc"),
    ]
    for value, allowed, expected in checks:
        if value and value not in allowed:
            raise Invalid(_("%(value)s is not %(expected)s.") % {"value": value[:60], "expected": expected})
    if filters.country and not (len(filters.country) == 2 and filters.country.isascii() and filters.country.isalpha()):
        raise Invalid(_("%(value)s is not a two-letter country code.") % {"value": filters.country[:10]})


def library_search(filters: LibraryFilter, page: int = 1, page_size: int = PAGE_SIZE) -> LibraryPage:
    """Every public action, Swedish and European, matching the words and filters: one page of them."""
    _check_filter(filters)
    actions = library_actions()
    if filters.sector:
        actions = actions.filter(sector__slug=filters.sector)
    if filters.covenant_sector:
        actions = actions.filter(covenant_sector=filters.covenant_sector)
    if filters.status:
        actions = actions.filter(status=filters.status)
    if filters.policy_type:
        actions = actions.filter(policy_type=filters.policy_type)
    if filters.country:
        actions = actions.filter(plan__organization__country=filters.country.upper())
    if filters.organization is not None:
        actions = actions.filter(plan__organization_id=filters.organization)
    if filters.examples == "se":
        actions = actions.filter(plan__is_example=False)
    elif filters.examples == "jrc":
        actions = actions.filter(plan__is_example=True)
    if filters.min_effect is not None:
        actions = actions.filter(effect_t_co2e__gte=filters.min_effect)
    if filters.size:
        if filters.size not in SIZES:
            raise Invalid(
                _("%(value)s is not a size: %(sizes)s.") % {"value": filters.size[:20], "sizes": ", ".join(SIZES)}
            )
        low, high = SIZES[filters.size]
        actions = actions.alias(inhabitants=_inhabitants())  # in the filter only, not in every row read
        if low is not None:
            actions = actions.filter(inhabitants__gte=low)
        if high is not None:
            actions = actions.filter(inhabitants__lt=high)
    order = filters.order or ("relevance" if filters.q.strip() else "effect")
    if order not in ORDERS:
        raise Invalid(_("%(value)s is not an order: %(orders)s.") % {"value": order[:20], "orders": ", ".join(ORDERS)})
    page = max(1, page)
    offset = (page - 1) * page_size
    if filters.q.strip() and order == "relevance":
        in_query = search.ranked(actions, filters.q)
        if in_query is not None:
            actions = in_query.order_by(F("relevance").desc(), "id")
        else:
            chosen = search.ranked_ids(filters.q, within=actions, offset=offset, limit=page_size)
            found = actions.in_bulk(chosen)
            items = [found[pk] for pk in chosen if pk in found]
            total = search.count(filters.q, actions) if items or page > 1 else 0
            return LibraryPage(total, items, page, max(1, -(-total // page_size)))
    else:
        if filters.q.strip():
            actions = search.matching(actions, filters.q)
        actions = actions.order_by("title", "id") if order == "title" else actions.order_by(EFFECT_DESC, "id")
    # The total comes with the page (a window count), so one query answers both.
    items = list(actions.annotate(full_count=Window(Count("pk")))[offset : offset + page_size])
    # Past the last page (or nothing found) no row carries the total: count on its own.
    total = items[0].full_count if items else (actions.count() if page > 1 else 0)
    return LibraryPage(total, items, page, max(1, -(-total // page_size)))


def action_versions(action_ids) -> dict[int, int]:
    """Each action's newest history row id: what a workbook preview saw, to tell whether someone changed it since."""
    rows = Action.history.filter(id__in=list(action_ids)).values("id").annotate(newest=Max("history_id"))
    return {row["id"]: row["newest"] for row in rows.order_by()}


def action_detail(action_id: int, *, user=None) -> Action:
    """A public action, or an internal one for its organization's people; 404 otherwise."""
    action = (
        Action.objects.select_related("plan", "plan__organization", "plan__organization__territory", "area", "sector")
        .prefetch_related("updates", "updates__by", "targets", "indicators")
        .filter(pk=action_id)
        .first()
    )
    if action is None or not (action.public or _may_read(user, action.plan.organization_id)):
        raise NotFound(_("There is no action %(id)s.") % {"id": action_id})
    return action


def action_indicator_values(action: Action) -> list:
    """The key indicators that follow the action up, with its municipality's values where it has some."""
    indicators = list(action.indicators.all())
    territory = action.plan.organization.territory if action.plan.organization.territory_id else None
    if territory is None:
        return [TerritoryValue(indicator) for indicator in indicators]
    return territory_values(territory, indicators)


def _may_read(user, organization_id: int) -> bool:
    return user is not None and Organization.objects.readable_by(user).filter(pk=organization_id).exists()


def similar_actions(action: Action, limit: int = 5) -> list[Action]:
    """Public actions of other organizations in the same area (or sector), those sharing most words first."""
    candidates = library_actions().exclude(plan__organization_id=action.plan.organization_id)
    if action.area_id:
        candidates = candidates.filter(area_id=action.area_id)
    elif action.covenant_sector:
        candidates = candidates.filter(covenant_sector=action.covenant_sector)
    elif action.sector_id:
        candidates = candidates.filter(sector_id=action.sector_id)
    else:
        return []
    chosen = search.ranked_ids(action.title, any_word=True, within=candidates, limit=limit)
    if chosen:
        found = candidates.in_bulk(chosen)
        return [found[pk] for pk in chosen]
    return list(candidates.order_by(EFFECT_DESC, "id")[:limit])


@dataclass
class PlanSummary:
    plan: ActionPlan
    actions: list[Action]
    by_sector: list[tuple[str, str, list[Action]]]  # (key for links, name, actions), by name
    counts: dict[str, int]
    completed_percent: float | None
    overdue: list[Action]
    effect: float


def plan_detail(plan_id: int, *, user=None, today: dt.date | None = None) -> PlanSummary:
    plan = (
        ActionPlan.objects.select_related("organization", "organization__territory")
        .prefetch_related("targets", "networks")
        .filter(pk=plan_id)
        .first()
    )
    if plan is None:
        raise NotFound(_("There is no action plan %(id)s.") % {"id": plan_id})
    today = today or dt.date.today()
    actions = plan.actions.select_related("sector", "area").order_by("sector__position", "title", "id")
    if not _may_read(user, plan.organization_id):
        actions = actions.filter(public=True)
    actions = list(actions)
    by_sector: dict[tuple[str, str], list[Action]] = {}
    for action in actions:
        if action.sector:
            key = (action.sector.slug, action.sector.display_name)
        elif action.area:
            key = (action.area.code.lower(), action.area.display_name)
        else:
            key = ("ovrigt", _("Other"))
        by_sector.setdefault(key, []).append(action)
    counts = {status: sum(1 for a in actions if a.status == status) for status in ActionStatus.values}
    overdue = []
    for action in actions:  # a flag on each, so the page needs no search of the list per row
        action.is_overdue = action.overdue_on(today)
        if action.is_overdue:
            overdue.append(action)
    return PlanSummary(
        plan=plan,
        actions=actions,
        by_sector=[(slug, name, group) for (slug, name), group in sorted(by_sector.items(), key=lambda i: i[0][1])],
        counts=counts,
        completed_percent=(100 * counts[ActionStatus.COMPLETED] / len(actions)) if actions else None,
        overdue=overdue,
        effect=sum(a.effect_t_co2e or 0 for a in actions if a.status != ActionStatus.CANCELLED),
    )


def plans_of(organization: Organization) -> list[ActionPlan]:
    """The organization's plans, newest first, each with `action_count` (its public actions)."""
    return list(
        organization.action_plans.annotate(action_count=Count("actions", filter=Q(actions__public=True))).order_by(
            F("adopted_year").desc(nulls_last=True), "title", "pk"
        )
    )


def with_status_counts(plans: list[ActionPlan]) -> list[ActionPlan]:
    """The plans, each given `status_counts`: (status, its name, how many) of its public actions, in the order of
    ActionStatus, leaving out statuses no action has. One query for all the plans, none without plans."""
    if not plans:
        return plans
    counts: dict[int, dict[str, int]] = {}
    rows = (
        Action.objects.filter(plan__in=plans, public=True)
        .values("plan_id", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts.setdefault(row["plan_id"], {})[row["status"]] = row["count"]
    for plan in plans:
        found = counts.get(plan.pk, {})
        plan.status_counts = [(status.value, status.label, found[status]) for status in ActionStatus if status in found]
    return plans


def plans_of_municipality(code: str) -> tuple[Organization, list[ActionPlan]]:
    organization = municipal_authority_or_404(code)
    return organization, plans_of(organization)


def library_countries() -> list[str]:
    """The countries of the organizations with action plans, Sweden first (from the 600 plans, not every action)."""
    codes = set(ActionPlan.objects.order_by().values_list("organization__country", flat=True).distinct())
    return sorted(codes, key=lambda code: (code != "SE", code))


def example_counts() -> dict[str, int]:
    """The JRC data brief's reported actions, their signatories, and the Swedish municipalities among them."""
    examples = ActionPlan.objects.filter(is_example=True, actions__public=True).order_by()
    swedish = Q(organization__country="SE", organization__kind=OrganizationKind.MUNICIPALITY)
    return examples.aggregate(
        actions=Count("actions"),
        signatories=Count("organization", distinct=True),
        swedish=Count("organization", filter=swedish, distinct=True),
    )


def member_plans(organization_ids, *, today: dt.date | None = None) -> dict[int, ActionPlan]:
    """Each organization's current plan (the newest adopted, else the survey's 'no plan found', else a draft).

    Annotated with `action_count`, `completed_count` and `overdue_count`; one query for all of them.
    """

    today = today or dt.date.today()
    plans = (
        ActionPlan.objects.filter(organization_id__in=organization_ids, is_example=False)
        .exclude(status="replaced")
        .annotate(
            action_count=Count("actions", distinct=True),
            completed_count=Count("actions", filter=Q(actions__status=ActionStatus.COMPLETED), distinct=True),
            overdue_count=Count(
                "actions", filter=Q(actions__end__lt=today, actions__status__in=OPEN_STATUSES), distinct=True
            ),
        )
        .order_by("organization_id", F("adopted_year").desc(nulls_last=True), "-id")
    )
    preference = {"adopted": 0, "not_found": 1, "draft": 2}
    chosen: dict[int, ActionPlan] = {}
    for plan in plans:
        best = chosen.get(plan.organization_id)
        if best is None or preference[plan.status] < preference[best.status]:
            chosen[plan.organization_id] = plan
    for plan in chosen.values():
        plan.completed_percent = 100 * plan.completed_count / plan.action_count if plan.action_count else None
    return chosen


@dataclass(frozen=True)
class TargetGap:
    """How far a municipality's trend falls short of a target, and how much of that the plan's actions close."""

    target: str
    target_year: int
    level: float  # the target's emissions level, t CO2e
    trend_value: float  # the trend's emissions in the target year, t CO2e
    gap: float  # trend minus level; 0 when the trend reaches the target
    effect: float  # the plan's expected effect, t CO2e a year
    covered_percent: float | None  # effect / gap, None when there is no gap


def plan_gaps(summary: PlanSummary) -> list[TargetGap]:
    """For a municipality's plan: each total-emissions target still ahead, against the plan's expected effect."""

    territory = summary.plan.organization.territory
    if summary.plan.is_example or territory is None or territory.kind != TerritoryKind.MUNICIPALITY:
        return []
    # The targets' levels and the trend change only with the data: cached under the data generation.
    key = data_key("plan-gaps", territory.code)
    levels = cache.get(key)
    if levels is None:
        try:
            progress = municipality_progress(territory.code)
        except DomainError:
            return []
        levels = [
            (target.name, target.target_year, target.level, target.value_in_target_year)
            for target in progress.targets
            if not target.sectors
            and not target.deadline_passed
            and target.level is not None
            and target.value_in_target_year is not None
        ]
        cache.set(key, levels, TIMEOUT)
    gaps = []
    for name, year, level, trend_value in levels:
        gap = max(0.0, trend_value - level)
        gaps.append(
            TargetGap(
                target=name,
                target_year=year,
                level=level,
                trend_value=trend_value,
                gap=gap,
                effect=summary.effect,
                covered_percent=ratio(summary.effect, gap, 100) if gap > 0 else None,  # None, never inf
            )
        )
    return gaps


def networks_open_to(organization) -> QuerySet:
    """The ids of the networks a plan of this organization may be reported to: those it is a member of now.

    Read through the organization's own memberships (the reverse relation): networks builds on actions, whose
    criteria read plans, so actions imports nothing from it.
    """
    return organization.memberships.in_force().values("network_id")


def plan_targets(organization):
    """The targets a plan of this organization can serve: its own, Sweden's and those of the commitments it holds."""

    held = Q(commitment__in=held_commitments(organization.pk))
    owners = Q(organization=organization) | Q(organization__kind=OrganizationKind.STATE) | held
    return Target.objects.filter(owners, published=True).distinct().order_by("target_year", "name")
