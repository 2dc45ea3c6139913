"""The public pages: the action library, one action with similar ones elsewhere, and one action plan."""

import datetime as dt
from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.core.errors import Invalid
from samverkan.core.formatting import format_number
from samverkan.core.validation import whole_number
from samverkan.emissions.models import Sector
from samverkan.emissions.queries import RESIDUAL_SLUG
from samverkan.places.models import Organization

from .. import queries
from ..forms import StatusUpdateForm
from ..models import ActionStatus, CovenantSector, PolicyType


def _number(value: str, name: str) -> float | None:
    value = (value or "").strip().replace(",", ".").replace("\xa0", "").replace(" ", "")
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise Invalid(_("%(field)s: %(value)s is not a number.") % {"field": name, "value": value[:20]}) from None
    if number < 0:
        raise Invalid(_("%(field)s: %(value)s is negative.") % {"field": name, "value": value[:20]})
    return number


def library(request):
    """Every public action, Swedish and European: words, filters, sorting, a page of 50 at a time."""
    get = request.GET
    filters = queries.LibraryFilter(
        q=get.get("q", "")[:200],
        sector=get.get("sektor", "")[:40],
        covenant_sector=get.get("omrade", "")[:60],
        status=get.get("status", "")[:20],
        policy_type=get.get("styrmedel", "")[:60],
        country=get.get("land", "")[:2],
        size=get.get("storlek", "")[:10],
        min_effect=_number(get.get("minsta_effekt", ""), _("Smallest effect")),
        examples=get.get("urval", "")[:3],
        order=get.get("sortera", "")[:20],
    )
    page = queries.library_search(filters, page=whole_number(get.get("sida", ""), largest=10_000) or 1)
    arguments = get.copy()
    arguments.pop("sida", None)
    return render(
        request,
        "actions/library.html",
        {
            "filters": filters,
            "result": page,
            "rows": _library_rows(page.items),
            "query_string": arguments.urlencode(),
            "sectors": Sector.objects.filter(parent=None).exclude(slug=RESIDUAL_SLUG).order_by("position"),
            "covenant_sectors": CovenantSector.choices,
            "statuses": ActionStatus.choices,
            "policy_types": PolicyType.choices,
            "sizes": [
                ("small", _("under 15 000 inhabitants")),
                ("medium", _("15 000 to 50 000")),
                ("large", _("50 000 to 200 000")),
                ("city", _("200 000 or more")),
            ],
            "countries": queries.library_countries(),
            "examples": queries.example_counts(),
        },
    )


def _library_rows(actions) -> list[dict]:
    """Result rows with their text ready (as for a plan): the page's time goes to the search, not the template."""
    labels = dict(ActionStatus.choices)
    action_prefix = reverse("actions:detail", args=[0]).removesuffix("0/")
    plan_prefix = reverse("actions:plan", args=[0]).removesuffix("0/")
    rows = []
    for a in actions:
        if a.area_id:
            sector = a.area.display_name
        elif a.sector_id:
            sector = a.sector.display_name
        else:
            sector = a.get_covenant_sector_display() or "–"
        rows.append(
            {
                "url": f"{action_prefix}{a.pk}/",
                "title": a.title,
                "example": a.plan.is_example,
                "lang": a.plan.text_lang,
                "plan_url": f"{plan_prefix}{a.plan_id}/",
                "organization": a.plan.organization.name,
                "country": a.plan.organization.country,
                "sector": sector,
                "status": labels.get(a.status, a.status),
                "effect": format_number(a.effect_t_co2e, 0),
            }
        )
    return rows


def may_edit_plans(user, organization_id: int) -> bool:
    return Organization.objects.editable_by(user).filter(pk=organization_id).exists()


def action_detail(request, pk: int):
    action = queries.action_detail(pk, user=request.user)
    may_edit = not action.plan.is_example and may_edit_plans(request.user, action.plan.organization_id)
    return render(
        request,
        "actions/action_detail.html",
        {
            "action": action,
            "similar": queries.similar_actions(action),
            "indicator_values": queries.action_indicator_values(action),
            "may_edit": may_edit,
            "update_form": StatusUpdateForm(initial={"date": dt.date.today(), "status": action.status})
            if may_edit
            else None,
        },
    )


FOLD_AFTER = 60


def plan_detail(request, pk: int):
    summary = queries.plan_detail(pk, user=request.user)
    chosen = PlanView.from_query(request.GET, summary)
    sections = _plan_sections(summary, chosen)
    shown = sum(len(section["rows"]) for section in sections)
    return render(
        request,
        "actions/plan_detail.html",
        {
            "summary": summary,
            "plan": summary.plan,
            "sections": sections,
            "chosen": chosen,
            "statuses": ActionStatus.choices,
            "shown": shown,
            "folded": chosen.is_everything and shown > FOLD_AFTER,
            "gaps": queries.plan_gaps(summary) if summary.actions else [],
            "may_edit": not summary.plan.is_example and may_edit_plans(request.user, summary.plan.organization_id),
        },
    )


@dataclass(frozen=True)
class PlanView:
    """Which of a plan's actions its page lists: one sector, one status, the overdue only (all by default)."""

    sector: str = ""
    status: str = ""
    overdue_only: bool = False

    @property
    def is_everything(self) -> bool:
        return not (self.sector or self.status or self.overdue_only)

    @classmethod
    def from_query(cls, get, summary) -> "PlanView":
        sector, status = get.get("sektor", "")[:90], get.get("status", "")[:20]
        if sector and sector not in {slug for slug, _name, _actions in summary.by_sector}:
            raise Invalid(_("The plan has no actions in the sector %(sector)s.") % {"sector": sector})
        if status and status not in ActionStatus.values:
            raise Invalid(_("%(value)s is not a status of an action.") % {"value": status})
        return cls(sector, status, get.get("forsenade") == "1")


def _plan_sections(summary, chosen: PlanView) -> list[dict]:
    """Each sector's figures (for the overview) and the rows the page lists, their text ready: a plan of
    300 actions renders in a fraction of the time."""
    labels = dict(ActionStatus.choices)
    prefix = reverse("actions:detail", args=[0]).removesuffix("0/")
    sections = []
    for slug, name, actions in summary.by_sector:
        completed = sum(1 for a in actions if a.status == ActionStatus.COMPLETED)
        listed = [
            a
            for a in actions
            if (not chosen.sector or slug == chosen.sector)
            and (not chosen.status or a.status == chosen.status)
            and (not chosen.overdue_only or a.is_overdue)
        ]
        sections.append(
            {
                "slug": slug,
                "name": name,
                "count": len(actions),
                "completed_percent": 100 * completed / len(actions),
                "overdue": sum(1 for a in actions if a.is_overdue),
                "effect": sum(a.effect_t_co2e or 0 for a in actions if a.status != ActionStatus.CANCELLED),
                "rows": [row_cells(a, labels, prefix) for a in listed],
            }
        )
    return sections


def row_cells(action, labels: dict, prefix: str) -> dict:
    return {
        "pk": action.pk,
        "url": f"{prefix}{action.pk}/",
        "title": action.title,
        "status": labels.get(action.status, action.status),
        "completion": "–" if action.completion is None else str(action.completion),
        "end": action.end.isoformat() if action.end else "–",
        "effect": format_number(action.effect_t_co2e, 0),
        "overdue": getattr(action, "is_overdue", False),
    }
