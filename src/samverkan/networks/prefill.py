"""The self-assessment's starting point: what the platform already holds about an organization, as suggested answers.

Each question may say what answers it (`AssessmentQuestion.evidence`). A suggestion is "yes" only where the platform
holds the evidence, and names it; "no" only where a source says there is none (a survey that found no plan); otherwise
there is no suggestion and the answer is the editor's own. The editor confirms or changes every suggestion, and the
answers keep what was suggested and from where.
"""

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samverkan.actions.models import Action, ActionPlan, PlanStatus, StatusUpdate
from samverkan.actions.search import matching
from samverkan.core.errors import NotFound
from samverkan.emissions.models import EmissionValue
from samverkan.emissions.queries import resolve_release
from samverkan.places.models import Organization, TerritoryKind
from samverkan.targets.models import Target
from samverkan.targets.queries import held_commitments

from .models import AssessmentQuestion, Evidence

# How recent a status update must be for the plan to count as followed up.
FOLLOW_UP_DAYS = 365
# At most this many of the plan's actions are named in a suggestion's source.
NAMED_ACTIONS = 3


@dataclass(frozen=True)
class Suggestion:
    answer: bool | None  # None: the platform holds nothing that answers the question
    source: str  # where the suggestion came from, or why there is none, in words
    url: str = ""


class _Holdings:
    """The organization's records, each read once however many questions use it."""

    def __init__(self, organization: Organization, today: dt.date):
        self.organization = organization
        self.today = today
        self._plans: list[ActionPlan] | None = None

    @property
    def plans(self) -> list[ActionPlan]:
        if self._plans is None:
            self._plans = list(
                ActionPlan.objects.filter(organization=self.organization, is_example=False).order_by(
                    "-adopted_year", "title"
                )
            )
        return self._plans

    @property
    def plan_actions(self):
        """The actions of its own plans and those it reported to the Covenant of Mayors (the JRC's data brief)."""
        return Action.objects.filter(plan__organization=self.organization)


def _inventory(held: _Holdings) -> Suggestion:
    territory = held.organization.territory
    if territory is None or territory.kind not in (TerritoryKind.MUNICIPALITY, TerritoryKind.COUNTY):
        return Suggestion(None, _("The organization is not tied to a municipality or county."))
    try:
        release, _summary = resolve_release(None)
    except NotFound:
        return Suggestion(None, _("Samverkan holds no emission inventory yet."))
    if not EmissionValue.objects.filter(release=release, territory=territory).exists():
        return Suggestion(None, _("Samverkan holds no emission inventory for this place."))
    name = "site:municipality_detail" if territory.kind == TerritoryKind.MUNICIPALITY else "site:county_detail"
    return Suggestion(
        True,
        _(
            "The official inventory (%(release)s) covers %(place)s up to %(year)s. "
            "Answer yes if the council has decided to follow it continuously."
        )
        % {"release": release.display_label, "place": territory.name, "year": release.last_year},
        reverse(name, args=[territory.code]),
    )


def _targets(held: _Holdings) -> Suggestion:
    organization = held.organization
    own = list(Target.objects.filter(organization=organization, published=True).order_by("target_year", "name"))
    url = reverse("site:organization_detail", args=[organization.pk])
    if own:
        names = "; ".join(f"{t.display_name} ({t.target_year})" for t in own[:NAMED_ACTIONS])
        return Suggestion(
            True,
            ngettext(
                "Samverkan holds %(count)s published target of the organization: %(names)s.",
                "Samverkan holds %(count)s published targets of the organization: %(names)s.",
                len(own),
            )
            % {"count": len(own), "names": names},
            url,
        )
    commitments = list(held_commitments(organization.pk).filter(targets__published=True).distinct().order_by("pk"))
    if commitments:
        return Suggestion(
            True,
            _("The organization has taken the targets of %(names)s.")
            % {"names": ", ".join(str(c) for c in commitments)},
            url,
        )
    return Suggestion(None, _("No emission target of the organization is recorded in Samverkan."))


def _plan(held: _Holdings) -> Suggestion:
    adopted = [p for p in held.plans if p.status == PlanStatus.ADOPTED]
    if adopted:
        plan = adopted[0]
        if plan.adopted_year:
            text = _("%(title)s, adopted %(year)s.") % {"title": plan.title, "year": plan.adopted_year}
        else:
            text = _("%(title)s, adopted.") % {"title": plan.title}
        return Suggestion(True, text, reverse("actions:plan", args=[plan.pk]))
    survey = next((p for p in held.plans if p.status == PlanStatus.NOT_FOUND), None)
    if survey is not None:
        return Suggestion(
            False,
            _("%(source)s found no adopted climate plan.") % {"source": survey.source or _("A survey")},
            survey.source_url,
        )
    return Suggestion(None, _("No action plan of the organization is recorded in Samverkan."))


def _follow_up(held: _Holdings) -> Suggestion:
    since = held.today - dt.timedelta(days=FOLLOW_UP_DAYS)
    updates = StatusUpdate.objects.filter(action__in=held.plan_actions, date__gte=since)
    count = updates.count()
    if count:
        actions = updates.values("action").distinct().count()
        latest = updates.order_by("-date").values_list("date", flat=True).first()
        return Suggestion(
            True,
            ngettext(
                "%(count)s update of the plan's actions since %(since)s (%(actions)s actions; latest %(latest)s).",
                "%(count)s updates of the plan's actions since %(since)s (%(actions)s actions; latest %(latest)s).",
                count,
            )
            % {
                "count": count,
                "since": date_format(since),
                "actions": actions,
                "latest": date_format(latest),
            },
            _plan_url(held),
        )
    return Suggestion(
        None, _("No follow-up of the plan's actions is recorded in Samverkan for the last twelve months.")
    )


def _plan_url(held: _Holdings) -> str:
    plan = next((p for p in held.plans if p.status == PlanStatus.ADOPTED), None)
    return reverse("actions:plan", args=[plan.pk]) if plan else ""


def _on_subject(held: _Holdings, terms: str) -> Suggestion:
    queries = [query.strip() for query in terms.split("|") if query.strip()]
    found = Action.objects.none()
    for query in queries:  # alternatives: an action matching any of them counts
        found = found | matching(held.plan_actions, query)
    found = found.select_related("plan").order_by("plan__is_example", "title")  # its own plan's first
    count = found.count()
    if not count:
        return Suggestion(
            None,
            _("No action of the organization's plans or reported actions in Samverkan matches %(terms)s.")
            % {"terms": ", ".join(_("“%(words)s”") % {"words": q} for q in queries)},
        )
    named = list(found[:NAMED_ACTIONS])
    return Suggestion(
        True,
        ngettext(
            "%(count)s action of the organization's plans or reported actions is on this: %(titles)s.",
            "%(count)s actions of the organization's plans or reported actions are on this, among them: %(titles)s.",
            count,
        )
        % {"count": count, "titles": "; ".join(a.title for a in named)},
        reverse("actions:plan", args=[named[0].plan_id]),
    )


def suggestions(
    organization: Organization, questions: list[AssessmentQuestion], *, today: dt.date | None = None
) -> dict[int, Suggestion]:
    """{question id: Suggestion} for every question: what the platform holds, or why it holds nothing."""
    held = _Holdings(organization, today or dt.date.today())
    found: dict[int, Suggestion] = {}
    by_kind: dict[str, Suggestion] = {}
    for question in questions:
        kind = question.evidence
        if kind == Evidence.PLAN_ACTIONS:
            found[question.pk] = _on_subject(held, question.evidence_terms)
            continue
        if kind not in by_kind:
            reader = {
                Evidence.INVENTORY: _inventory,
                Evidence.TARGETS: _targets,
                Evidence.PLAN: _plan,
                Evidence.PLAN_FOLLOW_UP: _follow_up,
            }.get(kind)
            by_kind[kind] = (
                reader(held)
                if reader
                else Suggestion(None, _("Samverkan holds nothing on this: the answer is the organization's own."))
            )
        found[question.pk] = by_kind[kind]
    return found
