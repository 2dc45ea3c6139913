"""Klimatkommunerna's annual report: the association's four membership requirements, each a section.

The requirements (seed 002): to inventory greenhouse-gas emissions continuously, to set targets for them, to have
an action plan and carry out measures, and to inform the association about the work. Each section holds what the
platform has (the official inventory and its trend, the targets with the progress engine's status, the plans with
their actions) and the member's own text; each yes/no item carries a rationale.
"""

from django.utils.translation import gettext as _

from samverkan.actions.models import ActionStatus, PlanStatus

from . import Framework, register
from .common import (
    Basis,
    action_columns,
    action_row,
    basis,
    content,
    inventory_table,
    item,
    own_text,
    plan_source,
    section,
    source,
    table,
    target_table,
)

SLUG = "klimatkommunerna-annual"
NETWORK = "klimatkommunerna"
# The inventory counts as continuous when its latest year is at most this many years before the report's year
# (the association's membership criterion "inventory_recent" uses three years).
RECENT_YEARS = 3


def _inventory_section(b: Basis) -> dict:
    found, src = b.inventory, b.emission_source()
    year = b.year
    if found is None or not found.years:
        recent, reason = False, _("Samverkan holds no official inventory for the organization.")
    else:
        recent = year - found.latest_year < RECENT_YEARS
        reason = _("Samverkan holds the official inventory %(first)s–%(last)s (%(release)s).") % {
            "first": found.years[0],
            "last": found.latest_year,
            "release": found.release.label,
        }
    items = [
        item(
            "inventory-continuous",
            _("Does the organization inventory its greenhouse-gas emissions continuously?"),
            "yesno",
            recent,
            mandatory=True,
            editable=True,
            source=src,
            rationale=reason,
        )
    ]
    if found is not None and found.years:
        progress = b.progress()
        trend = progress.total if progress else None
        items += [
            item(
                "inventory-total",
                _("Total emissions %(year)s (%(unit)s)") % {"year": year, "unit": found.release.unit},
                "number",
                found.total.get(year),
                mandatory=True,
                source=src,
            ),
            item(
                "inventory-per-inhabitant",
                _("Per inhabitant %(year)s (%(unit)s)") % {"year": year, "unit": found.release.unit},
                "number",
                found.per_capita.get(year),
                source=src,
            ),
            item(
                "inventory-change-1990",
                _("Change since 1990 (%)"),
                "number",
                found.change_since(1990),
                source=src,
            ),
            item(
                "inventory-change-2015",
                _("Change since 2015 (%)"),
                "number",
                found.change_since(2015),
                source=src,
            ),
            item(
                "inventory-by-sector",
                _("Emissions by sector and year"),
                "table",
                inventory_table(found),
                source=src,
            ),
        ]
        if trend is not None:
            items += [
                item(
                    "trend-annual-change",
                    _("Trend: change a year, in per cent of the last year's emissions"),
                    "number",
                    trend.annual_change_percent,
                    source=src,
                ),
                item(
                    "trend-historical-change",
                    _("Average yearly change since 2015 (%)"),
                    "number",
                    trend.historical_change_percent,
                    source=src,
                ),
                item(
                    "trend-net-zero-year", _("Net zero on the trend (year)"), "number", trend.net_zero_year, source=src
                ),
            ]
    items.append(own_text("inventory-comment", _("How the organization follows up its emissions")))
    return section("inventory", _("Inventory of greenhouse-gas emissions"), items)


def _targets_section(b: Basis) -> dict:
    progress = b.progress()
    results = progress.targets if progress else []
    own = [t for t in results if t.owner_kind == "organization"]
    src = b.emission_source()
    reason = (
        _("Samverkan holds %(count)s targets set by the organization: %(names)s.")
        % {"count": len(own), "names": "; ".join(t.name for t in own)}
        if own
        else _("Samverkan holds no target set by the organization.")
    )
    return section(
        "targets",
        _("Targets for the emissions"),
        [
            item(
                "targets-set",
                _("Has the organization set targets for its emissions?"),
                "yesno",
                bool(own),
                mandatory=True,
                editable=True,
                source=src,
                rationale=reason,
            ),
            item(
                "targets",
                _("The targets and their status (the progress engine, on the official inventory)"),
                "table",
                target_table(progress),
                source=src,
            ),
            own_text("targets-comment", _("Comments on the targets")),
        ],
    )


def _plan_section(b: Basis) -> dict:
    plans = b.plans()
    adopted = [p for p in plans if p.plan.status == PlanStatus.ADOPTED]
    reason = (
        _("Samverkan holds the adopted plan %(titles)s.") % {"titles": "; ".join(p.plan.title for p in adopted)}
        if adopted
        else _("Samverkan holds no adopted action plan for the organization.")
    )
    items = [
        item(
            "plan-adopted",
            _("Does the organization have an action plan to cut its emissions?"),
            "yesno",
            bool(adopted),
            mandatory=True,
            editable=True,
            source=plan_source(adopted[0]) if adopted else None,
            rationale=reason,
        )
    ]
    carried = sum(p.counts.get(ActionStatus.COMPLETED, 0) + p.counts.get(ActionStatus.ONGOING, 0) for p in plans)
    items.append(
        item(
            "actions-carried-out",
            _("Are measures being carried out?"),
            "yesno",
            carried > 0,
            mandatory=True,
            editable=True,
            source=plan_source(plans[0]) if plans else None,
            rationale=_("%(count)s actions in the plans are completed or ongoing.") % {"count": carried},
        )
    )
    for summary in plans:
        plan, key = summary.plan, f"plan-{summary.plan.pk}"
        src = plan_source(summary)
        period = f"{plan.period_from or ''}–{plan.period_to or ''}".strip("–")
        items += [
            item(f"{key}-title", _("Plan"), "text", f"{plan.title} ({period})" if period else plan.title, source=src),
            item(f"{key}-status", _("Plan status"), "text", plan.get_status_display(), source=src),
            item(f"{key}-actions", _("Actions"), "number", len(summary.actions), source=src),
            item(f"{key}-completed", _("Completed actions (%)"), "number", summary.completed_percent, source=src),
            item(f"{key}-overdue", _("Overdue actions"), "number", len(summary.overdue), source=src),
            item(
                f"{key}-effect",
                _("Estimated effect of the actions not cancelled (t CO2e a year)"),
                "number",
                summary.effect,
                source=src,
            ),
            item(
                f"{key}-action-list",
                _("The plan's actions"),
                "table",
                table(action_columns(), [action_row(a) for a in summary.actions]),
                source=src,
            ),
        ]
    items.append(own_text("plan-comment", _("The most important measures carried out this year"), mandatory=True))
    return section("action-plan", _("Action plan and measures carried out"), items)


def _information_section(b: Basis) -> dict:
    memberships = b.memberships(NETWORK)
    since = next((m.since for m in memberships if m.since), None)
    items = []
    if memberships:
        items.append(
            item(
                "member-since",
                _("Member since"),
                "date",
                since.isoformat() if since else None,
                source=source(memberships[0].source or _("Samverkan: the organization's memberships")),
            )
        )
    items += [
        item(
            "informs-association",
            _("Has the organization informed the association about its climate work this year?"),
            "yesno",
            None,
            mandatory=True,
            editable=True,
            rationale="",
        ),
        own_text("information-channels", _("How and when the organization informed the association"), mandatory=True),
        own_text("contact-role", _("Contact for the climate work (role, not a person's name)")),
    ]
    return section("information", _("Information to the association"), items)


def fill(organization, *, year: int | None = None, release: str | None = None) -> dict:
    b = basis(organization, year=year, release=release)
    sections = [_inventory_section(b), _targets_section(b), _plan_section(b), _information_section(b)]
    return content(FRAMEWORK, b, sections)


FRAMEWORK = register(
    Framework(
        slug=SLUG,
        name="Klimatkommunernas årsrapport",
        name_en="Klimatkommunerna's annual report",
        version=1,
        networks=(NETWORK,),
        fill=fill,
    )
)
