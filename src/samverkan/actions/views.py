"""Pages: the action library, one action with similar ones elsewhere, and one action plan."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.core.errors import Invalid
from samverkan.core.formatting import format_number
from samverkan.emissions.models import Sector
from samverkan.emissions.queries import RESIDUAL_SLUG

from . import queries
from .models import ActionStatus, CovenantSector, PolicyType


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
    page_number = get.get("sida", "1")
    page = queries.library_search(filters, page=int(page_number) if page_number.isdigit() else 1)
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
                "plan_url": f"{plan_prefix}{a.plan_id}/",
                "organization": a.plan.organization.name,
                "country": a.plan.organization.country,
                "sector": sector,
                "status": labels.get(a.status, a.status),
                "effect": format_number(a.effect_t_co2e, 0),
            }
        )
    return rows


def action_detail(request, pk: int):
    action = queries.action_detail(pk, user=request.user)
    return render(
        request,
        "actions/action_detail.html",
        {"action": action, "similar": queries.similar_actions(action)},
    )


def plan_detail(request, pk: int):
    summary = queries.plan_detail(pk, user=request.user)
    return render(
        request,
        "actions/plan_detail.html",
        {"summary": summary, "plan": summary.plan, "sections": _plan_rows(summary)},
    )


def _plan_rows(summary) -> list[tuple[str, list[dict]]]:
    """The plan's table rows with their text ready: a plan of 300 actions renders in a fraction of the time."""
    labels = dict(ActionStatus.choices)
    prefix = reverse("actions:detail", args=[0]).removesuffix("0/")
    return [
        (
            sector,
            [
                {
                    "url": f"{prefix}{a.pk}/",
                    "title": a.title,
                    "status": labels.get(a.status, a.status),
                    "completion": "–" if a.completion is None else str(a.completion),
                    "end": a.end.isoformat() if a.end else "–",
                    "effect": format_number(a.effect_t_co2e, 0),
                    "overdue": a.is_overdue,
                }
                for a in actions
            ],
        )
        for sector, actions in summary.by_sector
    ]
